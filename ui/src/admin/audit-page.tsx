// 系统日志: the audit log (the audit function), filtered by user, object, record, action and time, newest first, a page
// at a time; each entry opens to its changes as before / after.
import { useMemo, useState } from 'react';
import { Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { fetchAudit, type AuditEntry, type AuditFilters } from '../api/users-api';
import { RefSelect } from '../common/ref-select';
import { useAsync } from '../common/use-async';
import { useEntitySummaries } from '../common/use-meta';
import { fetchEntityMeta } from '../api/meta-api';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { AdminPageHeader } from './admin-page-header';
import { AuditChanges } from './audit-changes';

const ACTIONS = ['login', 'login_failed', 'logout', 'view', 'create', 'update', 'delete', 'role_change', 'permission_change', 'handover', 'export', 'import', 'approve', 'assign', 'password_change', 'metadata_change', 'file_upload', 'file_download', 'file_delete', 'file_purge', 'backup'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 20;

function EntryChanges({ entry }: { entry: AuditEntry }) {
  // Entries of entities that are gone (or of no entity) show the stored names.
  const meta = useAsync(() => (entry.entity ? fetchEntityMeta(entry.entity).catch(() => undefined) : Promise.resolve(undefined)), [entry.entity]);
  const fields = useMemo(() => (meta.data ? new Map(meta.data.fields.map((f) => [f.name, f])) : undefined), [meta.data]);
  return <AuditChanges entry={entry} fields={fields} />;
}

export function AuditPage() {
  const { t, label } = useI18n();
  const entities = useEntitySummaries();
  const [draft, setDraft] = useState<{ actor?: string; entity?: string; record: string; action?: string; range?: [Dayjs | null, Dayjs | null] | null }>({ record: '' });
  const [filters, setFilters] = useState<AuditFilters>({});
  // Cursors of the pages before the current one, and the current one's.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useAsync(() => fetchAudit(filters, cursor, PAGE), [filters, cursor]);
  const recordInvalid = draft.record.trim() !== '' && !UUID.test(draft.record.trim());

  const apply = () => {
    if (recordInvalid) return;
    const [from, to] = draft.range ?? [];
    setFilters({
      actor_id: draft.actor,
      entity: draft.entity,
      record_id: draft.record.trim() || undefined,
      action: draft.action,
      from: from ? from.startOf('day').format('YYYY-MM-DD') : undefined,
      to: to ? to.add(1, 'day').startOf('day').format('YYYY-MM-DD') : undefined,
    });
    setCursors([null]);
  };
  const actionText = (a: string) => t(`audit.action.${a}` as MessageKey);
  const entityText = (e: string | null) => (e ? label(entities.data?.get(e)?.labels, e) : '');

  return (
    <div className="admin-page" data-testid="audit-page">
      <AdminPageHeader title={t('page.audit')} intro={t('audit.intro')} onRefresh={page.reload} error={page.error} />
      <Space className="admin-toolbar" wrap>
        <div style={{ width: 180 }}>
          <RefSelect target="app_user" value={draft.actor} onChange={(v) => setDraft({ ...draft, actor: v as string | undefined })} placeholder={t('audit.filter.user')} />
        </div>
        <Select allowClear showSearch optionFilterProp="label" style={{ width: 160 }} placeholder={t('audit.filter.entity')} value={draft.entity} onChange={(v) => setDraft({ ...draft, entity: v })} options={[...(entities.data?.values() ?? [])].map((e) => ({ value: e.name, label: label(e.labels, e.name) }))} data-testid="audit-entity" />
        <Input allowClear style={{ width: 300 }} placeholder={t('audit.filter.record')} value={draft.record} status={recordInvalid ? 'error' : undefined} onChange={(e) => setDraft({ ...draft, record: e.target.value })} data-testid="audit-record" />
        <Select allowClear style={{ width: 140 }} placeholder={t('audit.filter.action')} value={draft.action} onChange={(v) => setDraft({ ...draft, action: v })} options={ACTIONS.map((a) => ({ value: a, label: actionText(a) }))} data-testid="audit-action" />
        <DatePicker.RangePicker value={draft.range ?? null} onChange={(v) => setDraft({ ...draft, range: v })} />
        <Button type="primary" onClick={apply} disabled={recordInvalid} data-testid="audit-search">
          {t('audit.search')}
        </Button>
      </Space>
      {recordInvalid && <Typography.Paragraph type="danger">{t('audit.recordInvalid')}</Typography.Paragraph>}
      <Table<AuditEntry>
        rowKey="seq"
        size="small"
        loading={page.loading}
        dataSource={page.data?.data ?? []}
        pagination={false}
        locale={{ emptyText: t('audit.none') }}
        expandable={{ expandedRowRender: (e) => <EntryChanges entry={e} />, rowExpandable: (e) => !!e.changes && Object.keys(e.changes).length > 0 }}
        columns={[
          { key: 'time', title: t('audit.col.time'), width: 150, render: (_, e) => formatDateTime(e.logged_at) },
          { key: 'user', title: t('audit.col.user'), width: 140, render: (_, e) => (e.actor_kind === 'system' ? t('history.system') : e.actor_name) },
          { key: 'action', title: t('audit.col.action'), width: 110, render: (_, e) => <Tag>{actionText(e.action)}</Tag> },
          { key: 'entity', title: t('audit.col.entity'), width: 120, render: (_, e) => entityText(e.entity) },
          { key: 'record', title: t('audit.col.record'), ellipsis: true, render: (_, e) => e.record_id ?? '' },
          { key: 'reason', title: t('audit.col.reason'), ellipsis: true, render: (_, e) => e.context.reason ?? '' },
        ]}
      />
      <Space className="audit-pager">
        <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('audit.previous')}
        </Button>
        <Button disabled={!page.data?.next_cursor} onClick={() => setCursors([...cursors, page.data!.next_cursor])} data-testid="audit-next">
          {t('audit.next')}
        </Button>
      </Space>
    </div>
  );
}
