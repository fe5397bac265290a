// POST /api/admin/rules/try (the metadata function): a rule being designed, evaluated on a record under the caller's
// read scope by the engine's own evaluator (see engine/data/try-rule-on-record.ts).
import { Router } from 'express';
import { readQueryParamsOrThrow } from '../core/index.ts';
import { tryRuleOnRecord } from '../data/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function rulesTryRouter(state: AppState): Router {
  const router = Router();
  router.post('/rules/try', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('metadata');
    readQueryParamsOrThrow(req.query, [], 'rule try');
    res.json(await tryRuleOnRecord(ctx, req.body));
  });
  return router;
}
