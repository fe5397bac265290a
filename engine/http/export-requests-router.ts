// 导出申请: the signed-in user's export requests, an approved one's file, and the export settings (导出设置: the
// approval threshold, the download and approval periods; changed by an administrator).
import { Router } from 'express';
import { badRequest, isUuid, readQueryParamsOrThrow } from '../core/index.ts';
import { exportRequestFile, listExportRequests, readExportSettings, saveExportSettings } from '../transfer/index.ts';
import type { AppState } from './app-state.ts';
import { sendExport } from './export-router.ts';
import { sendReportFile } from './reports-router.ts';
import { contextOf } from './request-context.ts';

export function exportRequestsRouter(state: AppState): Router {
  const router = Router();
  router.get('/export-requests', async (req, res) => {
    readQueryParamsOrThrow(req.query as Record<string, unknown>, ['lang'], 'export requests');
    res.json({ data: await listExportRequests(contextOf(state, req, res)) });
  });
  router.get('/export-requests/settings', async (req, res) => {
    readQueryParamsOrThrow(req.query as Record<string, unknown>, ['lang'], 'export settings');
    res.json(await readExportSettings(contextOf(state, req, res)));
  });
  router.put('/export-requests/settings', async (req, res) => {
    readQueryParamsOrThrow(req.query as Record<string, unknown>, ['lang'], 'export settings');
    res.json(await saveExportSettings(contextOf(state, req, res), req.body));
  });
  router.get('/export-requests/:id/file', async (req, res) => {
    readQueryParamsOrThrow(req.query as Record<string, unknown>, ['lang'], 'export file');
    if (!isUuid(req.params.id)) throw badRequest('The request is not valid', [{ path: 'id', message: 'must be a UUID' }]);
    const ctx = contextOf(state, req, res);
    const made = await exportRequestFile(ctx, req.params.id);
    if ('report' in made) sendReportFile(res, made.report);
    else await sendExport(ctx, res, made.file, made.entity, made.format === 'xlsx');
  });
  return router;
}
