// 保存为我的报表: name it (中文, optionally English) and share it with roles and / or departments. Those who see it
// run it under their own rights. Roles the user may not list are offered from their own roles.
import { useEffect } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { createReport, updateReport, type ChartSpec, type ReportDefinition, type SavedReport } from '../api/reports-api';
import { listRecords } from '../api/records-api';
import { useMe } from '../auth/session-context';
import { errorText } from '../common/error-text';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  open: boolean;
  definition: ReportDefinition;
  chart: ChartSpec;
  /** The user's own report being changed; a new one otherwise. */
  editing?: SavedReport;
  onClose(): void;
  onSaved(report: SavedReport): void;
}

interface Values {
  name: string;
  name_en?: string;
  shared_roles?: string[];
  shared_departments?: string[];
}

export function SaveReportDialog({ open, definition, chart, editing, onClose, onSaved }: Props) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const roles = useAsync(
    () =>
      listRecords('role', { fields: ['code', 'name', 'name_en'], sort: 'name', limit: 200 }).then(
        (r) => r.data.map((x) => ({ value: String(x.code), label: String((locale === 'en' && x.name_en) || x.name) })),
        () => me.roles.map((r) => ({ value: r.code, label: r.name })),
      ),
    [open, locale],
  );
  const departments = useAsync(() => listRecords('department', { fields: ['name'], sort: 'name', limit: 500 }).then((r) => r.data.map((d) => ({ value: d.id, label: String(d.name) })), () => []), [open]);
  useEffect(() => {
    if (open) form.setFieldsValue({ name: editing?.labels['zh-CN'] ?? '', name_en: editing && editing.labels.en !== editing.labels['zh-CN'] ? editing.labels.en : undefined, shared_roles: editing?.shared_roles ?? [], shared_departments: editing?.shared_departments ?? [] });
  }, [open, editing, form]);

  const save = async () => {
    const v = await form.validateFields();
    const body = { labels: { 'zh-CN': v.name.trim(), ...(v.name_en?.trim() ? { en: v.name_en.trim() } : {}) }, definition, chart, shared_roles: v.shared_roles ?? [], shared_departments: v.shared_departments ?? [] };
    try {
      const saved = editing ? await updateReport(editing.code, body) : await createReport(body);
      message.success(t('reports.saved', { name: saved.label }));
      onSaved(saved);
    } catch (e) {
      message.error(errorText(t, e));
    }
  };

  return (
    <Modal open={open} title={editing ? t('reports.saveChanges') : t('reports.saveAs')} onCancel={onClose} onOk={() => void save()} okText={t('reports.save')} cancelText={t('reports.cancel')} destroyOnHidden data-testid="save-report-dialog">
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('reports.name')} rules={[{ required: true, whitespace: true, message: t('reports.nameRequired') }]}>
          <Input maxLength={200} data-testid="report-name" />
        </Form.Item>
        <Form.Item name="name_en" label={t('reports.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="shared_roles" label={t('reports.shareRoles')} extra={t('reports.shareHint')}>
          <Select mode="multiple" allowClear options={roles.data ?? []} loading={roles.loading} optionFilterProp="label" data-testid="report-share-roles" />
        </Form.Item>
        <Form.Item name="shared_departments" label={t('reports.shareDepartments')}>
          <Select mode="multiple" allowClear options={departments.data ?? []} loading={departments.loading} optionFilterProp="label" data-testid="report-share-departments" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
