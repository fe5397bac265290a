// 进入时自动设置: the fields a state (on entering it) or a transition sets, each row a constant, a calculation of the
// clock or a formula (flow-effect-value.tsx); fields are added from those the flow may set and removed.
import { Select, Typography } from 'antd';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { effectRows, effectsOf, type EffectRow } from './flow-automation';
import { FlowEffectRow, SETTABLE, startValue } from './flow-effect-value';

type Doc = Record<string, any>;

interface Props {
  effects: Doc | undefined;
  fields: FieldMeta[];
  /** The flow's state field: only transitions change it. */
  stateField?: string;
  /** What formulas read, when not the fields set (a created record's values are computed from the line). */
  formulaFields?: FieldMeta[];
  /** Where these effects sit in the flow document (`/states/negotiation/effects`), for the server's problems. */
  pointer: string;
  problems: readonly ErrorDetail[];
  onChange(effects: Doc | undefined): void;
}

export function FlowEffectsEditor({ effects, fields, stateField, formulaFields, pointer, problems, onChange }: Props) {
  const { t, label } = useI18n();
  const rows = effectRows(effects);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const settable = fields.filter((f) => !f.system && f.name !== stateField && SETTABLE.has(f.type) && !rows.some((r) => r.field === f.name));
  const setRows = (next: EffectRow[]) => onChange(effectsOf(next));
  return (
    <div className="flow-effects" data-testid="flow-effects">
      {rows.length === 0 && <Typography.Text type="secondary">{t('flows.effects.none')}</Typography.Text>}
      {rows.map((row, i) => (
        <FlowEffectRow
          key={row.field}
          field={byName.get(row.field)}
          name={row.field}
          value={row.value}
          fields={formulaFields ?? fields}
          pointer={`${pointer}/${row.field}`}
          problems={problems}
          onChange={(value) => setRows(rows.map((r, j) => (j === i ? { ...r, value } : r)))}
          onRemove={() => setRows(rows.filter((_, j) => j !== i))}
        />
      ))}
      <Select
        className="flow-effect-add"
        value={null}
        placeholder={t('flows.effects.add')}
        onChange={(name: string) => setRows([...rows, { field: name, value: startValue(byName.get(name)!) }])}
        options={settable.map((f) => ({ value: f.name, label: label(f.labels, f.name) }))}
        showSearch={{ optionFilterProp: 'label' }}
        popupMatchSelectWidth={false}
        data-testid="flow-effect-add"
      />
    </div>
  );
}
