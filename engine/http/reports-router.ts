// /api/reports: aggregate reports run as the signed-in user, under their row scope and field mask; saved reports
// (metadata and users' own) listed, read, saved, run by code and exported.
import { Router, type Request, type Response } from 'express';
import { badRequest, readQueryParamsOrThrow, type RequestContext } from '../core/index.ts';
import {
  applyReportColumn,
  checkDefinitionShape,
  checkValues,
  createReportSchedule,
  createSavedReport,
  deleteReportSchedule,
  deleteSavedReport,
  deliveryRetentionDays,
  exportFormatOrThrow,
  exportReportOrRequest,
  getSavedReport,
  isHeld,
  listReportSchedules,
  listSavedReports,
  parametersOf,
  reportDeliveryFile,
  runReport,
  runReportRequest,
  setDeliveryRetentionDays,
  updateReportSchedule,
  updateSavedReport,
  type ExportedReport,
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
    const { values, ...definition } = objectBody(req.body);
    await exportOrRequest(ctx, req.query, res, { definition: checkDefinitionShape(definition), title: AD_HOC_TITLE[ctx.locale] }, checkValues(values, '/values'), '/values');
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
    const parameters = parametersOf(req.body);
    const report = await getSavedReport(ctx, req.params.code);
    await exportOrRequest(ctx, req.query, res, { definition: report.definition, title: report.label, code: report.code }, parameters, '/parameters');
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
  // How long delivered files are kept (an administrator's setting).
  router.get('/report-deliveries/settings', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report delivery settings');
    res.json({ retention_days: await deliveryRetentionDays(contextOf(state, req, res)) });
  });
  router.put('/report-deliveries/settings', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report delivery settings');
    res.json({ retention_days: await setDeliveryRetentionDays(contextOf(state, req, res), req.body) });
  });
  // The file a schedule delivered, for its recipient only.
  router.get('/report-deliveries/:id/file', async (req, res) => {
    readQueryParamsOrThrow(req.query, [], 'report delivery');
    sendReportFile(res, await reportDeliveryFile(contextOf(state, req, res), req.params.id));
  });
  return router;
}

/**
 * The report as a file, or above the tenant's export approval threshold (导出审批) an export request filed instead
 * (202), exactly as for a list's export: `?format=csv|xlsx&reason=…`.
 */
async function exportOrRequest(ctx: RequestContext, query: Request['query'], res: Response, report: ExportedReport, values: Record<string, unknown>, valuesPath: string): Promise<void> {
  const { format, reason } = readQueryParamsOrThrow(query, ['format', 'reason'], 'report export');
  if (reason !== undefined && reason.length > 500) throw badRequest('The request is not valid', [{ path: 'reason', message: 'must be text of at most 500 characters' }]);
  const made = await exportReportOrRequest(ctx, report, values, valuesPath, exportFormatOrThrow(format), reason);
  if (!isHeld(made)) return sendReportFile(res, made);
  res.status(202).json({ data: { ...made.request, threshold: made.threshold } });
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The report definition is not valid', [{ path: '/', message: 'a JSON object is required' }]);
  return body as Record<string, unknown>;
}

/** A report's file (an export, a delivery, an approved report export request's download). */
export function sendReportFile(res: Response, file: ReportFile): void {
  res.set({
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="report.${file.filename.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'cache-control': 'no-store',
    'x-total-count': String(file.rows),
  });
  res.end(file.body);
}
