// /api/reports: aggregate reports run as the signed-in user, under their row scope and field mask; saved reports
// (metadata and users' own) listed, read, saved, run by code and exported.
import { Router, type Response } from 'express';
import { badRequest, readQueryParamsOrThrow } from '../core/index.ts';
import {
  applyReportColumn,
  checkDefinitionShape,
  checkValues,
  createReportSchedule,
  createSavedReport,
  deleteReportSchedule,
  deleteSavedReport,
  exportFormatOrThrow,
  exportReport,
  getSavedReport,
  listReportSchedules,
  listSavedReports,
  parametersOf,
  reportDeliveryFile,
  runReport,
  runReportRequest,
  updateReportSchedule,
  updateSavedReport,
  type ReportFile,
} from '../reports/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

const AD_HOC_TITLE = { 'zh-CN': '报表', en: 'Report' } as const;

export function reportsRouter(state: AppState): Router {
  const router = Router();
  router.post('/reports/run', async (req, res) => {
    res.json(await runReportRequest(contextOf(state, req, res), req.body));
  });
  router.post('/reports/apply', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report apply');
    res.json(await applyReportColumn(contextOf(state, req, res), req.body));
  });
  router.post('/reports/export', async (req, res) => {
    const ctx = contextOf(state, req, res);
    const { format } = readQueryParamsOrThrow(req.query, ['format'], 'report export');
    const { values, ...definition } = objectBody(req.body);
    const file = await exportReport(ctx, { definition: checkDefinitionShape(definition), title: AD_HOC_TITLE[ctx.locale] }, checkValues(values, '/values'), '/values', exportFormatOrThrow(format));
    send(res, file);
  });
  router.get('/reports', async (req, res) => {
    const ctx = contextOf(state, req, res);
    const { dashboard } = readQueryParamsOrThrow(req.query, ['dashboard'], 'reports');
    if (dashboard !== undefined && dashboard !== 'true' && dashboard !== 'false') throw badRequest('The reports request is not valid', [{ path: 'dashboard', message: 'must be true or false' }]);
    res.json({ data: await listSavedReports(ctx, { dashboard: dashboard === 'true' }) });
  });
  router.post('/reports', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report');
    res.status(201).json(await createSavedReport(contextOf(state, req, res), req.body));
  });
  router.get('/reports/:code', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report');
    res.json(await getSavedReport(contextOf(state, req, res), req.params.code));
  });
  router.put('/reports/:code', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report');
    res.json(await updateSavedReport(contextOf(state, req, res), req.params.code, req.body));
  });
  router.delete('/reports/:code', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report');
    await deleteSavedReport(contextOf(state, req, res), req.params.code);
    res.status(204).end();
  });
  router.post('/reports/:code/run', async (req, res) => {
    const ctx = contextOf(state, req, res);
    readQueryParamsOrThrow(req.query, [], 'report');
    const parameters = parametersOf(req.body);
    const report = await getSavedReport(ctx, req.params.code);
    res.json(await runReport(ctx, report.definition, parameters, '/parameters'));
  });
  router.post('/reports/:code/export', async (req, res) => {
    const ctx = contextOf(state, req, res);
    const { format } = readQueryParamsOrThrow(req.query, ['format'], 'report export');
    const parameters = parametersOf(req.body);
    const report = await getSavedReport(ctx, req.params.code);
    send(res, await exportReport(ctx, { definition: report.definition, title: report.label, code: report.code }, parameters, '/parameters', exportFormatOrThrow(format)));
  });
  // 定时发送: a report's schedules, kept by its owner (an administrator for a built-in report).
  router.get('/reports/:code/schedules', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report schedules');
    res.json({ data: await listReportSchedules(contextOf(state, req, res), req.params.code) });
  });
  router.post('/reports/:code/schedules', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report schedule');
    res.status(201).json(await createReportSchedule(contextOf(state, req, res), req.params.code, req.body));
  });
  router.put('/reports/:code/schedules/:id', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report schedule');
    res.json(await updateReportSchedule(contextOf(state, req, res), req.params.code, req.params.id, req.body));
  });
  router.delete('/reports/:code/schedules/:id', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report schedule');
    await deleteReportSchedule(contextOf(state, req, res), req.params.code, req.params.id);
    res.status(204).end();
  });
  // The file a schedule delivered, for its recipient only.
  router.get('/report-deliveries/:id/file', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report delivery');
    send(res, await reportDeliveryFile(contextOf(state, req, res), req.params.id));
  });
  return router;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The report definition is not valid', [{ path: '/', message: 'a JSON object is required' }]);
  return body as Record<string, unknown>;
}

function send(res: Response, file: ReportFile): void {
  res.set({
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="report.${file.filename.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'cache-control': 'no-store',
    'x-total-count': String(file.rows),
  });
  res.end(file.body);
}
