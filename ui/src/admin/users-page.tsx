// 用户管理: every user with department, position, roles, whether active and when they last signed in; create with an
// initial password, edit, disable / enable, reset the password, hand their records over. All through the server (the
// users function; handover needs its own). The org chart shows the same panel for one department.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { listRecords, updateRecord } from '../api/records-api';
import type { RecordData } from '../api/types';
import { fetchLastSignIns } from '../api/users-api';
import { errorText } from '../common/error-text';
import { RefValues } from '../common/field-value';
import { useAsync } from '../common/use-async';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import { useMe } from '../auth/session-context';
import { holdsFunction } from '../shell/pages';
import { AdminPageHeader } from './admin-page-header';
import { HandoverDialog } from './handover-dialog';
import { ResetPasswordDialog } from './reset-password-dialog';
import { UserDialog } from './user-dialog';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: RecordData } | { kind: 'reset'; user: RecordData } | { kind: 'handover'; user: RecordData };

const ids = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : []);

export function UsersPage() {
  const { t } = useI18n();
  const [nonce, setNonce] = useState(0);
  return (
    <div className="admin-page" data-testid="users-page">
      <AdminPageHeader title={t('page.users')} intro={t('users.intro')} onRefresh={() => setNonce((n) => n + 1)} />
      <UsersPanel key={nonce} />
    </div>
  );
}

/** The users table with its dialogs; `department`: only that department's users, and new users start in it. */
export function UsersPanel({ department, onChanged }: { department?: string; onChanged?(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const users = useAsync(async () => {
    const filter = department ? { '==': [{ var: 'dept' }, department] } : undefined;
    const [list, seen] = await Promise.all([listRecords('app_user', { sort: 'username', limit: 500, filter }), fetchLastSignIns()]);
    return { list: list.data, seen };
  }, [department]);
  const [dialog, setDialog] = useState<Dialog>();
  const [query, setQuery] = useState('');

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = users.data?.list ?? [];
    return q ? all.filter((u) => `${String(u.username)} ${String(u.display_name ?? '')}`.toLowerCase().includes(q)) : all;
  }, [users.data, query]);

  const setActive = async (user: RecordData, active: boolean) => {
    try {
      await updateRecord('app_user', user.id, { active }, user.version);
      message.success(t(active ? 'users.enabled' : 'users.disabled', { name: String(user.display_name ?? user.username) }));
      users.reload();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  const saved = (text: string) => {
    message.success(text);
    setDialog(undefined);
    users.reload();
    onChanged?.();
  };

  return (
    <div data-testid="users-panel">
      {users.error !== undefined && <Alert type="error" showIcon title={errorText(t, users.error)} className="admin-alert" />}
      <Space className="admin-toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="users-create">
          {t('users.create')}
        </Button>
        <Input.Search allowClear placeholder={t('users.search')} onChange={(e) => setQuery(e.target.value)} style={{ width: 240 }} />
      </Space>
      <Table<RecordData>
        rowKey="id"
        className="users-table"
        scroll={{ x: 'max-content' }}
        size="middle"
        loading={users.loading}
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('users.none') }}
        columns={[
          { key: 'username', title: t('users.col.username'), dataIndex: 'username' },
          { key: 'name', title: t('users.col.name'), dataIndex: 'display_name' },
          { key: 'dept', title: t('users.col.department'), render: (_, u) => <RefValues target="department" ids={ids(u.dept)} /> },
          { key: 'position', title: t('users.col.position'), render: (_, u) => <RefValues target="position" ids={ids(u.position)} /> },
          { key: 'roles', title: t('users.col.roles'), render: (_, u) => <RefValues target="role" ids={ids(u.roles)} /> },
          { key: 'active', title: t('users.col.active'), render: (_, u) => (u.active === false ? <Tag color="default">{t('users.inactive')}</Tag> : <Tag color="green">{t('users.active')}</Tag>) },
          { key: 'seen', title: t('users.col.lastSignIn'), render: (_, u) => formatDateTime(users.data?.seen[u.id]) || t('users.neverSignedIn') },
          {
            key: 'actions',
            title: t('users.col.actions'),
            className: 'users-actions',
            render: (_, u) => (
              <Space size="small" wrap>
                <Button size="small" onClick={() => setDialog({ kind: 'edit', user: u })}>
                  {t('users.edit')}
                </Button>
                <Button size="small" onClick={() => setDialog({ kind: 'reset', user: u })} data-testid={`users-reset-${String(u.username)}`}>
                  {t('users.reset')}
                </Button>
                {holdsFunction(me, 'handover') && (
                  <Button size="small" onClick={() => setDialog({ kind: 'handover', user: u })} data-testid={`users-handover-${String(u.username)}`}>
                    {t('handover.open')}
                  </Button>
                )}
                {u.active === false ? (
                  <Button size="small" onClick={() => void setActive(u, true)}>
                    {t('users.enable')}
                  </Button>
                ) : (
                  <Popconfirm title={t('users.disableConfirm', { name: String(u.display_name ?? u.username) })} onConfirm={() => void setActive(u, false)}>
                    <Button size="small" danger>
                      {t('users.disable')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {dialog?.kind === 'handover' && <HandoverDialog user={dialog.user} onClose={() => setDialog(undefined)} onDone={() => saved(t('handover.done'))} />}
      {dialog?.kind === 'create' && <UserDialog department={department} onClose={() => setDialog(undefined)} onSaved={() => saved(t('users.created'))} />}
      {dialog?.kind === 'edit' && <UserDialog user={dialog.user} onClose={() => setDialog(undefined)} onSaved={() => saved(t('users.saved'))} />}
      {dialog?.kind === 'reset' && <ResetPasswordDialog user={dialog.user} onClose={() => setDialog(undefined)} onSaved={() => saved(t('users.resetDone'))} />}
    </div>
  );
}
