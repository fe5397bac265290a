// 角色设计: a role's permission document as a matrix in Chinese — 系统 (modules), 界面 (menus), 功能 (functions),
// 数据权限 (entity actions × record scope, field rights) — saved as the role record, where the server refuses
// rights the editor does not hold (403 shown at the cell). Beside it: who holds the role, and "以此角色预览".
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Empty, Input, Layout, Menu, Modal, Space, Tabs, Tree, Typography } from 'antd';
import { PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { fetchMenus } from '../../api/meta-api';
import { createRecord, listRecords, updateRecord } from '../../api/records-api';
import { SYSTEM_FUNCTIONS, type EntityGrant, type RolePermissions } from '../../api/roles-api';
import type { MenuItem, RecordData } from '../../api/types';
import { errorText } from '../../common/error-text';
import { useAsync } from '../../common/use-async';
import { useEntitySummaries } from '../../common/use-meta';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh-CN';
import { AdminPageHeader } from '../admin-page-header';
import { EntityMatrix } from './entity-matrix';
import { menuNodes } from './menu-nodes';
import { RoleHoldersPanel } from './role-holders-panel';
import { RolePreviewPanel } from './role-preview-panel';
import { RoleProblemList, roleProblemText } from './role-problem-list';

const ALL = '*';

export function RoleDesignerPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const roles = useAsync(() => listRecords('role', { sort: 'code', limit: 500 }).then((r) => r.data), []);
  const summaries = useEntitySummaries();
  const menus = useAsync(fetchMenus, []);
  const [selected, setSelected] = useState<string>();
  const [doc, setDoc] = useState<RolePermissions>({});
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [creating, setCreating] = useState(false);
  const role = roles.data?.find((r) => r.id === selected) ?? roles.data?.[0];

  useEffect(() => {
    setDoc(structuredClone((role?.permissions as RolePermissions | undefined) ?? {}));
    setFailure(undefined);
  }, [role]);

  const entities = useMemo(() => [...(summaries.data?.values() ?? [])].sort((a, b) => (a.module ?? '').localeCompare(b.module ?? '')), [summaries.data]);
  const modules = useMemo(() => [...new Set(entities.map((e) => e.module).filter((m): m is string => !!m))], [entities]);
  // 403: rights the editor does not hold; 422: rights the model does not know (an entity, field or module). Both are
  // shown at their cell and listed together, every one of them.
  const problems = failure instanceof ApiError && (failure.status === 403 || failure.status === 422) ? failure.details : [];
  const notHeld = failure instanceof ApiError && failure.status === 403;
  const problemAt = (pointer: string) => {
    const found = problems.find((d) => d.path === pointer);
    return found ? roleProblemText(t, found, notHeld) : undefined;
  };
  const listProblem = (pointer: string) => problems.filter((d) => d.path === pointer).map((d) => d.message).join(';');

  const save = async () => {
    if (!role) return;
    setSaving(true);
    setFailure(undefined);
    try {
      await updateRecord('role', role.id, { permissions: doc }, role.version);
      message.success(t('role.saved', { name: String(role.name) }));
      roles.reload();
    } catch (e) {
      setFailure(e);
    } finally {
      setSaving(false);
    }
  };
  const setList = (key: 'modules' | 'menus' | 'functions', values: string[]) => setDoc({ ...doc, [key]: values });
  const setGrant = (entity: string, grant: EntityGrant | undefined) => {
    const next = { ...doc.entities };
    if (grant) next[entity] = grant;
    else delete next[entity];
    setDoc({ ...doc, entities: next });
  };

  const moduleList = doc.modules ?? [ALL];
  const checkList = (key: 'modules' | 'menus' | 'functions', list: string[], items: { value: string; label: string }[], allLabel: MessageKey) => (
    <>
      <Checkbox checked={list.includes(ALL)} onChange={(e) => setList(key, e.target.checked ? [ALL] : [])} data-testid={`role-${key}-all`}>
        {t(allLabel)}
      </Checkbox>
      {!list.includes(ALL) && (
        <Checkbox.Group className="role-checks" value={list} onChange={(v) => setList(key, v as string[])} options={items} data-testid={`role-${key}`} />
      )}
      {listProblem(`/permissions/${key}`) && <Alert type="error" showIcon className="admin-alert" title={t('role.listNotHeld')} description={listProblem(`/permissions/${key}`)} />}
    </>
  );

  return (
    <div className="admin-page role-designer" data-testid="role-designer-page">
      <AdminPageHeader title={t('page.roleDesigner')} intro={t('role.intro')} onRefresh={roles.reload} error={roles.error ?? summaries.error} />
      <Layout className="role-layout">
        <Layout.Sider width={200} theme="light" className="role-sider">
          <Menu mode="inline" selectedKeys={role ? [role.id] : []} onClick={(e) => setSelected(e.key)} items={(roles.data ?? []).map((r) => ({ key: r.id, label: String(r.name), 'data-testid': `role-item-${String(r.code)}` }))} />
          <Button block type="dashed" icon={<PlusOutlined />} onClick={() => setCreating(true)} className="role-new">
            {t('role.create')}
          </Button>
        </Layout.Sider>
        <Layout.Content className="role-content">
          {!role ? (
            <Empty description={t('role.none')} />
          ) : (
            <Card
              size="small"
              title={<Space>{String(role.name)}<Typography.Text type="secondary">{String(role.description ?? '')}</Typography.Text></Space>}
              extra={<Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="role-save">{t('role.save')}</Button>}
            >
              {failure !== undefined && (
                <Alert
                  type="error"
                  showIcon
                  className="admin-alert"
                  title={problems.length ? t(notHeld ? 'role.refused' : 'role.invalid', { count: problems.length }) : errorText(t, failure)}
                  description={problems.length ? <RoleProblemList problems={problems} notHeld={notHeld} entityLabel={(e) => (summaries.data?.get(e) ? label(summaries.data.get(e)!.labels, e) : undefined)} onRemoveEntity={(e) => setGrant(e, undefined)} /> : undefined}
                  data-testid="role-error"
                />
              )}
              <Tabs
                items={[
                  { key: 'entities', label: t('role.tab.entities'), children: <EntityMatrix entities={entities} grants={doc.entities ?? {}} onChange={setGrant} problemAt={problemAt} /> },
                  { key: 'modules', label: t('role.tab.modules'), children: checkList('modules', moduleList, modules.map((m) => ({ value: m, label: moduleLabel(t, m) })), 'role.allModules') },
                  { key: 'menus', label: t('role.tab.menus'), children: <MenuChecks menus={menus.data ?? []} value={doc.menus ?? []} onChange={(v) => setList('menus', v)} problem={listProblem('/permissions/menus')} label={label} /> },
                  { key: 'functions', label: t('role.tab.functions'), children: checkList('functions', doc.functions ?? [], SYSTEM_FUNCTIONS.map((f) => ({ value: f, label: t(`role.function.${f}` as MessageKey) })), 'role.allFunctions') },
                  { key: 'holders', label: t('role.tab.holders'), children: <RoleHoldersPanel code={String(role.code)} /> },
                  { key: 'preview', label: t('role.tab.preview'), children: <RolePreviewPanel code={String(role.code)} /> },
                ]}
              />
            </Card>
          )}
        </Layout.Content>
      </Layout>
      {creating && <NewRoleDialog onClose={() => setCreating(false)} onCreated={(r) => { setCreating(false); roles.reload(); setSelected(r.id); }} />}
    </div>
  );
}

function moduleLabel(t: (k: MessageKey) => string, module: string): string {
  const key = `role.module.${module}` as MessageKey;
  const text = t(key);
  return text === key ? module : text;
}

function MenuChecks({ menus, value, onChange, problem, label }: { menus: MenuItem[]; value: string[]; onChange(v: string[]): void; problem: string; label: (l: MenuItem['labels'] | undefined, fallback?: string) => string }) {
  const { t } = useI18n();
  return (
    <>
      <Checkbox checked={value.includes(ALL)} onChange={(e) => onChange(e.target.checked ? [ALL] : [])} data-testid="role-menus-all">
        {t('role.allMenus')}
      </Checkbox>
      <p className="role-hint">{t('role.menusHint')}</p>
      {!value.includes(ALL) && (
        <Tree checkable checkStrictly defaultExpandAll selectable={false} treeData={menuNodes(menus, label)} checkedKeys={value} onCheck={(keys) => onChange((Array.isArray(keys) ? keys : keys.checked).map(String))} data-testid="role-menu-tree" />
      )}
      {problem && <Alert type="error" showIcon className="admin-alert" title={t('role.listNotHeld')} description={problem} />}
    </>
  );
}

function NewRoleDialog({ onClose, onCreated }: { onClose(): void; onCreated(r: RecordData): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [failure, setFailure] = useState<unknown>();
  const create = async () => {
    try {
      onCreated(await createRecord('role', { code, name, permissions: { modules: [], menus: [], functions: [], entities: {} } }));
    } catch (e) {
      setFailure(e);
    }
  };
  return (
    <Modal open title={t('role.create')} okText={t('role.createOk')} onOk={() => void create()} onCancel={onClose} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input addonBefore={t('role.code')} value={code} onChange={(e) => setCode(e.target.value)} placeholder="purchaser" />
        <Input addonBefore={t('role.name')} value={name} onChange={(e) => setName(e.target.value)} />
        {failure !== undefined && <Alert type="error" showIcon title={errorText(t, failure)} description={failure instanceof ApiError ? failure.details.map((d) => d.message).join(';') : undefined} />}
      </Space>
    </Modal>
  );
}
