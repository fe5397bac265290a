// 以此角色预览: the menu and an entity's first page as the saved role alone shows them to a sample user (default: me).
import { useState } from 'react';
import { Alert, Col, Empty, Row, Select, Space, Table, Tree, Typography } from 'antd';
import { fetchRolePreview } from '../../api/roles-api';
import type { RecordData } from '../../api/types';
import { RefSelect } from '../../common/ref-select';
import { RefValues } from '../../common/field-value';
import { useAsync } from '../../common/use-async';
import { useEntitySummaries } from '../../common/use-meta';
import { useI18n } from '../../i18n/i18n-context';
import { AdminPageHeader } from '../admin-page-header';
import { menuNodes } from './menu-nodes';

export function RolePreviewPanel({ code }: { code: string }) {
  const { t, label } = useI18n();
  const summaries = useEntitySummaries();
  const [entity, setEntity] = useState('customer');
  const [as, setAs] = useState<string>();
  const preview = useAsync(() => fetchRolePreview(code, entity, as), [code, entity, as]);
  const summary = summaries.data?.get(entity);
  const p = preview.data;
  return (
    <div data-testid="role-preview">
      <AdminPageHeader title={t('role.tab.preview')} intro={t('role.preview.intro')} onRefresh={preview.reload} error={preview.error} />
      <Space wrap className="admin-toolbar">
        <span>{t('role.preview.as')}</span>
        <div style={{ width: 200 }}>
          <RefSelect target="app_user" value={as} onChange={(v) => setAs(v as string | undefined)} placeholder={t('role.preview.asMe')} />
        </div>
        <span>{t('role.preview.entity')}</span>
        <Select style={{ width: 160 }} value={entity} onChange={setEntity} showSearch optionFilterProp="label" options={[...(summaries.data?.values() ?? [])].map((e) => ({ value: e.name, label: label(e.labels, e.name) }))} data-testid="role-preview-entity" />
      </Space>
      {p && (
        <Typography.Paragraph type="secondary">
          {t('role.preview.seenBy', { name: p.user.display_name })}
          {p.user.department && <> · <RefValues target="department" ids={[p.user.department]} /></>}
        </Typography.Paragraph>
      )}
      <Row gutter={16}>
        <Col span={7}>
          <Typography.Title level={5}>{t('role.preview.menu')}</Typography.Title>
          {p && (p.menus.length ? <Tree defaultExpandAll selectable={false} treeData={menuNodes(p.menus, label)} key={JSON.stringify(p.menus.map((m) => m.id))} data-testid="role-preview-menu" /> : <Empty description={t('role.preview.noMenu')} />)}
        </Col>
        <Col span={17}>
          <Typography.Title level={5}>{t('role.preview.list', { entity: label(summary?.labels, entity), count: p?.list?.count ?? 0 })}</Typography.Title>
          {p?.list && !p.list.readable ? (
            <Alert type="info" showIcon title={t('role.preview.noRead')} />
          ) : (
            <Table<RecordData>
              rowKey="id"
              size="small"
              loading={preview.loading}
              dataSource={p?.list?.data ?? []}
              pagination={false}
              locale={{ emptyText: t('role.preview.empty') }}
              data-testid="role-preview-list"
              columns={[
                { key: 'name', title: label(summary?.labels, entity), render: (_, r) => String(r[summary?.displayField ?? 'id'] ?? '') },
                { key: 'owner', title: t('role.preview.owner'), render: (_, r) => (typeof r.owner === 'string' ? <RefValues target="app_user" ids={[r.owner]} /> : null) },
                { key: 'dept', title: t('role.preview.department'), render: (_, r) => (typeof r.department === 'string' ? <RefValues target="department" ids={[r.department]} /> : null) },
              ]}
            />
          )}
        </Col>
      </Row>
    </div>
  );
}
