// A condition of a flow (a transition's guard, an approval step's "when"): rows of field + operator + value over
// the flow's entity, all of which must hold, built with the list filter's pieces. Empty means "always".
import { useEffect, useMemo, useState } from 'react';
import { Button, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { ConditionValue } from '../list/condition-value';
import { combineFilter, operatorsFor, type Condition } from '../list/filter-logic';
import { conditionsOf, newConditionId } from './flow-condition-logic';

interface Props {
  fields: FieldMeta[];
  value: unknown;
  onChange(logic: unknown): void;
  testId?: string;
}

export function FlowCondition({ fields, value, onChange, testId }: Props) {
  const { t, label } = useI18n();
  const usable = useMemo(() => fields.filter((f) => operatorsFor(f).length > 0), [fields]);
  const byName = useMemo(() => new Map(usable.map((f) => [f.name, f])), [usable]);
  const parsed = useMemo(() => conditionsOf(value), [value]);
  const [rows, setRows] = useState<Condition[]>(parsed ?? []);
  // A new value from outside (another step selected) replaces the rows; our own edits come back equal.
  useEffect(() => {
    if (parsed && JSON.stringify(combineFilter(parsed, byName)) !== JSON.stringify(combineFilter(rows, byName))) setRows(parsed);
  }, [parsed]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!parsed && value !== undefined) {
    return (
      <div data-testid={testId}>
        <Typography.Text type="secondary">{t('flows.condition.advanced')}</Typography.Text>
        <Typography.Paragraph code className="flow-condition-json">
          {JSON.stringify(value)}
        </Typography.Paragraph>
        <Button size="small" onClick={() => onChange(undefined)}>
          {t('flows.condition.clear')}
        </Button>
      </div>
    );
  }
  const update = (next: Condition[]) => {
    setRows(next);
    onChange(combineFilter(next, byName));
  };
  const patch = (id: string, p: Partial<Condition>) => update(rows.map((c) => (c.id === id ? { ...c, ...p } : c)));
  return (
    <div className="flow-condition" data-testid={testId}>
      {!rows.length && <Typography.Text type="secondary">{t('flows.condition.always')}</Typography.Text>}
      {rows.map((c) => {
        const field = byName.get(c.field);
        return (
          <div className="filter-row" key={c.id}>
            <Select
              className="filter-field"
              aria-label={t('filter.field')}
              value={c.field}
              showSearch={{ optionFilterProp: 'label' }}
              options={usable.map((f) => ({ value: f.name, label: label(f.labels, f.name) }))}
              onChange={(name: string) => patch(c.id, { field: name, op: operatorsFor(byName.get(name)!)[0]!, value: undefined, value2: undefined })}
            />
            <Select
              className="filter-op"
              aria-label={t('filter.operator')}
              value={c.op}
              options={(field ? operatorsFor(field) : []).map((op) => ({ value: op, label: t(`filter.op.${op}`) }))}
              onChange={(op) => patch(c.id, { op, value: undefined, value2: undefined })}
            />
            {field && <ConditionValue field={field} condition={c} onChange={(p) => patch(c.id, p)} />}
            <Button type="text" icon={<DeleteOutlined />} aria-label={t('filter.remove')} onClick={() => update(rows.filter((x) => x.id !== c.id))} />
          </div>
        );
      })}
      <Button size="small" icon={<PlusOutlined />} onClick={() => usable[0] && update([...rows, { id: newConditionId(), field: usable[0].name, op: operatorsFor(usable[0])[0]! }])}>
        {t('flows.condition.add')}
      </Button>
    </div>
  );
}
