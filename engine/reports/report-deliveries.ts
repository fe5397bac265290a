// A delivered scheduled report's file, for its recipient only: it was made under their rights when it was sent, and
// nobody else (not the schedule's owner, not an administrator) reads it through the API. Files older than the retention
// period are removed (delivery-retention.ts): their URL then answers 410 Gone naming the delivery and the day it went,
// while a file that never was, or is someone else's, stays 404 (saying "gone" would tell that it existed).
import { EngineError, isUuid, type Locale, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import type { ReportFile } from './export-report.ts';

const GONE: Record<Locale, (title: string, removed: string | null) => string> = {
  'zh-CN': (title, removed) => `报表文件「${title}」已超过保留期限，${removed ? `已于 ${removed} 删除` : '已删除'}`,
  en: (title, removed) => `The file of "${title}" passed its retention period and was removed${removed ? ` on ${removed}` : ''}`,
};

export async function reportDeliveryFile(ctx: RequestContext, id: string): Promise<ReportFile> {
  const zone = ctx.tenant.timeZone ?? 'Asia/Shanghai';
  const [row] = isUuid(id)
    ? await queryRows<{ filename: string | null; content_type: string | null; body: Uint8Array | null; rows: number | null; title: string; removed: string | null }>(
        ctx.knex,
        // Deliveries older than their title column are named by report code and due day.
        `select filename, content_type, body, rows,
                coalesce(title, report_code || ' · ' || to_char(occurrence at time zone ?, 'YYYY-MM-DD')) as title,
                to_char(file_removed_at at time zone ?, 'YYYY-MM-DD') as removed
           from ${qualified(ctx.tenant, 'crm_report_delivery')} where id = ? and recipient = ?`,
        [zone, zone, id, ctx.actor.id],
      )
    : [];
  if (row?.filename && !row.body) {
    throw new EngineError('GONE', `The report file "${id}" was removed after the retention period${row.removed ? ` on ${row.removed}` : ''}`, [
      { path: 'id', message: GONE[ctx.locale](row.title, row.removed), info: { title: row.title, removed_on: row.removed } },
    ]);
  }
  if (!row?.body || !row.filename) throw new EngineError('NOT_FOUND', `No report file "${id}" for you`, [{ path: 'id', message: 'no such delivered file' }]);
  return { filename: row.filename, contentType: row.content_type ?? 'application/octet-stream', body: Buffer.from(row.body), rows: row.rows ?? 0 };
}
