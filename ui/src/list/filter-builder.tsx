// The filter panel: rows of field + operator + value, applied together (AND) to the list as json-logic.
import { useEffect, useState } from 'react';
import { Button, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { ConditionValue } from './condition-value';
import { operatorsFor, type Condition } from './filter-logic';

interface Props {
  fields: FieldMeta[];
  conditions: Condition[];
  onApply(conditions: Condition[]): void;
}

let counter = 0;
const newId = () => `c${Date.now().toString(36)}${counter++}`;

export function FilterBuilder({ fields, conditions, onApply }: Props) {
  const { t, label } = useI18n();
  const [rows, setRows] = useState<Condition[]>(conditions);
  useEffect(() => setRows(conditions.length ? conditions : []), [conditions]);
  // Business fields first: they are what people filter by; system fields (created, owner…) follow.
  const filterable = [...fields.filter((f) => !f.system), ...fields.filter((f) => f.system)].filter((f) => operatorsFor(f).length > 0);
  const byName = new Map(filterable.map((f) => [f.name, f]));

  const add = () => {
    const field = filterable[0];
    if (field) setRows((r) => [...r, { id: newId(), field: field.name, op: operatorsFor(field)[0]! }]);
  };
  const patch = (id: string, p: Partial<Condition>) => setRows((r) => r.map((c) => (c.id === id ? { ...c, ...p } : c)));

  return (
    <div className="filter-builder" data-testid="filter-builder">
      {rows.map((c) => {
        const field = byName.get(c.field);
        return (
          <div className="filter-row" key={c.id}>
            <Select
              className="filter-field"
              aria-label={t('filter.field')}
              value={c.field}
              showSearch={{ optionFilterProp: 'label' }}
              options={filterable.map((f) => ({ value: f.name, label: label(f.labels, f.name) }))}
              onChange={(name: string) => {
                const f = byName.get(name)!;
                patch(c.id, { field: name, op: operatorsFor(f)[0]!, value: undefined, value2: undefined });
              }}
            />
            <Select
              className="filter-op"
              aria-label={t('filter.operator')}
              value={c.op}
              options={(field ? operatorsFor(field) : []).map((op) => ({ value: op, label: t(`filter.op.${op}`) }))}
              onChange={(op) => patch(c.id, { op, value: op === 'between' || c.op === 'between' ? undefined : c.value, value2: undefined })}
            />
            {field && <ConditionValue field={field} condition={c} onChange={(p) => patch(c.id, p)} />}
            <Button type="text" icon={<DeleteOutlined />} aria-label={t('filter.remove')} onClick={() => setRows((r) => r.filter((x) => x.id !== c.id))} />
          </div>
        );
      })}
      <Space className="filter-actions">
        <Button icon={<PlusOutlined />} onClick={add}>
          {t('filter.add')}
        </Button>
        <Button type="primary" onClick={() => onApply(rows)} data-testid="filter-apply">
          {t('filter.apply')}
        </Button>
        <Button
          onClick={() => {
            setRows([]);
            onApply([]);
          }}
        >
          {t('filter.clear')}
        </Button>
      </Space>
    </div>
  );
}
