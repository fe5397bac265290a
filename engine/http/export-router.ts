// GET /api/records/:entity/export[?format=csv|xlsx]: the list's filter, sort and fields as a CSV or XLSX file (导出),
// streamed page by page; above the tenant's approval threshold an export request is filed instead (202, 导出审批).
import { once } from 'node:events';
import { Router, type Response } from 'express';
import { badRequest, type RequestContext } from '../core/index.ts';
import { exportRecords, needsApproval, type RecordExport } from '../data/index.ts';
import { exportApprovalThreshold, requestExport, writeXlsxExport } from '../transfer/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function exportRouter(state: AppState): Router {
  const router = Router();
  router.get('/records/:entity/export', async (req, res) => {
    const { lang: _lang, reason, ...params } = req.query as Record<string, unknown>;
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > 500)) throw badRequest('The request is not valid', [{ path: 'reason', message: 'must be text of at most 500 characters' }]);
    // Everything that can be refused is refused here, before the first byte, as a normal JSON error.
    const ctx = contextOf(state, req, res);
    const file = await exportRecords(ctx, req.params.entity, params, await exportApprovalThreshold(ctx));
    if (needsApproval(file)) {
      const request = await requestExport(ctx, req.params.entity, params, file.rows, reason as string | undefined);
      res.status(202).json({ data: { ...request, threshold: file.threshold } });
      return;
    }
    await sendExport(ctx, res, file, req.params.entity, params.format === 'xlsx');
  });
  return router;
}

/** Streams the file (a list export, an approved request's download). */
export async function sendExport(ctx: RequestContext, res: Response, file: RecordExport, entityName: string, xlsx: boolean): Promise<void> {
  res.set({
    'content-type': xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="export.${xlsx ? 'xlsx' : 'csv'}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'cache-control': 'no-store',
    'x-total-count': String(file.rows),
  });
  try {
    if (xlsx) {
      await writeXlsxExport(ctx, file, ctx.model.entities.get(entityName)!.labels[ctx.locale], res);
      return;
    }
    for await (const chunk of file.chunks()) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  } catch (e) {
    // Half a file must not look like a whole one: the connection is cut, so the download fails visibly.
    res.destroy(e as Error);
  }
}
