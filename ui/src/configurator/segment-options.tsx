// One segment of the model code as a list of its options: code, label, spec text and price adder; an option a rule
// forbids for the current choices is offered disabled with the rule's message, so the user sees why.
import { Checkbox, Radio, Tag, Typography } from 'antd';
import type { OptionsAnswer, TemplateOption } from '../api/configurator-api';
import { useI18n } from '../i18n/i18n-context';
import { adderText } from './adder-text';

type SegmentState = OptionsAnswer['segments'][number];

interface Props {
  segment: SegmentState;
  /** The template's options of this segment, for their price adders. */
  priced: TemplateOption[];
  currency: string;
  value: string | string[] | undefined;
  onChange(value: string | string[] | undefined): void;
}

export function SegmentOptions({ segment, priced, currency, value, onChange }: Props) {
  const { t, label } = useI18n();
  const rows = segment.options.map((o) => {
    const price = priced.find((p) => p.code === o.code)?.price;
    return (
      <div key={o.code} className={o.available ? 'cfg-option' : 'cfg-option cfg-option-disabled'}>
        <Tag className="cfg-code">{o.code}</Tag>
        <span className="cfg-option-label">{label(o.labels, o.code)}</span>
        {o.spec && o.spec !== label(o.labels) && <Typography.Text type="secondary" className="cfg-option-spec">{o.spec}</Typography.Text>}
        {price && <Typography.Text className="cfg-adder">{adderText(price, currency, t)}</Typography.Text>}
        {!o.available && o.reason && <Typography.Text type="warning" className="cfg-reason">{t('cfg.unavailable', { reason: o.reason })}</Typography.Text>}
      </div>
    );
  });
  if (segment.multiple) {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <Checkbox.Group className="cfg-options" value={chosen} onChange={(v) => onChange((v as string[]).length ? (v as string[]) : undefined)}>
        {segment.options.map((o, i) => (
          <Checkbox key={o.code} value={o.code} disabled={!o.available && !chosen.includes(o.code)}>
            {rows[i]}
          </Checkbox>
        ))}
      </Checkbox.Group>
    );
  }
  return (
    <Radio.Group className="cfg-options" value={typeof value === 'string' ? value : undefined} onChange={(e) => onChange(e.target.value as string)}>
      {segment.options.map((o, i) => (
        <Radio key={o.code} value={o.code} disabled={!o.available && value !== o.code}>
          {rows[i]}
        </Radio>
      ))}
    </Radio.Group>
  );
}
