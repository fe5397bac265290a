// The template's parameters (process temperature, pressure, medium…): not part of the model code, but rules read
// them. Numbers carry their unit and range, lists offer their options.
import { Form, InputNumber, Select } from 'antd';
import type { ParameterValues, TemplateParameter } from '../api/configurator-api';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  parameters: TemplateParameter[];
  values: ParameterValues;
  onChange(values: ParameterValues): void;
}

export function ParameterInputs({ parameters, values, onChange }: Props) {
  const { t, label } = useI18n();
  const set = (code: string, v: string | number | null | undefined) => {
    const next = { ...values };
    if (v === null || v === undefined || v === '') delete next[code];
    else next[code] = v;
    onChange(next);
  };
  return (
    <Form layout="vertical" className="cfg-parameters">
      {parameters.map((p) => {
        const range = p.type === 'number' && (p.min !== undefined || p.max !== undefined) ? t('cfg.range', { min: p.min ?? '−∞', max: p.max ?? '∞', unit: p.unit ?? '' }) : undefined;
        return (
          <Form.Item key={p.code} label={label(p.labels, p.code)} extra={range} htmlFor={`cfg-param-${p.code}`}>
            {p.type === 'number' ? (
              <InputNumber
                id={`cfg-param-${p.code}`}
                className="full-width"
                value={typeof values[p.code] === 'number' ? (values[p.code] as number) : null}
                min={p.min}
                max={p.max}
                suffix={p.unit}
                onChange={(v) => set(p.code, v)}
              />
            ) : (
              <Select
                id={`cfg-param-${p.code}`}
                allowClear
                placeholder={t('cfg.choose')}
                value={values[p.code] as string | undefined}
                options={p.options.map((o) => ({ value: o.code, label: label(o.labels, o.code) }))}
                onChange={(v) => set(p.code, v)}
              />
            )}
          </Form.Item>
        );
      })}
    </Form>
  );
}
