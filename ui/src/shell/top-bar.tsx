// The top bar: product name, global search, messages bell, language switch, and the user menu (更改密码, sign-out).
import { useState } from 'react';
import { App, Avatar, Dropdown, Modal, Space, Typography } from 'antd';
import { KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import type { EntitySummary } from '../api/types';
import { ChangePasswordForm } from '../auth/change-password-form';
import { useMe, useSession } from '../auth/session-context';
import { useI18n } from '../i18n/i18n-context';
import { GlobalSearch } from './global-search';
import { LanguageSwitch } from './language-switch';
import { MessagesBell } from './messages-bell';

export function TopBar({ entities, collapsed, onToggleMenu }: { entities: Map<string, EntitySummary>; collapsed: boolean; onToggleMenu(): void }) {
  const { t } = useI18n();
  const me = useMe();
  const { signOut } = useSession();
  const { message } = App.useApp();
  const [changingPassword, setChangingPassword] = useState(false);
  return (
    <div className="top-bar">
      <button type="button" className="menu-toggle" aria-label={t('shell.menu')} onClick={onToggleMenu}>
        {collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
      </button>
      <Typography.Text strong className="product-name">
        {t('app.name')}
      </Typography.Text>
      <div className="top-bar-search">
        <GlobalSearch entities={entities} />
      </div>
      <Space size="middle" className="top-bar-right">
        <MessagesBell entities={entities} />
        <LanguageSwitch />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'roles', label: t('shell.rolesLine', { roles: me.roles.map((r) => r.name).join(t('app.separator')) || t('value.empty') }), disabled: true },
              { type: 'divider' },
              { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-change-password">{t('password.title')}</span>, onClick: () => setChangingPassword(true) },
              { key: 'signOut', icon: <LogoutOutlined />, label: t('shell.signOut'), onClick: () => void signOut() },
            ],
          }}
        >
          <button type="button" className="user-button" data-testid="user-menu">
            <Avatar size="small" icon={<UserOutlined />} />
            <span className="user-name">{me.user.username}</span>
          </button>
        </Dropdown>
      </Space>
      <Modal open={changingPassword} title={t('password.title')} footer={null} destroyOnHidden onCancel={() => setChangingPassword(false)}>
        <Typography.Paragraph type="secondary">{t('password.intro')}</Typography.Paragraph>
        <ChangePasswordForm
          onDone={() => {
            setChangingPassword(false);
            message.success(t('password.changed'));
          }}
        />
      </Modal>
    </div>
  );
}
