// A delivered scheduled report's file, for its recipient only: it was made under their rights when it was sent, and
// nobody else (not the schedule's owner, not an administrator) reads it through the API. Files older than the retention
// period are removed (delivery-retention.ts).
import { EngineError, isUuid, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import type { ReportFile } from './export-report.ts';
import { deliveryRetentionDays, removedFileText } from './delivery-retention.ts';

export async function reportDeliveryFile(ctx: RequestContext, id: string): Promise<ReportFile> {
  const [row] = isUuid(id)
    ? await queryRows<{ filename: string | null; content_type: string | null; body: Uint8Array | null; rows: number | null }>(
        ctx.knex,
        `select filename, content_type, body, rows from ${qualified(ctx.tenant, 'crm_report_delivery')} where id = ? and recipient = ?`,
        [id, ctx.actor.id],
      )
    : [];
  // Past the retention period the file went; the delivery stays, so its recipient is told rather than left guessing.
  if (row?.filename && !row.body) throw new EngineError('NOT_FOUND', `The report file "${id}" was removed`, [{ path: 'id', message: removedFileText(ctx.locale, await deliveryRetentionDays(ctx)) }]);
  if (!row?.body || !row.filename) throw new EngineError('NOT_FOUND', `No report file "${id}" for you`, [{ path: 'id', message: 'no such delivered file' }]);
  return { filename: row.filename, contentType: row.content_type ?? 'application/octet-stream', body: Buffer.from(row.body), rows: row.rows ?? 0 };
}
