// Administration over HTTP for signed-in admins: plugins (the plugins function) and the admin's own fields (the
// metadata function). Every change is checked in full first and live on return, with no restart.
import { Router } from 'express';
import { appendAudit } from '../audit/index.ts';
import { badRequest, readQueryParamsOrThrow, type RequestContext } from '../core/index.ts';
import type { AppState, AdminOperations } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function adminRouter(state: AppState): Router {
  const router = Router();
  const ops = (): AdminOperations => {
    if (!state.admin) throw badRequest('Administration is not available on this server');
    return state.admin;
  };
  // `changes`: the admin document before and after, so the audit viewer shows a metadata change as a diff.
  const audited = async (ctx: RequestContext, what: string, work: () => Promise<unknown>, changes?: () => Record<string, unknown>) => {
    const result = await work();
    await ctx.knex.transaction((trx) => appendAudit(trx, ctx.tenant, [{ actor: ctx.actor, action: 'metadata_change', changes: changes?.() ?? null, context: { request_id: ctx.requestId, reason: what } }]));
    return result;
  };
  const extensionOf = (entity: string) => (ops().extensions() as { extends?: string }[]).find((e) => e.extends === entity) ?? null;
  const extensionChange = (entity: string) => {
    const before = extensionOf(entity);
    return () => ({ [entity]: { before, after: extensionOf(entity) } });
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
    res.json(await audited(ctx, `fields of ${req.params.entity}`, () => ops().putExtension(req.params.entity, req.body, ctx.actor), extensionChange(req.params.entity)));
  });
  router.delete('/extensions/:entity', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('metadata');
    res.json(await audited(ctx, `fields of ${req.params.entity} removed`, () => ops().deleteExtension(req.params.entity, ctx.actor), extensionChange(req.params.entity)));
  });
  return router;
}
