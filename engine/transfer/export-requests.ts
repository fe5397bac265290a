// Export approval (导出审批): a list export above the tenant's threshold becomes an export_request record whose
// approval flow (metadata/workflows/export_request_approval.json) the engine starts on create; once approved, only
// the requester downloads the file, made from the stored filter, sort, fields and format under the requester's own
// rights at download time (a right revoked since the request is not outlived by it), until the request expires. A
// report's export above the threshold is filed the same way, with the report (definition, values) to make again.
import { ALLOW_ALL, badRequest, EngineError, notFound, type RequestContext } from '../core/index.ts';
import { createRecord, exportRecords, needsApproval, updateRecordById, type RecordExport } from '../data/index.ts';
import { businessClockNow } from '../jobs/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { exportReport, type ReportDefinition, type ReportFile } from '../reports/index.ts';

export const DEFAULT_EXPORT_APPROVAL_THRESHOLD = 5000;
/** Days an approved request can be downloaded, counted from the request (the approval is for a moment's data). */
export const EXPORT_REQUEST_DAYS = 7;
const SETTING = 'export_approval_threshold';
const ENTITY = 'export_request';

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

export async function exportApprovalThreshold(ctx: RequestContext): Promise<number> {
  const rows = await queryRows<{ value: string }>(ctx.knex, `select value from ${qualified(ctx.tenant, 'crm_setting')} where key = ?`, [SETTING]);
  return rows[0] ? Number(rows[0].value) : DEFAULT_EXPORT_APPROVAL_THRESHOLD;
}

/** The administrator's setting (the `metadata` function): a whole number of rows, 0 meaning every export is approved. */
export async function setExportApprovalThreshold(ctx: RequestContext, body: unknown): Promise<number> {
  ctx.access.assertFunction('metadata');
  const value = (body as { threshold?: unknown } | null)?.threshold;
  const extra = body && typeof body === 'object' ? Object.keys(body).filter((k) => k !== 'threshold') : [];
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 100_000_000 || extra.length) {
    throw badRequest('The setting is not valid', [
      ...(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 100_000_000 ? [] : [{ path: '/threshold', message: 'must be a whole number of rows, 0 or more' }]),
      ...extra.map((k) => ({ path: `/${k}`, message: 'unknown field', expected: 'threshold' })),
    ]);
  }
  const before = await exportApprovalThreshold(ctx);
  await ctx.knex.transaction(async (trx) => {
    await queryRows(trx, `insert into ${qualified(ctx.tenant, 'crm_setting')} (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`, [SETTING, String(value)]);
    await appendAudit(trx, ctx.tenant, [{ actor: ctx.actor, action: 'metadata_change', entity: ENTITY, changes: { [SETTING]: [before, value] }, context: { request_id: ctx.requestId } }]);
  });
  return value as number;
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
  const expires = new Date(businessClockNow(ctx.tenant).getTime() + EXPORT_REQUEST_DAYS * 86_400_000);
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
    ? { submitted: '导出申请审批中,批准后才能下载', in_approval: '导出申请审批中,批准后才能下载', rejected: '导出申请已被驳回,不能下载' }
    : { submitted: 'the export is awaiting approval', in_approval: 'the export is awaiting approval', rejected: 'the export request was rejected' };
  if (refused[row.status]) throw new EngineError('CONFLICT', 'The export request is not approved', [{ path: 'status', message: refused[row.status]! }]);
  const now = businessClockNow(ctx.tenant);
  if (new Date(row.expires_at) < now) throw new EngineError('CONFLICT', 'The export request has expired', [{ path: 'expires_at', message: zh ? '导出申请已过期,请重新导出' : 'the export request has expired: export again' }]);
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
    `select id, title, entity_name, format, row_count, status, reason, expires_at, downloaded_at, created_at
       from ${qualified(ctx.tenant, ENTITY)} where owner = ?${id ? ' and id = ?' : ''} order by created_at desc limit 200`,
    id ? [ctx.actor.id, id] : [ctx.actor.id],
  );
}
