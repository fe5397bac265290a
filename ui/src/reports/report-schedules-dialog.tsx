// 定时发送: a saved report's schedules (daily, weekly on a weekday, monthly on a day, at a time in the company's time
// zone) to users, roles and departments, as XLSX or CSV. Each recipient gets the report under their own rights; the
// list shows when each schedule next runs and with which parameter values (a date also as a relative period). 修改 loads a schedule into the form below, which then saves it in place.
import { App, Button, Empty, Form, InputNumber, List, Modal, Popconfirm, Select, Space, Tag, TimePicker, Typography } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { createSchedule, deleteSchedule, listSchedules, updateSchedule, type ReportSchedule, type SavedReport, type ScheduleFrequency } from '../api/reports-api';
import { listRecords } from '../api/records-api';
import { useMe } from '../auth/session-context';
import { errorText } from '../common/error-text';
import { RefSelect } from '../common/ref-select';
import { useRefNames } from '../common/ref-names';
import { useAsync } from '../common/use-async';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { filledValues, ParameterInputs, parametersText } from './parameter-inputs';

interface Props {
  report: SavedReport;
  open: boolean;
  onClose(): void;
}

interface Values {
  frequency: ScheduleFrequency;
  weekday?: number;
  day_of_month?: number;
  time?: Dayjs;
  users?: string[];
  roles?: string[];
  departments?: string[];
  format: 'xlsx' | 'csv';
  parameters?: Record<string, unknown>;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const FORM_PATHS: Record<string, keyof Values> = { '/frequency': 'frequency', '/weekday': 'weekday', '/day_of_month': 'day_of_month', '/time': 'time', '/format': 'format' };
/** The form item a server problem's path names: a box, or a parameter (`/parameters/from/period` is the from box). */
const fieldOf = (path: string): string | string[] | undefined => {
  const parameter = /^\/parameters\/([^/]+)/.exec(path)?.[1];
  return FORM_PATHS[path] ?? (parameter ? ['parameters', parameter] : undefined);
};

export function ReportSchedulesDialog({ report, open, onClose }: Props) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const me = useMe();
  const parameters = report.definition.parameters ?? [];
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const frequency = Form.useWatch('frequency', form);
  const schedules = useAsync(() => (open ? listSchedules(report.code) : Promise.resolve([])), [open, report.code]);
  const roles = useAsync(
    // Someone who may not list roles is offered their own.
    () =>
      listRecords('role', { fields: ['code', 'name', 'name_en'], sort: 'name', limit: 200 }).then(
        (r) => r.data.map((x) => ({ value: String(x.code), label: String((locale === 'en' && x.name_en) || x.name) })),
        () => me.roles.map((r) => ({ value: r.code, label: r.name })),
      ),
    [open, locale],
  );
  const weekdayLabel = (d: number) => t(`schedules.weekday${d}` as MessageKey);

  const [editing, setEditing] = useState<ReportSchedule>();
  const edit = (s: ReportSchedule) => {
    setEditing(s);
    form.setFieldsValue({
      frequency: s.frequency,
      weekday: s.weekday ?? 1,
      day_of_month: s.day_of_month ?? 1,
      time: dayjs(s.time_of_day, 'HH:mm'),
      users: s.recipients.users,
      roles: s.recipients.roles,
      departments: s.recipients.departments,
      format: s.format,
      parameters: s.parameters ?? {},
    });
  };
  const stopEditing = () => {
    setEditing(undefined);
    form.resetFields();
  };
  const add = async () => {
    const v = await form.validateFields();
    try {
      const body = {
        frequency: v.frequency,
        ...(v.frequency === 'weekly' ? { weekday: v.weekday } : {}),
        ...(v.frequency === 'monthly' ? { day_of_month: v.day_of_month } : {}),
        time: v.time ? v.time.format('HH:mm') : '',
        recipients: { users: v.users ?? [], roles: v.roles ?? [], departments: v.departments ?? [] },
        format: v.format,
        parameters: filledValues(v.parameters),
      };
      if (editing) await updateSchedule(report.code, editing.id, body);
      else await createSchedule(report.code, body);
      message.success(t(editing ? 'schedules.saved' : 'schedules.added'));
      if (editing) stopEditing();
      else form.resetFields(['users', 'roles', 'departments']);
      schedules.reload();
    } catch (e) {
      const fields = (e as { details?: { path?: string; message: string }[] }).details?.filter((d) => d.path && fieldOf(d.path)) ?? [];
      if (fields.length) form.setFields(fields.map((d) => ({ name: fieldOf(d.path!)!, errors: [d.message] })));
      message.error(errorText(t, e));
    }
  };
  const remove = async (s: ReportSchedule) => {
    try {
      await deleteSchedule(report.code, s.id);
      if (editing?.id === s.id) stopEditing();
      schedules.reload();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  const when = (s: ReportSchedule) =>
    s.frequency === 'weekly'
      ? t('schedules.everyWeek', { day: weekdayLabel(s.weekday ?? 1), time: s.time_of_day })
      : s.frequency === 'monthly'
        ? t('schedules.everyMonth', { day: s.day_of_month ?? 1, time: s.time_of_day })
        : t('schedules.everyDay', { time: s.time_of_day });

  return (
    <Modal open={open} title={t('schedules.title', { name: report.label })} onCancel={onClose} footer={null} width={720} destroyOnHidden data-testid="report-schedules-dialog">
      <Typography.Paragraph type="secondary">{t('schedules.hint')}</Typography.Paragraph>
      <List<ReportSchedule>
        size="small"
        bordered
        loading={schedules.loading}
        dataSource={schedules.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('schedules.none')} /> }}
        data-testid="report-schedules"
        renderItem={(s) => (
          <List.Item
            data-testid="report-schedule"
            className={editing?.id === s.id ? 'report-schedule-editing' : undefined}
            actions={[
              <Button key="edit" type="text" size="small" icon={<EditOutlined />} aria-label={t('schedules.edit')} onClick={() => edit(s)} data-testid="report-schedule-edit" />,
              <Popconfirm key="del" title={t('schedules.confirmDelete')} onConfirm={() => void remove(s)} okText={t('schedules.delete')} cancelText={t('reports.cancel')}>
                <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('schedules.delete')} data-testid="report-schedule-delete" />
              </Popconfirm>,
            ]}
          >
            <Space direction="vertical" size={0}>
              <Space size={4}>
                <Typography.Text strong>{when(s)}</Typography.Text>
                <Tag>{s.format === 'csv' ? 'CSV' : 'Excel'}</Tag>
              </Space>
              {parameters.length > 0 && (
                <Typography.Text data-testid="report-schedule-parameters">{t('schedules.parametersUsed', { values: parametersText(parameters, s.parameters ?? {}, i18n) })}</Typography.Text>
              )}
              <RecipientNames schedule={s} roleLabel={(code) => roles.data?.find((r) => r.value === code)?.label ?? code} />
              <Typography.Text type="secondary" data-testid="report-schedule-next">
                {t('schedules.nextRun', { at: s.next_run_at ? formatDateTime(s.next_run_at) : '—' })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t(editing ? 'schedules.editing' : 'schedules.add')}
      </Typography.Title>
      <Form form={form} layout="vertical" initialValues={{ frequency: 'weekly', weekday: 1, day_of_month: 1, format: 'xlsx' }}>
        <Space wrap align="start">
          <Form.Item name="frequency" label={t('schedules.frequency')}>
            <Select style={{ width: 120 }} data-testid="schedule-frequency" options={(['daily', 'weekly', 'monthly'] as const).map((f) => ({ value: f, label: t(`schedules.${f}`) }))} />
          </Form.Item>
          {frequency === 'weekly' && (
            <Form.Item name="weekday" label={t('schedules.weekday')}>
              <Select style={{ width: 110 }} data-testid="schedule-weekday" options={WEEKDAYS.map((d) => ({ value: d, label: weekdayLabel(d) }))} />
            </Form.Item>
          )}
          {frequency === 'monthly' && (
            <Form.Item name="day_of_month" label={t('schedules.dayOfMonth')} extra={t('schedules.dayOfMonthHint')}>
              <InputNumber min={1} max={31} precision={0} style={{ width: 110 }} data-testid="schedule-day" />
            </Form.Item>
          )}
          <Form.Item name="time" label={t('schedules.time')} rules={[{ required: true, message: t('schedules.timeRequired') }]}>
            <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} placeholder={t('schedules.timePlaceholder')} data-testid="schedule-time" />
          </Form.Item>
          <Form.Item name="format" label={t('schedules.format')}>
            <Select style={{ width: 110 }} options={[{ value: 'xlsx', label: 'Excel' }, { value: 'csv', label: 'CSV' }]} />
          </Form.Item>
        </Space>
        <Form.Item name="users" label={t('schedules.users')}>
          <PickMany target="app_user" />
        </Form.Item>
        <Form.Item name="roles" label={t('schedules.roles')}>
          <Select mode="multiple" allowClear options={roles.data ?? []} loading={roles.loading} optionFilterProp="label" placeholder={t('schedules.rolesPlaceholder')} data-testid="schedule-roles" />
        </Form.Item>
        <Form.Item name="departments" label={t('schedules.departments')} extra={t('schedules.recipientsHint')}>
          <PickMany target="department" />
        </Form.Item>
        <ParameterInputs parameters={parameters} hint="schedules.parametersHint" testPrefix="schedule" />
        <Space>
          <Button type="primary" onClick={() => void add()} data-testid="schedule-add">
            {t(editing ? 'schedules.save' : 'schedules.addButton')}
          </Button>
          {editing && (
            <Button onClick={stopEditing} data-testid="schedule-cancel-edit">
              {t('schedules.cancelEdit')}
            </Button>
          )}
        </Space>
      </Form>
    </Modal>
  );
}

function RecipientNames({ schedule, roleLabel }: { schedule: ReportSchedule; roleLabel(code: string): string }) {
  const { t } = useI18n();
  const user = useRefNames('app_user', schedule.recipients.users);
  const department = useRefNames('department', schedule.recipients.departments);
  const names = [
    ...schedule.recipients.users.map((id) => user(id) ?? '…'),
    ...schedule.recipients.roles.map((code) => t('schedules.roleNamed', { name: roleLabel(code) })),
    ...schedule.recipients.departments.map((id) => t('schedules.departmentNamed', { name: department(id) ?? '…' })),
  ];
  return <Typography.Text data-testid="report-schedule-recipients">{t('schedules.to', { names: names.join('、') })}</Typography.Text>;
}

/** Users or departments picked by name; the form item supplies value and onChange. */
function PickMany({ target, value, onChange }: { target: string; value?: string[]; onChange?(value: string[]): void }) {
  return <RefSelect target={target} multiple value={value ?? []} onChange={(v) => onChange?.((v as string[] | undefined) ?? [])} />;
}
