// The answer of configure: the model code (copyable), the spec sheet segment by segment, the price from base through
// adders, quantity tier and customer terms to the total, and the rules' warnings; or what is still missing / refused.
import { Alert, Descriptions, Empty, Table, Typography } from 'antd';
import type { Configuration, PriceStep, TemplateDocument } from '../api/configurator-api';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { moneyText } from './adder-text';

interface Props {
  template: TemplateDocument;
  result: Configuration | undefined;
  /** Required segments not chosen yet, by label. */
  missing: string[];
  /** The server's refusals (rule messages, bad parameters). */
  problems: string[];
}

export function ConfigurationResult({ template, result, missing, problems }: Props) {
  const { t, label } = useI18n();
  const segmentLabel = (code: string | undefined) => label(template.segments.find((s) => s.code === code)?.labels, code);
  const stepText = (s: PriceStep) => {
    if (s.step === 'option') {
      const option = template.segments.find((x) => x.code === s.segment)?.options.find((o) => o.code === s.option);
      return `${segmentLabel(s.segment)}:${s.option} ${label(option?.labels)}${s.percent !== undefined ? ` (${s.percent}%)` : ''}`;
    }
    const name = t(`cfg.step.${s.step}` as MessageKey);
    if (s.step === 'quantity' || s.step === 'contract_price') return `${name} × ${s.quantity}`;
    if (s.step === 'customer_discount') return `${name} ${s.percent}%`;
    return name;
  };
  return (
    <div className="cfg-result">
      {problems.length > 0 && <Alert type="error" showIcon title={t('cfg.refused')} description={<ul className="cfg-list">{problems.map((p) => <li key={p}>{p}</li>)}</ul>} />}
      {missing.length > 0 && problems.length === 0 && <Alert type="info" showIcon title={t('cfg.missing', { segments: missing.join(t('app.separator')) })} />}
      {result ? (
        <>
          <div className="cfg-model-code">
            <Typography.Text type="secondary">{t('cfg.modelCode')}</Typography.Text>
            <Typography.Title level={3} copyable={{ text: result.model_code, tooltips: [t('cfg.copy'), t('cfg.copied')] }} data-testid="cfg-model-code">
              {result.model_code}
            </Typography.Title>
          </div>
          {result.warnings.map((w) => (
            <Alert key={w.rule} type="warning" showIcon title={w.message} className="cfg-warning" />
          ))}
          <Descriptions size="small" column={1} bordered title={t('cfg.spec')} items={result.spec.map((s) => ({ key: s.segment + s.option, label: s.label, children: `${s.option} · ${s.text}` }))} />
          <Table
            className="cfg-price"
            size="small"
            pagination={false}
            rowKey={(s, i) => `${s.step}${s.segment ?? ''}${s.option ?? ''}${i}`}
            title={() => t('cfg.price')}
            dataSource={result.breakdown}
            columns={[
              { key: 'step', title: t('cfg.priceItem'), render: (_: unknown, s: PriceStep) => (s.step === 'total' || s.step === 'list_price' ? <strong>{stepText(s)}</strong> : stepText(s)) },
              { key: 'amount', title: t('cfg.amount', { currency: template.currency }), align: 'right', render: (_: unknown, s: PriceStep) => (s.step === 'total' ? <strong data-testid="cfg-total">{moneyText(s.amount, template.currency)}</strong> : moneyText(s.amount, template.currency)) },
            ]}
          />
          <Typography.Text className="cfg-unit-price">{t('cfg.unitPrice', { price: moneyText(result.unit_price, template.currency) })}</Typography.Text>
        </>
      ) : (
        missing.length === 0 && problems.length === 0 && <Empty description={t('cfg.noResult')} />
      )}
    </div>
  );
}
