// Operations the local CLI performs through a running server (PGlite allows one process per data folder).
// Guarded by the token the server writes into its data folder (readable only by the account running it).
import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { EngineError } from '../core/index.ts';
import type { AppState } from './app-state.ts';

export function localRouter(state: AppState): Router {
  const router = Router();
  router.use(requireLocalToken(state));
  router.post('/run', async (req, res) => {
    const { operation, args } = (req.body ?? {}) as { operation?: string; args?: unknown };
    if (!state.runLocal || typeof operation !== 'string') throw new EngineError('BAD_REQUEST', 'Send {"operation", "args"}');
    res.json({ result: await state.runLocal(operation, args) });
  });
  return router;
}

function requireLocalToken(state: AppState): RequestHandler {
  return (req, _res, next) => {
    const given = Buffer.from(req.get('x-crm-admin-token') ?? '');
    const expected = Buffer.from(state.adminToken ?? '');
    if (expected.length === 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new EngineError('UNAUTHORIZED', 'Local operations need the token from the data folder');
    }
    next();
  };
}
