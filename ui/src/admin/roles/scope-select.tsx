// One cell of the permission matrix: which records an action reaches (none, 本人 … 全部, or a condition).
import { useState } from 'react';
import { Button, Select, Space, Tooltip } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { NAMED_SCOPES, type Scope } from '../../api/roles-api';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh-CN';
import { ConditionBuilder } from './condition-builder';

interface Props {
  entity: string;
  value: Scope | undefined;
  onChange(value: Scope | undefined): void;
  /** The server's refusal of this right, shown at the cell. */
  problem?: string;
  testId: string;
}

const keyOf = (scope: Scope | undefined): string => (scope === undefined || scope === false ? 'none' : scope === true ? 'all' : typeof scope === 'object' ? 'condition' : scope);

export function ScopeSelect({ entity, value, onChange, problem, testId }: Props) {
  const { t } = useI18n();
  const [building, setBuilding] = useState(false);
  const current = keyOf(value);
  const pick = (key: string) => {
    if (key === 'none') onChange(undefined);
    else if (key === 'condition') setBuilding(true);
    else onChange(key as Scope);
  };
  const options = ['none', ...NAMED_SCOPES, 'condition'].map((k) => ({ value: k, label: t(`role.scope.${k}` as MessageKey) }));
  const select = (
    <Select size="small" style={{ width: 118 }} value={current} onChange={pick} options={options} status={problem ? 'error' : undefined} data-testid={testId} popupMatchSelectWidth={false} />
  );
  return (
    <Space size={2} wrap>
      {select}
      {current === 'condition' && (
        <Tooltip title={t('role.condition.edit')}>
          <Button size="small" type="text" icon={<FilterOutlined />} onClick={() => setBuilding(true)} aria-label={t('role.condition.edit')} />
        </Tooltip>
      )}
      {problem && <div className="role-cell-problem" data-testid={`${testId}-problem`}>{problem}</div>}
      {building && (
        <ConditionBuilder
          entity={entity}
          condition={typeof value === 'object' ? value.condition : undefined}
          onClose={() => setBuilding(false)}
          onSave={(condition) => {
            onChange({ condition });
            setBuilding(false);
          }}
        />
      )}
    </Space>
  );
}
