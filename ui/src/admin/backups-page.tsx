// 备份: the backup schedule (daily or weekly at a time in the company's time zone, how many to keep, the folder on the
// server) with the last run (a failure's reason and its retry), the backups in that folder with their sizes and a 下载
// link, 立即备份, and how a backup is restored (a command on the server, refused while the server runs).
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, TimePicker, Typography } from 'antd';
import { CloudDownloadOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { backupFileUrl, getBackupSchedule, listBackups, runBackupNow, saveBackupSchedule, type BackupFile, type BackupScheduleView } from '../api/backups-api';
import type { ErrorDetail } from '../api/types';
import { errorText } from '../common/error-text';
import { useAsync } from '../common/use-async';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { formatSize } from '../record/widgets/attachment-field';
import { AdminPageHeader } from './admin-page-header';

interface Values {
  enabled: boolean;
  frequency: 'daily' | 'weekly';
  weekday: number;
  time?: Dayjs;
  keep_count: number | null;
  keep_days: number | null;
  folder: string;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const FIELDS = ['enabled', 'frequency', 'weekday', 'time', 'keep_count', 'keep_days', 'folder'] as const;

export function BackupsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const frequency = Form.useWatch('frequency', form);
  const schedule = useAsync(getBackupSchedule, []);
  const files = useAsync(listBackups, []);
  const [saving, setSaving] = useState(false);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const weekdayLabel = (d: number) => t(`schedules.weekday${d}` as MessageKey);

  useEffect(() => {
    const s = schedule.data;
    if (!s) return;
    form.setFieldsValue({ enabled: s.enabled, frequency: s.frequency, weekday: s.weekday ?? 1, time: dayjs(s.time, 'HH:mm'), keep_count: s.keep_count, keep_days: s.keep_days, folder: s.folder ?? '' });
  }, [schedule.data, form]);

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await saveBackupSchedule({
        enabled: v.enabled,
        frequency: v.frequency,
        weekday: v.frequency === 'weekly' ? v.weekday : null,
        time: v.time ? v.time.format('HH:mm') : '',
        keep_count: v.keep_count ?? null,
        keep_days: v.keep_days ?? null,
        folder: v.folder.trim() ? v.folder.trim() : null,
      });
      message.success(t('backups.saved'));
      schedule.reload();
      files.reload();
    } catch (e) {
      const details = (e as { details?: ErrorDetail[] }).details ?? [];
      const atField = details.filter((d) => FIELDS.includes(d.path?.slice(1) as (typeof FIELDS)[number]));
      if (atField.length) form.setFields(atField.map((d) => ({ name: d.path!.slice(1) as keyof Values, errors: [d.message] })));
      message.error(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };

  const backupNow = async () => {
    setRunning(true);
    setFailure(undefined);
    try {
      const file = await runBackupNow();
      message.success(t('backups.taken', { name: file.name, size: formatSize(file.size) }));
      files.reload();
    } catch (e) {
      setFailure(e);
    } finally {
      setRunning(false);
    }
  };

  const refresh = () => {
    schedule.reload();
    files.reload();
  };

  return (
    <div className="admin-page" data-testid="backups-page">
      <AdminPageHeader title={t('page.backups')} intro={t('backups.intro')} onRefresh={refresh} error={schedule.error ?? files.error} />
      <Card size="small" title={t('backups.schedule')} style={{ marginBottom: 12 }}>
        <Form form={form} layout="vertical" initialValues={{ enabled: false, frequency: 'daily', weekday: 1, keep_count: 7, keep_days: null, folder: '' }} data-testid="backup-schedule-form">
          <Form.Item name="enabled" label={t('backups.enabled')} valuePropName="checked">
            <Switch checkedChildren={t('backups.on')} unCheckedChildren={t('backups.off')} data-testid="backup-enabled" />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="frequency" label={t('schedules.frequency')}>
              <Select style={{ width: 120 }} data-testid="backup-frequency" options={(['daily', 'weekly'] as const).map((f) => ({ value: f, label: t(`schedules.${f}`) }))} />
            </Form.Item>
            {frequency === 'weekly' && (
              <Form.Item name="weekday" label={t('schedules.weekday')}>
                <Select style={{ width: 110 }} data-testid="backup-weekday" options={WEEKDAYS.map((d) => ({ value: d, label: weekdayLabel(d) }))} />
              </Form.Item>
            )}
            <Form.Item name="time" label={t('schedules.time')} rules={[{ required: true, message: t('backups.timeRequired') }]} extra={schedule.data ? t('backups.timeZone', { zone: schedule.data.time_zone }) : undefined}>
              <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} placeholder={t('schedules.timePlaceholder')} data-testid="backup-time" />
            </Form.Item>
            <Form.Item name="keep_count" label={t('backups.keepCount')}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: 140 }} addonAfter={t('backups.copies')} data-testid="backup-keep-count" />
            </Form.Item>
            <Form.Item name="keep_days" label={t('backups.keepDays')}>
              <InputNumber min={1} max={3650} precision={0} style={{ width: 140 }} addonAfter={t('backups.days')} data-testid="backup-keep-days" />
            </Form.Item>
          </Space>
          <Typography.Paragraph type="secondary">{t('backups.keepHint')}</Typography.Paragraph>
          <Form.Item name="folder" label={t('backups.folder')} extra={schedule.data ? t('backups.folderHint', { folder: schedule.data.default_folder }) : undefined}>
            <Input placeholder={schedule.data?.default_folder} data-testid="backup-folder" />
          </Form.Item>
          <Space wrap>
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="backup-save">
              {t('backups.save')}
            </Button>
            {schedule.data && <ScheduleStatus view={schedule.data} />}
          </Space>
        </Form>
      </Card>
      <Card
        size="small"
        title={t('backups.files')}
        style={{ marginBottom: 12 }}
        extra={
          <Button type="primary" icon={<CloudDownloadOutlined />} loading={running} onClick={() => void backupNow()} data-testid="backup-now">
            {t('backups.now')}
          </Button>
        }
      >
        {failure !== undefined && (
          // The server's reason (a missing pg_dump, a full disk) is what the administrator must act on.
          <Alert type="error" showIcon closable onClose={() => setFailure(undefined)} title={t('backups.failed')} description={failure instanceof Error ? `${errorText(t, failure)} (${failure.message})` : errorText(t, failure)} style={{ marginBottom: 12 }} data-testid="backup-failed" />
        )}
        {files.data && (
          <Typography.Paragraph type="secondary">
            {t('backups.inFolder', { folder: files.data.folder })}
          </Typography.Paragraph>
        )}
        <Table<BackupFile>
          size="small"
          rowKey="name"
          loading={files.loading}
          dataSource={files.data?.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('backups.none')} /> }}
          data-testid="backup-files"
          columns={[
            { key: 'name', title: t('backups.col.name'), dataIndex: 'name', render: (name: string) => <Typography.Text code>{name}</Typography.Text> },
            { key: 'kind', title: t('backups.col.kind'), width: 90, render: (_: unknown, f) => <Tag color={f.kind === 'scheduled' ? 'blue' : 'default'} bordered={false}>{t(`backups.kind.${f.kind}`)}</Tag> },
            { key: 'size', title: t('backups.col.size'), width: 100, align: 'right', render: (_: unknown, f) => formatSize(f.size) },
            { key: 'time', title: t('backups.col.time'), width: 170, render: (_: unknown, f) => formatDateTime(f.created_at) },
            {
              key: 'actions',
              title: t('backups.col.actions'),
              width: 90,
              render: (_: unknown, f) => (
                <Button type="link" size="small" icon={<DownloadOutlined />} href={backupFileUrl(f.name)} download={f.name} data-testid={`backup-download-${f.name}`}>
                  {t('backups.download')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Alert
        type="info"
        showIcon
        title={t('backups.restoreTitle')}
        description={
          <Space direction="vertical" size={2}>
            <Typography.Text>{t('backups.restoreStop')}</Typography.Text>
            <Typography.Text code>npm run crm -- restore --check {'<'}{t('backups.fileWord')}{'>'}</Typography.Text>
            <Typography.Text code>npm run crm -- restore {'<'}{t('backups.fileWord')}{'>'}</Typography.Text>
            <Typography.Text type="secondary">{t('backups.restoreAfter')}</Typography.Text>
          </Space>
        }
        data-testid="backup-restore-note"
      />
    </div>
  );
}

function ScheduleStatus({ view }: { view: BackupScheduleView }) {
  const { t } = useI18n();
  const last = view.last_run;
  return (
    <Space direction="vertical" size={0} data-testid="backup-status">
      <Typography.Text type="secondary">{view.enabled && view.next_run_at ? t('backups.nextRun', { at: formatDateTime(view.next_run_at) }) : t('backups.notScheduled')}</Typography.Text>
      {last &&
        (last.status === 'ok' ? (
          <Typography.Text type="secondary">{t('backups.lastOk', { at: formatDateTime(last.at) })}</Typography.Text>
        ) : (
          <>
            <Typography.Text type="danger">{t('backups.lastFailed', { at: formatDateTime(last.at), attempt: last.attempt ?? 1, reason: last.reason ?? '' })}</Typography.Text>
            {last.retry_at ? (
              <Typography.Text type="secondary">{t('backups.retryAt', { at: formatDateTime(last.retry_at) })}</Typography.Text>
            ) : (
              (last.attempt ?? 1) > 1 && <Typography.Text type="secondary">{t('backups.gaveUp', { retries: last.attempt! - 1 })}</Typography.Text>
            )}
            {last.error && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('backups.errorDetail', { error: last.error })}</Typography.Text>}
          </>
        ))}
    </Space>
  );
}
