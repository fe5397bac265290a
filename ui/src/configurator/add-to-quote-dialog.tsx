// 加入报价单: the configured item becomes a quote line (model code, spec text, unit price, quantity, the template and
// its version, so later template edits never change the quote) on a quote the user picks or creates here. Lines
// are written through their quote, under the user's own rights on quotes.
import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Radio } from 'antd';
import dayjs from 'dayjs';
import type { Configuration } from '../api/configurator-api';
import { createRecord, getRecord, updateRecord } from '../api/records-api';
import { errorText } from '../common/error-text';
import { RefSelect } from '../common/ref-select';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';

interface Props {
  result: Configuration;
  quantity: number;
  customer: string | undefined;
  onClose(): void;
}

export function AddToQuoteDialog({ result, quantity, customer, onClose }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const tabs = useTabs();
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [quote, setQuote] = useState<string>();
  const [subject, setSubject] = useState(t('cfg.quoteSubject', { code: result.model_code }));
  const [quoteCustomer, setQuoteCustomer] = useState(customer);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();

  const line = {
    model_code: result.model_code,
    specification: result.spec.map((s) => `${s.label}:${s.option} ${s.text}`).join('\n'),
    description: result.spec.map((s) => s.text).join(';').slice(0, 500),
    quantity,
    unit_price: result.unit_price,
    config_template: result.template,
    template_version: result.template_version,
  };

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      let id: string;
      if (mode === 'new') {
        id = (await createRecord('quote', { subject, customer: quoteCustomer, quote_date: dayjs().format('YYYY-MM-DD'), lines: [{ ...line, line_no: 1 }] })).id;
      } else {
        const current = await getRecord('quote', quote!, ['lines']);
        const lines = (current.lines as { id: string; line_no?: number | null }[] | undefined) ?? [];
        const lineNo = lines.reduce((m, l) => Math.max(m, Number(l.line_no) || 0), 0) + 1;
        await updateRecord('quote', quote!, { lines: [...lines.map((l) => ({ id: l.id })), { ...line, line_no: lineNo }] }, current.version);
        id = quote!;
      }
      message.success({ content: t('cfg.addedToQuote'), key: 'cfg-added' });
      tabs.open({ kind: 'record', entity: 'quote', id });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const ready = mode === 'existing' ? !!quote : !!subject.trim() && !!quoteCustomer;
  return (
    <Modal open title={t('cfg.addToQuote')} okText={t('cfg.addToQuote')} cancelText={t('shell.cancel')} onOk={save} onCancel={onClose} confirmLoading={saving} okButtonProps={{ disabled: !ready }}>
      <Form layout="vertical">
        <Form.Item label={t('cfg.modelCode')}>
          <Input value={`${result.model_code} × ${quantity}`} readOnly />
        </Form.Item>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'existing' | 'new')} className="cfg-quote-mode">
          <Radio value="existing">{t('cfg.existingQuote')}</Radio>
          <Radio value="new">{t('cfg.newQuote')}</Radio>
        </Radio.Group>
        {mode === 'existing' ? (
          <Form.Item label={t('cfg.quote')} required>
            <RefSelect target="quote" value={quote} onChange={(v) => setQuote(v as string | undefined)} id="cfg-quote" />
          </Form.Item>
        ) : (
          <>
            <Form.Item label={t('cfg.quoteSubjectLabel')} required htmlFor="cfg-quote-subject">
              <Input id="cfg-quote-subject" value={subject} onChange={(e) => setSubject(e.target.value)} />
            </Form.Item>
            <Form.Item label={t('cfg.customer')} required>
              <RefSelect target="customer" value={quoteCustomer} onChange={(v) => setQuoteCustomer(v as string | undefined)} id="cfg-quote-customer" />
            </Form.Item>
          </>
        )}
      </Form>
      {error !== undefined && <Alert type="error" showIcon title={errorText(t, error)} />}
    </Modal>
  );
}
