// The value of one condition row, typed by its field: option labels for enums, a date picker (or 今天 / 现在) for
// dates, a record picker for references, numbers, 是 / 否, or text; a list for 在…之中.
import { Button, DatePicker, Input, InputNumber, Select, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { RefSelect } from '../../common/ref-select';
import { useI18n } from '../../i18n/i18n-context';
import type { BuilderField } from './builder-field';
import { isClockValue, isVariableValue, LIST_OPERATORS, NO_VALUE_OPERATORS, type RowOperator } from './rule-tree';

interface Props {
  field: BuilderField | undefined;
  op: RowOperator;
  value: unknown;
  onChange(value: unknown): void;
}

export function RuleValueInput({ field, op, value, onChange }: Props) {
  const { t } = useI18n();
  if (NO_VALUE_OPERATORS.has(op)) return null;
  const aria = t('rules.value');
  const type = field?.type ?? 'text';
  if (LIST_OPERATORS.has(op)) {
    const list = Array.isArray(value) ? (value as string[]) : [];
    return field?.options ? (
      <Select mode="multiple" aria-label={aria} className="rule-value" value={list} options={field.options} optionFilterProp="label" placeholder={t('rules.pickSome')} onChange={onChange} />
    ) : (
      <Select mode="tags" aria-label={aria} className="rule-value" value={list} placeholder={t('rules.typeSome')} onChange={onChange} open={false} />
    );
  }
  if (field?.options && (type === 'enum' || type === 'multi_enum')) {
    return <Select aria-label={aria} className="rule-value" showSearch={{ optionFilterProp: 'label' }} value={value as string | undefined} options={field.options} placeholder={t('rules.pickOne')} onChange={onChange} />;
  }
  if (type === 'number') {
    return <InputNumber<number> aria-label={aria} className="rule-value" value={typeof value === 'number' ? value : null} onChange={(n) => onChange(n ?? undefined)} />;
  }
  if (type === 'boolean') {
    return (
      <Select
        aria-label={aria}
        className="rule-value"
        value={typeof value === 'boolean' ? String(value) : undefined}
        options={[{ value: 'true', label: t('value.yes') }, { value: 'false', label: t('value.no') }]}
        placeholder={t('rules.pickOne')}
        onChange={(v: string) => onChange(v === 'true')}
      />
    );
  }
  if (type === 'date' || type === 'datetime') {
    const clock = type === 'date' ? 'today' : 'now';
    if (isClockValue(value)) {
      return (
        <Tag className="rule-value-clock" closable onClose={() => onChange(undefined)}>
          {t(`rules.${clock}`)}
        </Tag>
      );
    }
    return (
      <Space.Compact className="rule-value">
        <DatePicker
          aria-label={aria}
          showTime={type === 'datetime'}
          value={typeof value === 'string' && value ? dayjs(value) : null}
          onChange={(d) => onChange(d ? (type === 'date' ? d.format('YYYY-MM-DD') : d.toISOString()) : undefined)}
        />
        <Button onClick={() => onChange({ [clock]: [] })}>{t(`rules.${clock}`)}</Button>
      </Space.Compact>
    );
  }
  const context = field?.contextValues ?? [];
  if (type === 'ref' && field?.target && context.length) {
    const current = context.find((c) => isVariableValue(value, [c.name]));
    if (current) {
      return (
        <Tag className="rule-value-clock" closable onClose={() => onChange(undefined)}>
          {current.label}
        </Tag>
      );
    }
    return (
      <Space.Compact className="rule-value">
        <RefSelect target={field.target} value={typeof value === 'string' ? value : undefined} onChange={(v) => onChange(v)} />
        {context.map((c) => (
          <Button key={c.name} onClick={() => onChange({ var: c.name })}>
            {c.label}
          </Button>
        ))}
      </Space.Compact>
    );
  }
  if (type === 'ref' && field?.target) {
    return <RefSelect target={field.target} className="rule-value" value={typeof value === 'string' ? value : undefined} onChange={(v) => onChange(v)} />;
  }
  return <Input aria-label={aria} className="rule-value" value={value === undefined || value === null ? '' : String(value)} onChange={(e) => onChange(e.target.value)} />;
}
