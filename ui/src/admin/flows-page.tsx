// 流程设计: every workflow with the version in force and the approvals running on each version; opening one shows
// the designer. The designer saves the admin's edited copy through the admin metadata door (plan first).
import { useState } from 'react';
import { Button, Card, Empty, Table, Tag } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { fetchFlows, type FlowSummary } from '../api/flows-api';
import { useAsync } from '../common/use-async';
import { useEntitySummaries } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { AdminPageHeader } from './admin-page-header';
import { FlowDesigner } from './flow-designer';

export function FlowsPage() {
  const { t, label } = useI18n();
  const flows = useAsync(() => fetchFlows(), []);
  const entities = useEntitySummaries();
  const [open, setOpen] = useState<string>();
  if (open) return <FlowDesigner name={open} onBack={() => (setOpen(undefined), flows.reload())} />;
  return (
    <div className="admin-page" data-testid="flows-page">
      <AdminPageHeader title={t('page.flows')} intro={t('flows.intro')} onRefresh={flows.reload} error={flows.error} />
      <Card size="small">
        <Table<FlowSummary>
          size="small"
          rowKey="name"
          loading={flows.loading}
          dataSource={flows.data ?? []}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('flows.none')} /> }}
          onRow={(r) => ({ 'data-testid': `flow-${r.name}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'name', title: t('flows.col.name'), render: (_: unknown, r) => label(r.labels, r.name) },
            { key: 'entity', title: t('flows.col.entity'), render: (_: unknown, r) => label(entities.data?.get(r.entity)?.labels, r.entity) },
            { key: 'origin', title: t('flows.col.origin'), render: (_: unknown, r) => <Tag color={r.origin === 'admin' ? 'blue' : undefined}>{t(`flows.origin.${r.origin}`)}</Tag> },
            { key: 'version', title: t('flows.col.version'), render: (_: unknown, r) => (r.currentVersion ? t('flows.versionN', { n: r.currentVersion }) : '—') },
            {
              key: 'running',
              title: t('flows.col.running'),
              render: (_: unknown, r) =>
                Object.keys(r.running).length
                  ? Object.entries(r.running).map(([v, n]) => <Tag key={v}>{t('flows.runningOn', { version: v, count: n })}</Tag>)
                  : <span className="value-empty">{t('flows.noneRunning')}</span>,
            },
            {
              key: 'actions',
              title: '',
              width: 110,
              render: (_: unknown, r) => (
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setOpen(r.name)} data-testid="flow-open">
                  {t('flows.design')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
