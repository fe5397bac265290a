// /api/reports: aggregate reports run as the signed-in user, under their row scope and field mask.
import { Router } from 'express';
import { applyReportColumn, runReportRequest } from '../reports/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function reportsRouter(state: AppState): Router {
  const router = Router();
  router.post('/run', async (req, res) => {
    res.json(await runReportRequest(contextOf(state, req, res), req.body));
  });
  router.post('/apply', async (req, res) => {
    res.json(await applyReportColumn(contextOf(state, req, res), req.body));
  });
  return router;
}
