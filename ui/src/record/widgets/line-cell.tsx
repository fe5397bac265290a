// One editable cell of the line grid, typed by the line schema: record picker, ¥ amount, number, option, date,
// yes/no or text; a server error for the cell marks it and shows under it.
import { Checkbox, DatePicker, Input, InputNumber, Select, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type { JsonSchema } from '../../api/types';
import { MoneyInput } from '../../common/money-input';
import { RefSelect } from '../../common/ref-select';

interface Props {
  id: string;
  schema: JsonSchema;
  ui: Record<string, unknown>;
  value: unknown;
  onChange(value: unknown): void;
  errors?: string[];
  disabled: boolean;
}

export function baseType(schema: JsonSchema): string {
  const t = schema.type;
  return Array.isArray(t) ? (t.find((x) => x !== 'null') ?? 'string') : (t ?? 'string');
}

export function LineCell({ id, schema, ui, value, onChange, errors, disabled }: Props) {
  const status = errors?.length ? ('error' as const) : undefined;
  const options = (ui['ui:options'] ?? {}) as Record<string, unknown>;
  const type = baseType(schema);
  let input;
  if (ui['ui:widget'] === 'ref') {
    input = <RefSelect id={id} target={String(options.target)} value={value as string | undefined} onChange={(v) => onChange(v)} disabled={disabled} status={status} />;
  } else if (ui['ui:widget'] === 'money') {
    input = <MoneyInput id={id} value={value as number | undefined} onChange={onChange} disabled={disabled} status={status} min={schema.minimum as number | undefined} className="full-width" />;
  } else if (schema.oneOf) {
    input = (
      <Select
        id={id}
        className="full-width"
        value={value as string | undefined}
        onChange={onChange}
        allowClear
        disabled={disabled}
        status={status}
        options={schema.oneOf.map((o) => ({ value: String(o.const), label: o.title ?? String(o.const) }))}
      />
    );
  } else if (type === 'number' || type === 'integer') {
    input = (
      <InputNumber<number>
        id={id}
        className="full-width"
        value={typeof value === 'number' ? value : null}
        onChange={(n) => onChange(n ?? undefined)}
        min={schema.minimum as number | undefined}
        max={schema.maximum as number | undefined}
        precision={type === 'integer' ? 0 : undefined}
        disabled={disabled}
        status={status}
      />
    );
  } else if (type === 'boolean') {
    input = <Checkbox id={id} checked={value === true} onChange={(e) => onChange(e.target.checked)} disabled={disabled} />;
  } else if (schema.format === 'date') {
    input = <DatePicker id={id} className="full-width" value={typeof value === 'string' ? dayjs(value) : null} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)} disabled={disabled} status={status} />;
  } else {
    input = <Input id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} disabled={disabled} status={status} maxLength={schema.maxLength as number | undefined} />;
  }
  if (!errors?.length) return input;
  return (
    <Tooltip title={errors.join(';')}>
      <div className="line-cell-error">
        {input}
        <div className="line-cell-message">{errors.join(';')}</div>
      </div>
    </Tooltip>
  );
}
