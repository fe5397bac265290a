// One effect row: the field a state or transition sets and its value (a field a state or transition sets): a constant typed by its field (an enum's options, a
// number, a date, yes / no, text, a record), a named calculation of the clock for dates (today, now, or either unless
// the field is already set), or a formula over the record in the formula box.
import { useState } from 'react';
import { Button, DatePicker, Input, InputNumber, Select, Space, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { RefSelect } from '../common/ref-select';
import { useI18n } from '../i18n/i18n-context';
import { clockEffect, effectKind, effectKindsFor, isConstant, type EffectKind } from './flow-automation';
import { FlowFormula } from './flow-formula';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';

export const SETTABLE = new Set(['string', 'text', 'integer', 'decimal', 'money', 'boolean', 'date', 'datetime', 'enum', 'ref']);

/** The constant a newly added effect starts with, of the field's kind. */
export function startValue(field: FieldMeta | undefined): unknown {
  if (!field || field.type === 'ref') return null;
  if (field.type === 'enum') return field.options?.[0]?.code ?? null;
  if (field.type === 'boolean') return true;
  if (field.type === 'integer' || field.type === 'decimal' || field.type === 'money') return 0;
  if (field.type === 'date') return dayjs().format('YYYY-MM-DD');
  return '';
}

function ConstantInput({ field, value, onChange }: { field: FieldMeta; value: unknown; onChange(v: unknown): void }) {
  const { t, label } = useI18n();
  switch (field.type) {
    case 'enum':
      return <Select className="flow-effect-value" value={value as string} onChange={onChange} options={(field.options ?? []).map((o) => ({ value: o.code, label: label(o.labels, o.code) }))} popupMatchSelectWidth={false} data-testid="flow-effect-value" />;
    case 'boolean':
      return <Select className="flow-effect-value" value={value === true} onChange={onChange} options={[{ value: true, label: t('value.yes') }, { value: false, label: t('value.no') }]} data-testid="flow-effect-value" />;
    case 'integer':
    case 'decimal':
    case 'money':
      return <InputNumber<number> className="flow-effect-value" value={typeof value === 'number' ? value : null} precision={field.type === 'integer' ? 0 : undefined} prefix={field.type === 'money' ? '¥' : undefined} onChange={(n) => onChange(n ?? null)} data-testid="flow-effect-value" />;
    case 'date':
    case 'datetime':
      return <DatePicker className="flow-effect-value" showTime={field.type === 'datetime'} value={typeof value === 'string' && value ? dayjs(value) : null} onChange={(d) => onChange(d ? (field.type === 'date' ? d.format('YYYY-MM-DD') : d.toISOString()) : null)} data-testid="flow-effect-value" />;
    case 'ref':
      return <RefSelect target={field.target!} value={typeof value === 'string' ? value : undefined} onChange={(v) => onChange(v ?? null)} className="flow-effect-value" />;
    default:
      return <Input className="flow-effect-value" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} data-testid="flow-effect-value" />;
  }
}

interface Props {
  /** The field set (undefined when the entity no longer has it: only a formula is offered). */
  field: FieldMeta | undefined;
  name: string;
  value: unknown;
  /** The flow entity's fields, for formulas. */
  fields: FieldMeta[];
  /** Where the effect sits in the flow document (`/transitions/0/effects/service_fee`). */
  pointer: string;
  problems: readonly ErrorDetail[];
  onChange(value: unknown): void;
  onRemove(): void;
}

/** One effect: the field, how its value is given (the kind) and the value; a formula's box goes under the row. */
export function FlowEffectRow({ field, name, value, fields, pointer, problems, onChange, onRemove }: Props) {
  const { t, label } = useI18n();
  // A formula typed as a plain number stays in the formula box while it is being typed.
  const [typing, setTyping] = useState(false);
  const stored = effectKind(name, value);
  const kind: EffectKind = typing && stored === 'constant' ? 'formula' : stored;
  const kinds = effectKindsFor(field?.type, !!field && SETTABLE.has(field.type));
  const pick = (next: EffectKind) => {
    setTyping(next === 'formula');
    if (next === 'constant') onChange(isConstant(value) ? value : startValue(field));
    else if (next !== 'formula') onChange(clockEffect(name, next));
  };
  return (
    <div className="flow-effect-row" data-testid={`flow-effect-${name}`}>
      <Space wrap size={6}>
        <Typography.Text>{field ? label(field.labels, name) : name}</Typography.Text>
        <span>=</span>
        <Select className="flow-effect-kind" value={kind} onChange={pick} options={kinds.map((k) => ({ value: k, label: t(`flows.effects.kind.${k}`) }))} popupMatchSelectWidth={false} data-testid="flow-effect-kind" />
        {kind === 'constant' && field && <ConstantInput field={field} value={value} onChange={onChange} />}
        <Button type="text" icon={<DeleteOutlined />} aria-label={t('flows.effects.remove')} onClick={onRemove} />
      </Space>
      {kind === 'formula' && <FlowFormula value={value} fields={fields} pointer={pointer} onChange={onChange} />}
      <InlineProblems problems={problemsUnder(problems, pointer)} testId="flow-effect-problems" />
    </div>
  );
}
