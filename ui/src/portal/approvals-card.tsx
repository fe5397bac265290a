// 我的审批: approval tasks waiting for me (from /api/inbox), oldest first; each opens its record in a tab.
import { Badge, Card, Table, Typography } from 'antd';
import { fetchInbox, type InboxItem } from '../api/workflow-api';
import { useAsync } from '../common/use-async';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';

export function ApprovalsCard() {
  const { t, label } = useI18n();
  const tabs = useTabs();
  const inbox = useAsync(() => fetchInbox(), []);
  const items = inbox.data ?? [];
  return (
    <Card
      size="small"
      className="portal-card"
      data-testid="portal-approvals"
      title={
        <span>
          {t('portal.approvals')}
          {inbox.data && <Badge count={items.length} showZero overflowCount={999} color={items.length ? '#fa8c16' : '#8c9bb0'} className="card-count" />}
        </span>
      }
      extra={
        <Typography.Link onClick={inbox.reload} className="portal-more">
          {t('list.refresh')}
        </Typography.Link>
      }
    >
      <Table<InboxItem>
        size="small"
        rowKey="task_id"
        loading={inbox.loading}
        dataSource={items}
        pagination={false}
        tableLayout="fixed"
        locale={{ emptyText: inbox.error ? t('app.loadFailed') : t('portal.inboxEmpty') }}
        columns={[
          {
            key: 'display',
            title: t('portal.document'),
            ellipsis: true,
            render: (_: unknown, item: InboxItem) => (
              <Typography.Link onClick={() => tabs.openRecord(item.entity, item.record_id)}>{item.display == null ? item.record_id.slice(0, 8) : String(item.display)}</Typography.Link>
            ),
          },
          { key: 'entity', title: t('portal.documentType'), width: 96, render: (_: unknown, item: InboxItem) => <Typography.Text type="secondary">{label(item.entity_labels, item.entity)}</Typography.Text> },
          { key: 'submitter', title: t('portal.submittedBy'), width: 100, ellipsis: true, render: (_: unknown, item: InboxItem) => item.submitter_name ?? '—' },
          { key: 'since', title: t('portal.waitingSince'), width: 146, render: (_: unknown, item: InboxItem) => formatDateTime(item.created_at) },
        ]}
      />
    </Card>
  );
}
