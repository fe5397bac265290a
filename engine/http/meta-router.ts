// Describes the Model to clients: entities with labels and fields, and the @rjsf form for each.
import { Router } from 'express';
import { notFound, type RequestContext } from '../core/index.ts';
import { entityForm, type EntityForm } from '../data/index.ts';
import { workflowsOf } from '../workflow/index.ts';
import type { EntityDef, FieldDef, FormTab, MenuItem } from '../metadata/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf, localeOf } from './request-context.ts';

export function metaRouter(state: AppState): Router {
  const router = Router();
  // Interface level: only the entities this user may read exist for them.
  router.get('/entities', (req, res) => {
    const ctx = contextOf(state, req, res);
    const readable = [...ctx.model.entities.values()].filter((e) => holds(() => ctx.access.assertCan(e, 'read')));
    res.json({ version: ctx.model.version, data: readable.map((e) => ({ ...summary(e), references: referencesOf(ctx, e), timeline: timelineOf(ctx, e) })) });
  });
  // Interface level: the menu tree as this user may see it (role menus, readable entities, held functions).
  router.get('/menus', (req, res) => {
    const ctx = contextOf(state, req, res);
    res.json({ data: visibleMenus(ctx, ctx.model.menus) });
  });
  router.get('/entities/:entity', (req, res) => {
    const ctx = contextOf(state, req, res);
    const entity = ctx.model.entities.get(req.params.entity);
    if (!entity || !holds(() => ctx.access.assertCan(entity, 'read'))) throw notFound(`Unknown entity "${req.params.entity}"`, [{ path: 'entity', message: 'no such entity' }]);
    const flows = workflowsOf(ctx.model, entity.name);
    const stateFields = new Set(flows.map((w) => w.stateField));
    const form = formFor(ctx, entity, entityForm(ctx.model, entity.name, localeOf(req)), stateFields);
    // The entity designer opens a formula field's formula or an autonumber's template to change it; others get the value only.
    const designer = holds(() => ctx.access.assertFunction('metadata'));
    const fields = [...entity.fields.values()].filter((f) => ctx.access.canReadField(entity, f.name)).map((f) => ({ ...describeField(f, designer), writable: ctx.access.canWriteField(entity, f.name) && !f.readOnly && !f.system }));
    const workflows = flows.map((w) => ({ name: w.name, labels: w.labels, stateField: w.stateField }));
    const layout = layoutFor(ctx, entity);
    res.json({ ...summary(entity), timeline: timelineOf(ctx, entity), version: ctx.model.version, fields, workflows, layout, schema: form.schema, uiSchema: form.uiSchema });
  });
  return router;
}

/**
 * The cached form, cut to this user's field rights: hidden fields leave it, read-only ones are shown read-only, and
 * a workflow's state field is not a form input (it changes through actions).
 */
function formFor(ctx: RequestContext, entity: EntityDef, form: EntityForm, stateFields: ReadonlySet<string>): EntityForm {
  const schema: Record<string, unknown> = { ...form.schema, properties: { ...(form.schema.properties as Record<string, unknown>) } };
  const uiSchema = { ...form.uiSchema };
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  for (const name of Object.keys(properties)) {
    if (!ctx.access.canReadField(entity, name) || stateFields.has(name)) {
      delete properties[name];
      delete uiSchema[name];
    } else if (!ctx.access.canWriteField(entity, name)) {
      uiSchema[name] = { ...(uiSchema[name] as object | undefined), 'ui:readonly': true };
    }
  }
  if (Array.isArray(schema.required)) schema.required = schema.required.filter((n: string) => n in properties);
  uiSchema['ui:order'] = (form.uiSchema['ui:order'] as string[]).filter((n) => n in properties);
  return { schema, uiSchema };
}

/** The entity's form layout without the fields this user may not see (and without sections or tabs left empty). */
function layoutFor(ctx: RequestContext, entity: EntityDef): FormTab[] | null {
  const tabs = ctx.model.forms.get(entity.name);
  if (!tabs) return null;
  return tabs
    .map((tab) => ({
      ...tab,
      sections: tab.sections.map((s) => ({ ...s, fields: s.fields.filter((f) => ctx.access.canReadField(entity, f)) })).filter((s) => s.fields.length),
    }))
    .filter((tab) => tab.sections.length);
}

/** The menu tree as the context's policy shows it; also the role designer's preview (roles-router). */
export function visibleMenus(ctx: RequestContext, items: readonly MenuItem[]): MenuItem[] {
  const out: MenuItem[] = [];
  for (const item of items) {
    if (item.hidden) continue;
    // A group shows when any entry under it is granted ("crm.customer" alone shows 客户管理 with just 客户).
    if (!item.children && !ctx.access.canSeeMenu(item.id)) continue;
    if (item.function && !holds(() => ctx.access.assertFunction(item.function!))) continue;
    if (item.entity && !holds(() => ctx.access.assertCan(ctx.model.entities.get(item.entity!)!, 'read'))) continue;
    const children = item.children ? visibleMenus(ctx, item.children) : undefined;
    if (item.children && !children!.length) continue;
    const labels = item.labels ?? ctx.model.entities.get(item.entity!)!.labels;
    out.push({ ...item, labels, ...(children ? { children } : {}) });
  }
  return out;
}

/** The readable business refs of an entity, so a client can list a record's related records without asking for every form. */
function referencesOf(ctx: RequestContext, e: EntityDef) {
  return [...e.fields.values()].filter((f) => f.type === 'ref' && !f.system && ctx.access.canReadField(e, f.name)).map((f) => ({ field: f.name, target: f.target! }));
}

/** The entity's timeline as this user may see it: parts naming fields they cannot read are left out, and without the start there is none. */
function timelineOf(ctx: RequestContext, e: EntityDef) {
  if (!e.timeline || !ctx.access.canReadField(e, e.timeline.start)) return undefined;
  return Object.fromEntries(Object.entries(e.timeline).filter(([, field]) => ctx.access.canReadField(e, field)));
}

function holds(check: () => void): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

function summary(e: EntityDef) {
  return { name: e.name, labels: e.labels, description: e.description, displayField: e.displayField, searchFields: e.searchFields, module: e.module };
}

function describeField(f: FieldDef, designer: boolean) {
  const { source: _source, entity: _entity, formula, template, ...rest } = f;
  if (!designer) return rest;
  return f.type === 'formula' ? { ...rest, formula } : f.type === 'autonumber' ? { ...rest, template } : rest;
}
