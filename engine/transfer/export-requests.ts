// Export approval (导出审批): a list export above the tenant's threshold becomes an export_request record whose
// approval flow (metadata/workflows/export_request_approval.json) the engine starts on create; once approved, only
// the requester downloads the file, made from the stored filter, sort, fields and format under the requester's own
// rights at download time (a right revoked since the request is not outlived by it), until the request expires: a
// request waits for its approval `pending_days` at most, and an approved one is downloadable for `download_days` from
// the approval (the flow's approved state sets expires_at from the days recorded on the request; export-settings.ts).
// A request past its expires_at reads as expired at once; the daily job (export-request-expiry.ts) records it so.
// A report's export above the threshold is filed the same way, with the report (definition, values) to make again.
import { ALLOW_ALL, EngineError, notFound, type RequestContext } from '../core/index.ts';
import { createRecord, exportRecords, needsApproval, updateRecordById, type RecordExport } from '../data/index.ts';
import { businessClockNow, clockSql } from '../jobs/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { readExportSettings } from './export-settings.ts';
import { exportReport, type ReportDefinition, type ReportFile } from '../reports/index.ts';

const ENTITY = 'export_request';
/** The states in which a request still waits or can be downloaded: those that expire. */
export const LIVE = `('submitted', 'in_approval', 'approved')`;

export interface ExportRequestRow {
  id: string;
  title: string;
  entity_name: string;
  format: string;
  row_count: number;
  status: string;
  reason: string | null;
  expires_at: string;
  downloaded_at: string | null;
  created_at: string;
}

/** A report's export held for approval: what is made again, under the requester's rights, at download time. */
export interface RequestedReport {
  title: string;
  code?: string;
  definition: ReportDefinition;
  values: Record<string, unknown>;
}

/**
 * Files the request (owner: the requester) and so starts its approval; answers what the list shows. A report's
 * export passes `params.report` (and its format); a list's, its filter, sort, fields and format.
 */
export async function requestExport(ctx: RequestContext, entityName: string, params: Record<string, unknown>, rows: number, reason: string | undefined): Promise<ExportRequestRow> {
  const entity = ctx.model.entities.get(entityName)!;
  const settings = await readExportSettings(ctx);
  const expires = new Date(businessClockNow(ctx.tenant).getTime() + settings.pending_days * 86_400_000);
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  // The export right was checked by the count; the request's own rule (the requester's, read through this module) is
  // its access check, so the record service writes it as the requester without a role right on export_request.
  const report = params.report as RequestedReport | undefined;
  const created = await createRecord({ ...ctx, access: ALLOW_ALL }, ENTITY, {
    ...(report ? { report } : {}),
    title: `${report?.title ?? entity.labels[ctx.locale]} ${rows.toLocaleString('en-US')} ${ctx.locale === 'zh-CN' ? '行' : 'rows'}`,
    entity_name: entityName,
    filter: text(params.filter),
    sort: text(params.sort),
    fields: text(params.fields),
    format: params.format === 'xlsx' ? 'xlsx' : 'csv',
    row_count: rows,
    reason,
    expires_at: expires.toISOString(),
    download_days: settings.download_days,
  });
  return (await ownRows(ctx, String(created.id)))[0]!;
}

export async function listExportRequests(ctx: RequestContext): Promise<ExportRequestRow[]> {
  return ownRows(ctx);
}

/** The approved request's file, under the requester's rights now; refused before approval, after rejection or expiry, to anyone else. */
export async function exportRequestFile(ctx: RequestContext, id: string): Promise<{ file: RecordExport; format: string; entity: string } | { report: ReportFile }> {
  const [row] = await queryRows<ExportRequestRow & { owner: string; filter: string | null; sort: string | null; fields: string | null; report: RequestedReport | null }>(
    ctx.knex,
    `select id, owner, entity_name, filter, sort, fields, format, status, expires_at, report from ${qualified(ctx.tenant, ENTITY)} where id = ?`,
    [id],
  );
  if (!row) throw notFound('No such export request', [{ path: 'id', message: 'not found' }]);
  const zh = ctx.locale === 'zh-CN';
  if (row.owner !== ctx.actor.id) throw new EngineError('FORBIDDEN', 'Only the requester may download an export', [{ path: 'id', message: zh ? '只有申请人可以下载此导出' : 'only the requester may download this export' }]);
  const refused: Record<string, string> = zh
    ? { submitted: '导出申请审批中,批准后才能下载', in_approval: '导出申请审批中,批准后才能下载', rejected: '导出申请已被驳回,不能下载', expired: '导出申请已过期,请重新导出' }
    : { submitted: 'the export is awaiting approval', in_approval: 'the export is awaiting approval', rejected: 'the export request was rejected', expired: 'the export request has expired: export again' };
  const now = businessClockNow(ctx.tenant);
  if (row.status === 'expired' || new Date(row.expires_at) <= now) throw new EngineError('CONFLICT', 'The export request has expired', [{ path: 'expires_at', message: refused.expired! }]);
  if (refused[row.status]) throw new EngineError('CONFLICT', 'The export request is not approved', [{ path: 'status', message: refused[row.status]! }]);
  if (row.report) {
    const { title, code, definition, values } = row.report;
    const report = await exportReport(ctx, { title, definition, ...(code ? { code } : {}) }, values, '/values', row.format === 'xlsx' ? 'xlsx' : 'csv');
    await updateRecordById({ ...ctx, access: ALLOW_ALL }, ENTITY, id, { downloaded_at: now.toISOString() });
    return { report };
  }
  const params = Object.fromEntries(Object.entries({ filter: row.filter, sort: row.sort, fields: row.fields, format: row.format }).filter(([, v]) => v !== null));
  const file = await exportRecords(ctx, row.entity_name, params);
  if (needsApproval(file)) throw new Error('an export without a threshold never needs approval');
  await updateRecordById({ ...ctx, access: ALLOW_ALL }, ENTITY, id, { downloaded_at: now.toISOString() });
  return { file, format: row.format, entity: row.entity_name };
}

async function ownRows(ctx: RequestContext, id?: string): Promise<ExportRequestRow[]> {
  return queryRows<ExportRequestRow>(
    ctx.knex,
    `select id, title, entity_name, format, row_count, reason, expires_at, downloaded_at, created_at,
            case when status in ${LIVE} and expires_at <= ${clockSql(ctx.tenant)} then 'expired' else status end as status
       from ${qualified(ctx.tenant, ENTITY)} where owner = ?${id ? ' and id = ?' : ''} order by created_at desc limit 200`,
    id ? [ctx.actor.id, id] : [ctx.actor.id],
  );
}
