// Operations the local CLI performs through a running server (PGlite allows one process per data folder).
// Guarded by the token the server writes into its data folder (readable only by the account running it).
import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { EngineError } from '../core/index.ts';
import { applySchema, planSchema } from '../schema/index.ts';
import type { AppState } from './app-state.ts';

export function localRouter(state: AppState): Router {
  const router = Router();
  router.use(requireAdminToken(state));
  router.get('/schema/plan', async (_req, res) => {
    const model = state.reloadModel ? await state.reloadModel() : state.model();
    res.json(await planSchema(state.db.knex, state.tenant, model));
  });
  router.post('/schema/apply', async (_req, res) => {
    if (state.reloadModel) await state.reloadModel();
    res.json(state.syncSchema ? await state.syncSchema() : await applySchema(state.db.knex, state.tenant, state.model()));
  });
  router.post('/seed/demo', async (_req, res) => {
    if (!state.seedDemo) throw new EngineError('NOT_FOUND', 'Demo data is not available on this server');
    res.json(await state.seedDemo());
  });
  return router;
}

function requireAdminToken(state: AppState): RequestHandler {
  return (req, _res, next) => {
    const given = Buffer.from(req.get('x-crm-admin-token') ?? '');
    const expected = Buffer.from(state.adminToken ?? '');
    if (expected.length === 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new EngineError('UNAUTHORIZED', 'Admin operations need the local admin token');
    }
    next();
  };
}
