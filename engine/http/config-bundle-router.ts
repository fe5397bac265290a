// 配置导入导出: the tenant's configuration (admin layer and roles) as one bundle in the plugin format. Export and import
// need the metadata function; writing the bundle's roles also needs the rights on role records (and the grant rule).
import { Router } from 'express';
import { badRequest, readQueryParamsOrThrow } from '../core/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function configBundleRouter(state: AppState): Router {
  const router = Router();
  const ops = () => {
    if (!state.admin) throw badRequest('Administration is not available on this server');
    return state.admin;
  };
  router.get('/config-bundle', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('metadata');
    readQueryParamsOrThrow(req.query, [], 'config-bundle');
    const bundle = await ops().exportConfigBundle(ctx);
    const name = `crm-config-${ctx.tenant.schema}.json`;
    res.setHeader('content-disposition', `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.json(bundle);
  });
  router.post('/config-bundle', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('metadata');
    const { dry_run } = readQueryParamsOrThrow(req.query, ['dry_run'], 'config-bundle');
    if (dry_run !== undefined && dry_run !== 'true' && dry_run !== 'false') throw badRequest('dry_run is true or false', [{ path: 'dry_run', message: 'must be true or false' }]);
    // The plan is the safe default: applying is asked for with dry_run=false.
    res.json(await ops().importConfigBundle(ctx, req.body, { dryRun: dry_run !== 'false' }));
  });
  return router;
}
