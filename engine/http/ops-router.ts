// What operators and their tools read without signing in: Prometheus metrics (/metrics, optionally behind
// METRICS_TOKEN) and readiness (/api/ready: the database answers and the engine's migrations have run). Liveness
// stays /api/health.
import { timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import { EngineError } from '../core/index.ts';
import { jobQueueState } from '../jobs/index.ts';
import { createMetrics } from '../observe/index.ts';
import { pendingEngineMigrations } from '../schema/index.ts';
import type { AppState } from './app-state.ts';
import { tokenOf } from './authenticate.ts';

export function metricsHandler(state: AppState): RequestHandler {
  const metrics = createMetrics({
    pool: () => state.db.poolUse(),
    jobQueue: () => jobQueueState(state.db.knex, state.tenant),
    modelVersion: () => state.model().version,
  });
  const expected = state.metricsToken ? Buffer.from(state.metricsToken) : undefined;
  return async (req, res) => {
    if (expected) {
      const given = Buffer.from(tokenOf(req) ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new EngineError('UNAUTHORIZED', 'Metrics need the METRICS_TOKEN as a bearer token', [{ path: 'authorization', message: 'missing or wrong bearer token' }]);
      }
    }
    res.type(metrics.contentType).send(await metrics.scrape());
  };
}

type Check = 'ok' | string;

export function readinessRouter(state: AppState): Router {
  const router = express.Router();
  router.get('/ready', async (_req, res) => {
    const checks: { database: Check; migrations: Check } = { database: 'ok', migrations: 'ok' };
    try {
      await state.db.knex.raw('select 1');
      const pending = await pendingEngineMigrations(state.db.knex, state.tenant);
      if (pending.length) checks.migrations = `pending: ${pending.join(', ')}`;
    } catch {
      // Only the verdict: a probe's answer is no place for connection strings or driver messages.
      checks.database = 'unreachable';
      checks.migrations = 'unknown';
    }
    const ready = checks.database === 'ok' && checks.migrations === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}
