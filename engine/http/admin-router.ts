// Administration over HTTP for signed-in admins: plugins (the plugins function), the admin's own fields and the
// designers' metadata documents (the metadata function). Every change is checked
// in full first and live on return, with no restart.
import { Router, type Request, type Response } from 'express';
import { appendAudit } from '../audit/index.ts';
import { previewNumber } from '../data/index.ts';
import { badRequest, EngineError, readQueryParamsOrThrow, type RequestContext } from '../core/index.ts';
import type { AppState, AdminOperations } from './app-state.ts';
import { contextOf } from './request-context.ts';

const RESETS = new Set(['daily', 'monthly', 'yearly', 'never']);
const NAME = /^[a-z][a-z0-9_]{0,62}$/;

export function adminRouter(state: AppState): Router {
  const router = Router();
  const ops = (): AdminOperations => {
    if (!state.admin) throw badRequest('Administration is not available on this server');
    return state.admin;
  };
  // Plugin changes reach the audit log here; admin documents are audited (with their diff) inside their transaction.
  const audited = async (ctx: RequestContext, what: string, work: () => Promise<unknown>) => {
    const result = await work();
    await ctx.knex.transaction((trx) => appendAudit(trx, ctx.tenant, [{ actor: ctx.actor, action: 'metadata_change', changes: null, context: { request_id: ctx.requestId, reason: what } }]));
    return result;
  };
  router.get('/plugins', async (req, res) => {
    contextOf(state, req, res).access.assertFunction('plugins');
    readQueryParamsOrThrow(req.query, [], 'plugins');
    res.json({ data: await ops().listPlugins() });
  });
  router.post('/plugins/:name/purge', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('plugins');
    const body = (req.body ?? {}) as { confirm?: unknown };
    if (Object.keys(body).some((k) => k !== 'confirm') || (body.confirm !== undefined && typeof body.confirm !== 'string')) {
      throw badRequest('The body may only hold "confirm": the plugin\'s name', [{ path: '/', message: 'unknown field' }]);
    }
    const name = req.params.name;
    res.json(await audited(ctx, `plugin purge ${name}`, () => ops().purgePlugin(name, body.confirm as string | undefined)));
  });
  router.post('/plugins/:name/:action', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('plugins');
    const { name, action } = req.params;
    const body = (req.body ?? {}) as { grantCore?: unknown };
    if (Object.keys(body).some((k) => k !== 'grantCore') || (body.grantCore !== undefined && typeof body.grantCore !== 'boolean')) {
      throw badRequest('The body may only hold "grantCore": true|false', [{ path: '/', message: 'unknown field' }]);
    }
    if (action !== 'install' && action !== 'upgrade' && action !== 'uninstall') throw badRequest(`Unknown plugin action "${action}"`, [{ path: 'action', message: 'install, upgrade or uninstall' }]);
    res.json(await audited(ctx, `plugin ${action} ${name}`, () => ops().plugin(action, name, { grantCore: body.grantCore === true, grantor: ctx.access })));
  });
  router.get('/extensions', (req, res) => {
    contextOf(state, req, res).access.assertFunction('metadata');
    readQueryParamsOrThrow(req.query, [], 'extensions');
    res.json({ data: ops().extensions() });
  });
  router.put('/extensions/:entity', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('metadata');
    res.json(await ops().putExtension(req.params.entity, req.body, ctx.actor));
  });
  router.delete('/extensions/:entity', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('metadata');
    res.json(await ops().deleteExtension(req.params.entity, ctx.actor));
  });
  // The menu designer's starting point: the whole menu as the model has it, hidden entries included, before any
  // user's rights cut it (GET /api/meta/menus is the signed-in user's own menu).
  router.get('/menus', (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('metadata');
    readQueryParamsOrThrow(req.query, [], 'menus');
    res.json({ version: ctx.model.version, data: ctx.model.menus });
  });
  // The entity designer's live preview of a numbering rule: the next number, not taken. `entity` and `field` name the
  // counter (a new entity has none yet, so it starts at 1).
  router.get('/autonumber-preview', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('metadata');
    const q = readQueryParamsOrThrow(req.query, ['template', 'reset', 'entity', 'field'], 'autonumber-preview');
    const problems = [
      ...(q.template ? [] : [{ path: 'template', message: 'required' }]),
      ...(q.reset === undefined || RESETS.has(q.reset) ? [] : [{ path: 'reset', message: 'daily, monthly, yearly or never' }]),
      ...[q.entity, q.field].flatMap((v, i) => (v === undefined || NAME.test(v) ? [] : [{ path: i ? 'field' : 'entity', message: 'lower-case letters, digits and _' }])),
    ];
    if (problems.length) throw badRequest('Cannot preview this numbering rule', problems);
    const field = { entity: q.entity ?? '', name: q.field ?? 'code', template: q.template!, reset: q.reset as 'never' | undefined };
    res.json({ number: await previewNumber(ctx.knex, ctx.tenant, field, new Date()) });
  });
  // The designers' documents (entities, extensions, forms, menus, workflows): `?dry_run=true` answers the plan only.
  router.get('/metadata/:kind', (req, res) => {
    contextOf(state, req, res).access.assertFunction('metadata');
    readQueryParamsOrThrow(req.query, [], 'metadata');
    res.json({ data: ops().adminDocuments(req.params.kind) });
  });
  router.get('/metadata/:kind/:name', (req, res) => {
    contextOf(state, req, res).access.assertFunction('metadata');
    readQueryParamsOrThrow(req.query, [], 'metadata');
    const found = ops().adminDocuments(req.params.kind).find((d) => d.name === req.params.name);
    if (!found) throw new EngineError('NOT_FOUND', `No ${req.params.kind} document of yours named so`, [{ path: 'name', message: 'no admin document' }]);
    res.json(found);
  });
  const metadataChange = (req: Request, res: Response) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('metadata');
    const { dry_run } = readQueryParamsOrThrow(req.query, ['dry_run'], 'metadata');
    if (dry_run !== undefined && dry_run !== 'true' && dry_run !== 'false') throw badRequest('dry_run is true or false', [{ path: 'dry_run', message: 'must be true or false' }]);
    return { ctx, options: { dryRun: dry_run === 'true', requestId: ctx.requestId } };
  };
  const change = (remove: boolean) => async (req: Request, res: Response) => {
    const { ctx, options } = metadataChange(req, res);
    const doc = remove ? undefined : req.body;
    res.json(await ops().changeAdminDocument(req.params.kind as string, req.params.name as string, doc, ctx.actor, options));
  };
  router.put('/metadata/:kind/:name', change(false));
  router.delete('/metadata/:kind/:name', change(true));
  // Several documents as one change: {"changes": [{"kind", "name", "doc"}]}, a null doc removing the admin's document.
  router.post('/metadata', async (req, res) => {
    const { ctx, options } = metadataChange(req, res);
    res.json(await ops().changeAdminDocuments(readDocumentChanges(req.body), ctx.actor, options));
  });
  return router;
}

const CHANGE_KEYS = new Set(['kind', 'name', 'doc']);

/** The batch body, checked in full: every problem named by its JSON pointer. */
function readDocumentChanges(body: unknown): { kind: string; name: string; doc: unknown }[] {
  const list = body && typeof body === 'object' && !Array.isArray(body) ? (body as { changes?: unknown }).changes : undefined;
  if (!Array.isArray(list) || !list.length || Object.keys(body as object).some((k) => k !== 'changes')) {
    throw badRequest('The body is {"changes": [{"kind", "name", "doc"}, …]}, one or more', [{ path: '/changes', message: 'a non-empty array, and nothing else' }]);
  }
  if (list.length > 50) throw badRequest('At most 50 documents change together', [{ path: '/changes', message: 'at most 50 items' }]);
  const problems = list.flatMap((c: unknown, i) => {
    const at = `/changes/${i}`;
    if (!c || typeof c !== 'object' || Array.isArray(c)) return [{ path: at, message: 'an object {kind, name, doc}' }];
    const o = c as Record<string, unknown>;
    return [
      ...Object.keys(o).filter((k) => !CHANGE_KEYS.has(k)).map((k) => ({ path: `${at}/${k}`, message: 'unknown field' })),
      ...(typeof o.kind === 'string' ? [] : [{ path: `${at}/kind`, message: 'required: entities, extensions, forms, menus or workflows' }]),
      ...(typeof o.name === 'string' ? [] : [{ path: `${at}/name`, message: 'required: the document name' }]),
      ...(o.doc !== undefined && (o.doc === null || typeof o.doc === 'object') ? [] : [{ path: `${at}/doc`, message: 'required: the document, or null to remove it' }]),
    ];
  });
  if (problems.length) throw badRequest('Cannot read these metadata changes', problems);
  return (list as Record<string, unknown>[]).map((c) => ({ kind: c.kind as string, name: c.name as string, doc: c.doc ?? undefined }));
}
