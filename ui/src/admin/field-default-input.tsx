// The field editor's default-value input, of the kind the chosen type needs (antd passes value / onChange through).
import { DatePicker, Input, InputNumber, Select } from 'antd';
import type { CustomFieldType } from '../api/admin-api';
import { useI18n } from '../i18n/i18n-context';
import type { OptionRow } from './field-definition';

interface Props {
  type: CustomFieldType;
  /** The enum options typed so far, offered as defaults. */
  options: OptionRow[];
  /** Shown while empty; "no default" unless said otherwise. */
  placeholder?: string;
  [antdFormProps: string]: unknown;
}

export function FieldDefaultInput({ type, options, placeholder: shown, ...control }: Props) {
  const { t } = useI18n();
  const placeholder = shown ?? t('fields.noDefault');
  switch (type) {
    case 'boolean':
      return (
        <Select
          {...control}
          allowClear
          placeholder={placeholder}
          options={[
            { value: 'true', label: t('value.yes') },
            { value: 'false', label: t('value.no') },
          ]}
        />
      );
    case 'integer':
      return <InputNumber {...control} className="full-width" precision={0} placeholder={placeholder} />;
    case 'decimal':
    case 'money':
      return <InputNumber {...control} className="full-width" placeholder={placeholder} prefix={type === 'money' ? '¥' : undefined} />;
    case 'date':
      return <DatePicker {...control} className="full-width" placeholder={placeholder} />;
    case 'datetime':
      return <DatePicker {...control} showTime className="full-width" placeholder={placeholder} />;
    case 'enum':
    case 'multi_enum':
      return (
        <Select
          {...control}
          allowClear
          mode={type === 'multi_enum' ? 'multiple' : undefined}
          placeholder={placeholder}
          options={options.filter((o) => o?.code).map((o) => ({ value: o.code!, label: o.zh || o.code! }))}
        />
      );
    case 'text':
      return <Input.TextArea {...control} rows={2} placeholder={placeholder} />;
    case 'json':
      return <Input.TextArea {...control} rows={4} className="rule-json" placeholder={t('fields.jsonDefaultPlaceholder')} data-testid="field-default-json" />;
    default:
      return <Input {...control} placeholder={placeholder} />;
  }
}
