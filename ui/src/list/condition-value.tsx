// The value input of one filter condition, typed by its field: text, number or money, date, enum options, a record.
import { DatePicker, Input, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { FieldMeta } from '../api/types';
import { tagColor } from '../common/enum-tag';
import { shownType } from '../common/field-types';
import { RefSelect } from '../common/ref-select';
import { useI18n } from '../i18n/i18n-context';
import type { Condition } from './filter-logic';
import { NO_VALUE } from './filter-logic';

interface Props {
  field: FieldMeta;
  condition: Condition;
  onChange(patch: Partial<Condition>): void;
}

function Single({ field, value, onChange, placeholder }: { field: FieldMeta; value: unknown; onChange(v: unknown): void; placeholder?: string }) {
  const { t } = useI18n();
  const type = shownType(field);
  if (type === 'date' || type === 'datetime') {
    return <DatePicker value={typeof value === 'string' ? dayjs(value) : null} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)} placeholder={placeholder} className="filter-value-part" />;
  }
  if (type === 'integer' || type === 'decimal' || type === 'money') {
    return (
      <InputNumber<number>
        value={typeof value === 'number' ? value : null}
        onChange={(n) => onChange(n ?? undefined)}
        placeholder={placeholder}
        prefix={type === 'money' ? '¥' : undefined}
        className="filter-value-part"
      />
    );
  }
  if (type === 'ref' && field.target) {
    return <RefSelect target={field.target} value={typeof value === 'string' ? value : undefined} onChange={(v) => onChange(v)} className="filter-value-part" />;
  }
  return <Input value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} placeholder={placeholder ?? t('filter.value')} className="filter-value-part" allowClear />;
}

export function ConditionValue({ field, condition, onChange }: Props) {
  const { t, label } = useI18n();
  if (NO_VALUE.has(condition.op)) return null;
  const type = shownType(field);
  if (type === 'enum' || type === 'multi_enum') {
    return (
      <Select<string[]>
        mode="multiple"
        showSearch
        optionFilterProp="label"
        className="filter-value"
        value={Array.isArray(condition.value) ? (condition.value as string[]) : []}
        onChange={(value) => onChange({ value })}
        placeholder={t('filter.value')}
        maxTagCount="responsive"
        options={(field.options ?? []).map((o) => ({ value: o.code, label: label(o.labels, o.code), color: tagColor(o.color) }))}
      />
    );
  }
  if (condition.op === 'between') {
    return (
      <Space.Compact className="filter-value">
        <Single field={field} value={condition.value} onChange={(value) => onChange({ value })} placeholder={t('filter.from')} />
        <Single field={field} value={condition.value2} onChange={(value2) => onChange({ value2 })} placeholder={t('filter.to')} />
      </Space.Compact>
    );
  }
  return (
    <div className="filter-value">
      <Single field={field} value={condition.value} onChange={(value) => onChange({ value })} />
    </div>
  );
}
