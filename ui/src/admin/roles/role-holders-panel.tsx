// Who holds the role: users (directly, through a group or their position), and the groups and positions giving it.
import { Descriptions, Space, Tag } from 'antd';
import { fetchRoleHolders } from '../../api/roles-api';
import { RefValues } from '../../common/field-value';
import { useAsync } from '../../common/use-async';
import { useI18n } from '../../i18n/i18n-context';
import { AdminPageHeader } from '../admin-page-header';

export function RoleHoldersPanel({ code }: { code: string }) {
  const { t } = useI18n();
  const holders = useAsync(() => fetchRoleHolders(code), [code]);
  const none = <span className="role-hint">{t('role.holders.none')}</span>;
  const h = holders.data;
  return (
    <div data-testid="role-holders">
      <AdminPageHeader title={t('role.tab.holders')} intro={t('role.holders.intro')} onRefresh={holders.reload} error={holders.error} />
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('role.holders.users')}>
          {h?.users.length ? (
            <Space wrap>
              {h.users.map((u) => (
                <Tag key={u.id}>
                  {u.displayName}({u.username}){u.department && <> · <RefValues target="department" ids={[u.department]} /></>}
                </Tag>
              ))}
            </Space>
          ) : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('role.holders.groups')}>{h?.groups.length ? <Space wrap>{h.groups.map((g) => <Tag key={g.id}>{g.name}</Tag>)}</Space> : none}</Descriptions.Item>
        <Descriptions.Item label={t('role.holders.positions')}>{h?.positions.length ? <Space wrap>{h.positions.map((p) => <Tag key={p.id}>{p.name}</Tag>)}</Space> : none}</Descriptions.Item>
      </Descriptions>
    </div>
  );
}
