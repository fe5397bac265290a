// The open documents as tabs side by side. Hidden tabs stay mounted (their typed input lives on), closing one
// with unsaved changes asks first and then drops its draft.
import { lazy, memo, Suspense, useEffect, type ReactNode } from 'react';
import { Alert, App, Spin, Tabs } from 'antd';
import type { EntitySummary } from '../api/types';
import { useMe } from '../auth/session-context';
import { useI18n } from '../i18n/i18n-context';
import { PortalPage } from '../portal/portal-page';
import { discardDraft } from '../record/draft-store';
import { ADMIN_PAGES, mayOpenPage } from './pages';
import type { OpenTab } from './tab-specs';
import { useTabs } from './tabs-context';

// Lists and records carry the table, the form renderer and its validator: loaded when first opened.
const ListView = lazy(() => import('../list/list-view').then((m) => ({ default: m.ListView })));
const RecordPage = lazy(() => import('../record/record-page').then((m) => ({ default: m.RecordPage })));

// Memoised: a tab's own entry object only changes when that tab does, so typing in one document does not
// re-render the others.
const TabBody = memo(function TabBody({ tab }: { tab: OpenTab }) {
  const s = tab.spec;
  let body: ReactNode;
  if (s.kind === 'portal') body = <PortalPage />;
  else if (s.kind === 'page') body = <AdminPage page={s.page} />;
  else if (s.kind === 'list') body = <ListView entity={s.entity} filter={s.filter} filterTitle={s.title} />;
  else if (s.kind === 'record') body = <RecordPage tabKey={tab.key} entity={s.entity} id={s.id} />;
  else body = <RecordPage tabKey={tab.key} entity={s.entity} draftKey={s.draftKey} defaults={s.defaults} />;
  return <Suspense fallback={<Spin className="tab-loading" />}>{body}</Suspense>;
});

/** An administration page, for users holding its function (a shared link reaches others too: they are told). */
function AdminPage({ page }: { page: string }) {
  const { t } = useI18n();
  const me = useMe();
  const def = ADMIN_PAGES[page];
  if (!def) return <Alert type="info" showIcon title={t('shell.pageUnavailable')} className="page-alert" />;
  if (!mayOpenPage(me, def)) return <Alert type="warning" showIcon title={t('error.FORBIDDEN')} className="page-alert" />;
  const Page = def.component;
  return <Page />;
}

export function DocumentTabs({ entities }: { entities: Map<string, EntitySummary> }) {
  const { t, label } = useI18n();
  const me = useMe();
  const tabs = useTabs();
  const { modal } = App.useApp();

  const titleOf = (tab: OpenTab): string => {
    const s = tab.spec;
    if (s.kind === 'portal') return t('shell.portal');
    if (s.kind === 'page') return ADMIN_PAGES[s.page] ? t(ADMIN_PAGES[s.page]!.title) : s.page;
    const entityLabel = label(entities.get(s.entity)?.labels, s.entity);
    if (s.kind === 'list') return s.title ? `${entityLabel} · ${s.title}` : entityLabel;
    if (s.kind === 'new') return tab.title || t('record.newTitle', { entity: entityLabel });
    return tab.title || entityLabel;
  };

  // An entity gone from the model (its plugin uninstalled, a right withdrawn) takes its untouched tabs with it; tabs
  // with unsaved input stay, under their last title, until the user decides.
  const gone = entities.size ? tabs.tabs.filter((tab) => 'entity' in tab.spec && !entities.has(tab.spec.entity) && !tabs.dirty.has(tab.key)).map((tab) => tab.key) : [];
  const goneKey = gone.join(',');
  useEffect(() => {
    if (goneKey) goneKey.split(',').forEach((key) => tabs.close(key));
  }, [goneKey, tabs]);

  const close = (key: string) => {
    const tab = tabs.tabs.find((x) => x.key === key);
    if (!tab) return;
    if (!tabs.dirty.has(key)) return tabs.close(key);
    modal.confirm({
      title: t('shell.unsavedTitle'),
      content: t('shell.unsavedBody', { title: titleOf(tab) }),
      okText: t('shell.discardAndClose'),
      okButtonProps: { danger: true },
      cancelText: t('shell.cancel'),
      onOk: () => {
        if (tab.spec.kind === 'record' || tab.spec.kind === 'new') discardDraft(me.user.id, tab.spec);
        tabs.close(key);
      },
    });
  };

  return (
    <Tabs
      className="document-tabs"
      type="editable-card"
      hideAdd
      size="small"
      activeKey={tabs.active}
      onChange={tabs.activate}
      onEdit={(key, action) => action === 'remove' && typeof key === 'string' && close(key)}
      items={tabs.tabs.map((tab) => ({
        key: tab.key,
        closable: tab.spec.kind !== 'portal',
        label: (
          <span className="doc-tab-label" title={titleOf(tab)}>
            {tabs.dirty.has(tab.key) && <span className="dirty-dot" aria-label={t('record.unsaved')} />}
            <span className="doc-tab-text">{titleOf(tab)}</span>
          </span>
        ),
        children: <TabBody tab={tab} />,
      }))}
    />
  );
}
