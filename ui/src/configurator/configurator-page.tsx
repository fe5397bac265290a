// 快速选型: pick a series (a configurator template), choose an option per segment (options a rule forbids are
// disabled with its message), enter the parameters rules read, and see the model code, spec sheet and price the
// server computes (POST /api/configurator/configure, with the customer's terms when a customer is chosen). A pasted
// model code is decoded back into its choices. The result is added to a quote as a line.
import { useEffect, useState } from 'react';
import { Button, Card, Col, Empty, Form, Input, InputNumber, Row, Select, Space, Tag, Typography } from 'antd';
import { ShoppingCartOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { configure, decodeModelCode, fetchTemplate, listOptions, type Choices, type Configuration, type ParameterValues } from '../api/configurator-api';
import { listRecords } from '../api/records-api';
import { AdminPageHeader } from '../admin/admin-page-header';
import { useMe } from '../auth/session-context';
import { can } from '../auth/permissions';
import { errorText } from '../common/error-text';
import { RefSelect } from '../common/ref-select';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import { moneyText } from './adder-text';
import { AddToQuoteDialog } from './add-to-quote-dialog';
import { ConfigurationResult } from './configuration-result';
import { ParameterInputs } from './parameter-inputs';
import { SegmentOptions } from './segment-options';

export function ConfiguratorPage() {
  const { t, label, locale } = useI18n();
  const me = useMe();
  const templates = useAsync(() => listRecords('configurator_template', { fields: ['id', 'code', 'name'], sort: 'code', limit: 200 }), []);
  // The series and its choices change together: a decoded code sets both at once.
  const [config, setConfig] = useState<{ template?: string; choices: Choices }>({ choices: {} });
  const [parameters, setParameters] = useState<ParameterValues>({});
  const [quantity, setQuantity] = useState(1);
  const [customer, setCustomer] = useState<string>();
  const [decodeError, setDecodeError] = useState<string>();
  const [adding, setAdding] = useState(false);
  const code = config.template ?? (templates.data?.data[0]?.code as string | undefined);
  const doc = useAsync(() => (code ? fetchTemplate(code) : Promise.resolve(undefined)), [code, locale]);
  const options = useAsync(() => (code ? listOptions({ template: code, choices: config.choices, parameters }) : Promise.resolve(undefined)), [code, config.choices, parameters, locale]);

  const missing = (doc.data?.segments ?? []).filter((s) => s.required !== false && config.choices[s.code] === undefined).map((s) => label(s.labels, s.code));
  const [priced, setPriced] = useState<{ result?: Configuration; problems: string[] }>({ problems: [] });
  useEffect(() => {
    if (!code || !doc.data || missing.length) return setPriced({ problems: [] });
    let live = true;
    configure({ template: code, choices: config.choices, parameters, quantity, customer }).then(
      (result) => live && setPriced({ result, problems: [] }),
      (e: unknown) => live && setPriced({ problems: e instanceof ApiError && e.details.length ? e.details.map((d) => d.message) : [errorText(t, e)] }),
    );
    return () => {
      live = false;
    };
    // `missing` follows from the choices and the document.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code, doc.data, config.choices, parameters, quantity, customer, locale]);

  const choose = (segment: string, value: string | string[] | undefined) => {
    const choices = { ...config.choices };
    if (value === undefined) delete choices[segment];
    else choices[segment] = value;
    setConfig({ template: code, choices });
  };
  const pickTemplate = (template: string) => {
    setConfig({ template, choices: {} });
    setParameters({});
  };
  const decode = async (text: string) => {
    setDecodeError(undefined);
    if (!text.trim()) return;
    try {
      const decoded = await decodeModelCode(text.trim());
      if (decoded.template !== code) setParameters({});
      setConfig({ template: decoded.template, choices: decoded.choices });
    } catch (e) {
      setDecodeError(e instanceof ApiError && e.details[0] ? e.details[0].message : errorText(t, e));
    }
  };

  const list = templates.data?.data ?? [];
  const state = options.data?.template === code ? options.data : undefined;
  return (
    <div className="admin-page cfg-page">
      <AdminPageHeader title={t('page.configurator')} intro={t('cfg.intro')} onRefresh={() => (templates.reload(), doc.reload(), options.reload())} error={templates.error ?? doc.error} />
      {!templates.loading && list.length === 0 ? (
        <Empty description={t('cfg.noTemplates')} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Card size="small" className="cfg-card">
              <Form layout="inline" className="cfg-head">
                <Form.Item label={t('cfg.series')} htmlFor="cfg-series">
                  <Select id="cfg-series" className="cfg-series" value={code} onChange={pickTemplate} options={list.map((r) => ({ value: r.code as string, label: seriesLabel(r.code as string, r.name as string) }))} />
                </Form.Item>
                <Form.Item label={t('cfg.quantity')} htmlFor="cfg-quantity">
                  <InputNumber id="cfg-quantity" min={1} max={1000000} precision={0} value={quantity} onChange={(v) => setQuantity(v ?? 1)} />
                </Form.Item>
                {can(me, 'customer', 'read') && (
                  <Form.Item label={t('cfg.customer')} className="cfg-customer">
                    <RefSelect target="customer" value={customer} onChange={(v) => setCustomer(v as string | undefined)} id="cfg-customer" placeholder={t('cfg.customerHint')} />
                  </Form.Item>
                )}
              </Form>
              {doc.data && (
                <Typography.Paragraph type="secondary" className="cfg-base">
                  {t('cfg.basePrice', { name: label(doc.data.labels, doc.data.code), price: moneyText(Number(doc.data.base_price), doc.data.currency) })}
                </Typography.Paragraph>
              )}
            </Card>
            {doc.data &&
              state?.segments.map((segment) => {
                const def = doc.data!.segments.find((s) => s.code === segment.code);
                return (
                  <Card
                    key={segment.code}
                    size="small"
                    className="cfg-card"
                    data-segment={segment.code}
                    title={
                      <Space>
                        {label(segment.labels, segment.code)}
                        {segment.required ? <Tag color="red">{t('cfg.required')}</Tag> : <Tag>{t('cfg.optional')}</Tag>}
                        {segment.multiple && <Tag color="blue">{t('cfg.multiple')}</Tag>}
                      </Space>
                    }
                  >
                    <SegmentOptions segment={segment} priced={def?.options ?? []} currency={doc.data!.currency} value={config.choices[segment.code]} onChange={(v) => choose(segment.code, v)} />
                  </Card>
                );
              })}
            {doc.data && (doc.data.parameters?.length ?? 0) > 0 && (
              <Card size="small" className="cfg-card" title={t('cfg.parameters')}>
                <ParameterInputs parameters={doc.data.parameters!} values={parameters} onChange={setParameters} />
              </Card>
            )}
          </Col>
          <Col xs={24} lg={10}>
            <div className="cfg-side">
              <Card size="small" className="cfg-card" title={t('cfg.decode')}>
                <Input.Search id="cfg-decode" placeholder={t('cfg.decodeHint')} enterButton={t('cfg.decodeButton')} onSearch={decode} status={decodeError ? 'error' : undefined} />
                {decodeError && <Typography.Text type="danger">{decodeError}</Typography.Text>}
              </Card>
              <Card size="small" className="cfg-card" title={t('cfg.result')} extra={priced.result && (can(me, 'quote', 'create') || can(me, 'quote', 'update')) && <Button type="primary" icon={<ShoppingCartOutlined />} onClick={() => setAdding(true)}>{t('cfg.addToQuote')}</Button>}>
                {doc.data && <ConfigurationResult template={doc.data} result={priced.result} missing={missing} problems={priced.problems} />}
              </Card>
            </div>
          </Col>
        </Row>
      )}
      {adding && priced.result && <AddToQuoteDialog result={priced.result} quantity={quantity} customer={customer} onClose={() => setAdding(false)} />}
    </div>
  );
}

// A series is shown by its code and name, the code once when the name already begins with it ("3051C 共平面…").
function seriesLabel(code: string, name: string): string {
  return name.startsWith(code) ? name : `${code} ${name}`;
}
