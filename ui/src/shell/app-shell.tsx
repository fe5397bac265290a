// The signed-in workspace: top bar, side menu from metadata, and the document tabs.
import { useState } from 'react';
import { Alert, Button, Layout, Spin } from 'antd';
import { fetchMenus } from '../api/meta-api';
import { useMe } from '../auth/session-context';
import { useAsync } from '../common/use-async';
import { useEntitySummaries, useModelVersion } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { DocumentTabs } from './document-tabs';
import { SideMenu } from './side-menu';
import { TabsProvider } from './tabs-context';
import { TopBar } from './top-bar';

export function AppShell() {
  const me = useMe();
  const { t, locale } = useI18n();
  const model = useModelVersion();
  const menus = useAsync(() => fetchMenus(), [locale, model]);
  const entities = useEntitySummaries();
  // Tablets start with the menu folded so the documents get the width.
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 1100);

  if (menus.error || entities.error) {
    return (
      <div className="center-page">
        <Alert type="error" showIcon title={t('app.loadFailed')} action={<Button onClick={() => (menus.reload(), entities.reload())}>{t('app.retry')}</Button>} />
      </div>
    );
  }
  // Reloads after a model change keep the previous menus on screen until the new ones arrive.
  if (!menus.data || !entities.data) return <Spin className="center-page" size="large" />;

  return (
    <TabsProvider userId={me.user.id}>
      <Layout className="app-layout">
        <Layout.Header className="app-header">
          <TopBar entities={entities.data} collapsed={collapsed} onToggleMenu={() => setCollapsed((c) => !c)} />
        </Layout.Header>
        <Layout>
          <Layout.Sider className="app-sider" theme="light" width={200} collapsedWidth={56} collapsed={collapsed} trigger={null}>
            <SideMenu menus={menus.data} collapsed={collapsed} />
          </Layout.Sider>
          <Layout.Content className="app-content">
            <DocumentTabs entities={entities.data} />
          </Layout.Content>
        </Layout>
      </Layout>
    </TabsProvider>
  );
}
