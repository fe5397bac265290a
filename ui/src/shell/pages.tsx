// Screens of their own that menus open by `page` (besides entity lists): the portal, the administration pages and
// working pages such as 快速选型, which load on first use and only for users holding their function or entity right
// (the server checks it again on every call).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Me } from '../api/types';
import { can, type EntityAction } from '../auth/permissions';
import type { MessageKey } from '../i18n/zh-CN';

interface PageDef {
  title: MessageKey;
  /** The /api/me function a user needs for the page. */
  requires?: string;
  /** Or an action on an entity (a working page over records, such as 快速选型). */
  entityRight?: { entity: string; action: EntityAction };
  component: LazyExoticComponent<ComponentType>;
}

export const ADMIN_PAGES: Record<string, PageDef> = {
  plugins: { title: 'page.plugins', requires: 'plugins', component: lazy(() => import('../admin/plugins-page').then((m) => ({ default: m.PluginsPage }))) },
  users: { title: 'page.users', requires: 'users', component: lazy(() => import('../admin/users-page').then((m) => ({ default: m.UsersPage }))) },
  audit: { title: 'page.audit', requires: 'audit', component: lazy(() => import('../admin/audit-page').then((m) => ({ default: m.AuditPage }))) },
  role_designer: { title: 'page.roleDesigner', requires: 'users', component: lazy(() => import('../admin/roles/role-designer-page').then((m) => ({ default: m.RoleDesignerPage }))) },
  org_chart: { title: 'page.orgChart', requires: 'users', component: lazy(() => import('../admin/org/org-chart-page').then((m) => ({ default: m.OrgChartPage }))) },
  flows: { title: 'page.flows', requires: 'metadata', component: lazy(() => import('../admin/flows-page').then((m) => ({ default: m.FlowsPage }))) },
  configurator: { title: 'page.configurator', entityRight: { entity: 'configurator_template', action: 'read' }, component: lazy(() => import('../configurator/configurator-page').then((m) => ({ default: m.ConfiguratorPage }))) },
  configurator_templates: { title: 'page.configuratorTemplates', entityRight: { entity: 'configurator_template', action: 'update' }, component: lazy(() => import('../configurator/template-editor-page').then((m) => ({ default: m.TemplateEditorPage }))) },
  custom_fields: { title: 'page.entityDesigner', requires: 'metadata', component: lazy(() => import('../admin/entity-designer-page').then((m) => ({ default: m.EntityDesignerPage }))) },
  form_designer: { title: 'page.formDesigner', requires: 'metadata', component: lazy(() => import('../admin/form-designer-page').then((m) => ({ default: m.FormDesignerPage }))) },
  reports: { title: 'page.reports', component: lazy(() => import('../reports/report-builder-page').then((m) => ({ default: m.ReportBuilderPage }))) },
  config_bundle: { title: 'page.configBundle', requires: 'metadata', component: lazy(() => import('../admin/config-bundle-page').then((m) => ({ default: m.ConfigBundlePage }))) },
  menu_designer: { title: 'page.menuDesigner', requires: 'metadata', component: lazy(() => import('../admin/menu-designer-page').then((m) => ({ default: m.MenuDesignerPage }))) },
  backups: { title: 'page.backups', requires: 'backup', component: lazy(() => import('../admin/backups-page').then((m) => ({ default: m.BackupsPage }))) },
  export_settings: { title: 'page.exportSettings', requires: 'metadata', component: lazy(() => import('../admin/export-settings-page').then((m) => ({ default: m.ExportSettingsPage }))) },
  export_requests: { title: 'exportApproval.title', component: lazy(() => import('../list/export-requests-page').then((m) => ({ default: m.ExportRequestsPage }))) },
};

/** Pages this version of the UI provides; other page menu items show, disabled, until their screens exist. */
export function pageExists(page: string | undefined): boolean {
  return page === 'portal' || (!!page && page in ADMIN_PAGES);
}

/** Whether the user holds what the page needs (the server checks every call again). */
export function mayOpenPage(me: Me, def: PageDef): boolean {
  return (!def.requires || holdsFunction(me, def.requires)) && (!def.entityRight || can(me, def.entityRight.entity, def.entityRight.action));
}

export function holdsFunction(me: Me, fn: string): boolean {
  return me.permissions.functions.includes('*') || me.permissions.functions.includes(fn);
}
