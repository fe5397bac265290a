// 组织架构: the department tree (drag to move, set the manager, add a sub-department), the selected department's
// positions, and its users with the users page's actions (create with an initial password, edit — moving a user to
// another department —, disable, reset password, handover). Everything is a record write the server checks.
import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Input, Modal, Row, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { createRecord, listRecords, updateRecord } from '../../api/records-api';
import type { RecordData } from '../../api/types';
import { errorText } from '../../common/error-text';
import { RefValues } from '../../common/field-value';
import { RefSelect } from '../../common/ref-select';
import { useAsync } from '../../common/use-async';
import { useI18n } from '../../i18n/i18n-context';
import { AdminPageHeader } from '../admin-page-header';
import { UsersPanel } from '../users-page';
import { DepartmentTree } from './department-tree';

type Adding = { kind: 'department' } | { kind: 'position' };

export function OrgChartPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const departments = useAsync(() => listRecords('department', { sort: 'sort_order,name', limit: 500 }).then((r) => r.data), []);
  const [selectedId, setSelected] = useState<string>();
  const selected = departments.data?.find((d) => d.id === selectedId) ?? departments.data?.find((d) => !d.parent);
  const positions = useAsync(
    () => (selected ? listRecords('position', { filter: { '==': [{ var: 'dept' }, selected.id] }, sort: 'name', limit: 200 }).then((r) => r.data) : Promise.resolve([] as RecordData[])),
    [selected?.id],
  );
  const [adding, setAdding] = useState<Adding>();
  const [name, setName] = useState('');

  const setManager = async (manager: string | undefined) => {
    if (!selected) return;
    try {
      await updateRecord('department', selected.id, { manager: manager ?? null }, selected.version);
      message.success(t('org.managerSet'));
      departments.reload();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  const add = async () => {
    if (!selected || !name.trim() || !adding) return;
    try {
      if (adding.kind === 'department') await createRecord('department', { name: name.trim(), parent: selected.id, company: selected.company ?? null });
      else await createRecord('position', { name: name.trim(), dept: selected.id });
      message.success(t('org.added', { name: name.trim() }));
      setAdding(undefined);
      setName('');
      if (adding.kind === 'department') departments.reload();
      else positions.reload();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };

  return (
    <div className="admin-page" data-testid="org-chart-page">
      <AdminPageHeader title={t('page.orgChart')} intro={t('org.intro')} onRefresh={departments.reload} error={departments.error} />
      <Row gutter={16}>
        <Col xs={24} md={7}>
          <Card size="small" title={t('org.departments')}>
            <DepartmentTree departments={departments.data ?? []} selected={selected?.id} onSelect={setSelected} onMoved={departments.reload} />
          </Card>
        </Col>
        <Col xs={24} md={17}>
          {selected && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Card size="small" title={String(selected.name)} extra={<Button icon={<PlusOutlined />} onClick={() => setAdding({ kind: 'department' })} data-testid="org-add-department">{t('org.addDepartment')}</Button>}>
                <Descriptions column={2} size="small">
                  <Descriptions.Item label={t('org.parent')}>{typeof selected.parent === 'string' ? <RefValues target="department" ids={[selected.parent]} /> : t('org.topLevel')}</Descriptions.Item>
                  <Descriptions.Item label={t('org.manager')}>
                    <div style={{ width: 200 }} data-testid="org-manager">
                      <RefSelect target="app_user" value={(selected.manager as string | null) ?? undefined} onChange={(v) => void setManager(v as string | undefined)} placeholder={t('org.noManager')} />
                    </div>
                  </Descriptions.Item>
                </Descriptions>
              </Card>
              <Card size="small" title={t('org.positions')} extra={<Button icon={<PlusOutlined />} onClick={() => setAdding({ kind: 'position' })}>{t('org.addPosition')}</Button>}>
                <Table<RecordData>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  loading={positions.loading}
                  dataSource={positions.data ?? []}
                  locale={{ emptyText: t('org.noPositions') }}
                  columns={[
                    { key: 'name', title: t('org.positionName'), dataIndex: 'name' },
                    { key: 'roles', title: t('users.col.roles'), render: (_, p) => <RefValues target="role" ids={Array.isArray(p.roles) ? (p.roles as string[]) : []} /> },
                  ]}
                />
              </Card>
              <Card size="small" title={t('org.users')}>
                <UsersPanel key={selected.id} department={selected.id} />
              </Card>
            </Space>
          )}
        </Col>
      </Row>
      {adding && (
        <Modal open title={t(adding.kind === 'department' ? 'org.addDepartment' : 'org.addPosition')} onOk={() => void add()} onCancel={() => setAdding(undefined)} okText={t('org.add')} destroyOnHidden>
          <Input autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder={t('org.namePlaceholder')} addonBefore={selected ? String(selected.name) : undefined} />
        </Modal>
      )}
    </div>
  );
}
