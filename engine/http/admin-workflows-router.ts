// The flow designer's read side (the metadata function): flows with the version in force and the running approvals
// per version, and one flow's published versions with the records still running on each. Changes go through
// /api/admin/metadata/workflows/:name (the one admin door).
import { Router } from 'express';
import { EngineError, readQueryParamsOrThrow } from '../core/index.ts';
import { flowVersions, listFlows } from '../workflow/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function adminWorkflowsRouter(state: AppState): Router {
  const router = Router();
  router.get('/workflows', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('metadata');
    readQueryParamsOrThrow(req.query, [], 'workflows');
    res.json({ data: await listFlows(ctx.knex, ctx.tenant, ctx.model) });
  });
  router.get('/workflows/:name/versions', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('metadata');
    readQueryParamsOrThrow(req.query, [], 'workflow versions');
    const found = await flowVersions(ctx.knex, ctx.tenant, ctx.model, req.params.name);
    if (!found) throw new EngineError('NOT_FOUND', `No workflow named "${req.params.name}"`, [{ path: 'name', message: 'unknown workflow' }]);
    res.json(found);
  });
  return router;
}
