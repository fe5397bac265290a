// Screens of their own that menus open by `page` (besides entity lists): the portal, and the administration pages,
// which load on first use and only for users holding their function (the server checks it again on every call).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Me } from '../api/types';
import type { MessageKey } from '../i18n/zh-CN';

interface PageDef {
  title: MessageKey;
  /** The /api/me function a user needs for the page. */
  requires: string;
  component: LazyExoticComponent<ComponentType>;
}

export const ADMIN_PAGES: Record<string, PageDef> = {
  plugins: { title: 'page.plugins', requires: 'plugins', component: lazy(() => import('../admin/plugins-page').then((m) => ({ default: m.PluginsPage }))) },
  users: { title: 'page.users', requires: 'users', component: lazy(() => import('../admin/users-page').then((m) => ({ default: m.UsersPage }))) },
  audit: { title: 'page.audit', requires: 'audit', component: lazy(() => import('../admin/audit-page').then((m) => ({ default: m.AuditPage }))) },
  custom_fields: { title: 'page.entityDesigner', requires: 'metadata', component: lazy(() => import('../admin/entity-designer-page').then((m) => ({ default: m.EntityDesignerPage }))) },
};

/** Pages this version of the UI provides; other page menu items show, disabled, until their screens exist. */
export function pageExists(page: string | undefined): boolean {
  return page === 'portal' || (!!page && page in ADMIN_PAGES);
}

export function holdsFunction(me: Me, fn: string): boolean {
  return me.permissions.functions.includes('*') || me.permissions.functions.includes(fn);
}
