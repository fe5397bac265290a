// GET /api/records/:entity/export[?format=csv|xlsx]: the list's filter, sort and fields as a CSV or XLSX file (导出),
// streamed page by page.
import { once } from 'node:events';
import { Router } from 'express';
import { exportRecords } from '../data/index.ts';
import { writeXlsxExport } from '../transfer/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function exportRouter(state: AppState): Router {
  const router = Router();
  router.get('/records/:entity/export', async (req, res) => {
    const { lang: _lang, ...params } = req.query as Record<string, unknown>;
    // Everything that can be refused is refused here, before the first byte, as a normal JSON error.
    const ctx = contextOf(state, req, res);
    const file = await exportRecords(ctx, req.params.entity, params);
    const xlsx = params.format === 'xlsx';
    res.set({
      'content-type': xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="export.${xlsx ? 'xlsx' : 'csv'}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'cache-control': 'no-store',
      'x-total-count': String(file.rows),
    });
    try {
      if (xlsx) {
        await writeXlsxExport(ctx, file, ctx.model.entities.get(req.params.entity)!.labels[ctx.locale], res);
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
  });
  return router;
}
