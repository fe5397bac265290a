// 导出设置 (the metadata function): the row count above which a list export needs an approval, how many days an
// approved export can be downloaded, and how many days a request may wait for its approval. The server validates
// and audits every change; its refusals are shown at the field they name.
import { useEffect, useState } from 'react';
import { App, Button, Card, Form, InputNumber } from 'antd';
import { getExportSettings, saveExportSettings, type ExportSettings } from '../api/export-requests-api';
import type { ErrorDetail } from '../api/types';
import { errorText } from '../common/error-text';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import { AdminPageHeader } from './admin-page-header';

const FIELDS = ['threshold', 'download_days', 'pending_days'] as const;

export function ExportSettingsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ExportSettings>();
  const settings = useAsync(getExportSettings, []);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      form.setFieldsValue(await saveExportSettings(values));
      message.success(t('exportSettings.saved'));
    } catch (e) {
      const details = (e as { details?: ErrorDetail[] }).details ?? [];
      const atField = details.filter((d) => FIELDS.includes(d.path?.slice(1) as (typeof FIELDS)[number]));
      if (atField.length) form.setFields(atField.map((d) => ({ name: d.path!.slice(1) as keyof ExportSettings, errors: [d.message] })));
      message.error(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };

  const required = [{ required: true, message: t('exportSettings.required') }];
  return (
    <div className="admin-page" data-testid="export-settings-page">
      <AdminPageHeader title={t('page.exportSettings')} intro={t('exportSettings.intro')} onRefresh={settings.reload} error={settings.error} />
      <Card size="small">
        <Form form={form} layout="vertical" style={{ maxWidth: 480 }} data-testid="export-settings-form">
          <Form.Item name="threshold" label={t('exportSettings.threshold')} extra={t('exportSettings.thresholdHint')} rules={required}>
            <InputNumber min={0} precision={0} style={{ width: 220 }} addonAfter={t('exportSettings.rows')} data-testid="export-threshold" />
          </Form.Item>
          <Form.Item name="download_days" label={t('exportSettings.downloadDays')} extra={t('exportSettings.downloadHint')} rules={required}>
            <InputNumber precision={0} style={{ width: 220 }} addonAfter={t('exportSettings.days')} data-testid="export-download-days" />
          </Form.Item>
          <Form.Item name="pending_days" label={t('exportSettings.pendingDays')} extra={t('exportSettings.pendingHint')} rules={required}>
            <InputNumber precision={0} style={{ width: 220 }} addonAfter={t('exportSettings.days')} data-testid="export-pending-days" />
          </Form.Item>
          <Button type="primary" loading={saving} disabled={!settings.data} onClick={() => void save()} data-testid="export-settings-save">
            {t('exportSettings.save')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
