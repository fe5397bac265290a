// Export (导出) of an entity's records as CSV: the same filter, sort and field parameters as a list, read through the
// one permission scope (read scope, and the export right's scope on top), with hidden fields never among the
// columns. Checked and audited in full before the first byte is sent; then streamed page by page.
import { stringify } from 'csv-stringify/sync';
import { badRequest, EngineError, validationFailed, type RequestContext, type SqlFragment } from '../core/index.ts';
import { businessClockNow } from '../jobs/index.ts';
import { queryRows } from '../db/index.ts';
import type { EntityDef, FieldDef } from '../metadata/index.ts';
import { appendAudit } from '../audit/index.ts';
import { compiledEntity } from './compiled-model.ts';
import { exportCell, type RefNames } from './export-format.ts';
import { parseListQuery } from './list-query.ts';
import { buildCount, buildSelect, lastKeyset } from './select-records.ts';

/** More than this is refused with a request to narrow the filter: an export is a file, not a backup. */
export const MAX_EXPORT_ROWS = 100_000;
const PAGE_ROWS = 1000;
const PARAMS = new Set(['filter', 'sort', 'fields', 'format']);
/** Values with no single-cell form (lines, link sets, free JSON) stay out of the file. */
const NOT_EXPORTED = new Set<FieldDef['type']>(['children', 'many_to_many', 'json', 'attachment']);

export interface RecordExport {
  /** File name without a path, in the request's language: 客户-20261204.csv. */
  filename: string;
  rows: number;
  /** The file's text in order: the header (with a BOM, so that Excel reads the Chinese right), then each page. */
  chunks(): AsyncGenerator<string>;
  /** The columns, their headers in the request's language, and the rows page by page (for other file formats). */
  columns: FieldDef[];
  header: string[];
  pages(): AsyncGenerator<{ rows: Row[]; names: RefNames }>;
}

/** More rows than the approval threshold: nothing is audited or read, the caller files an export request instead. */
export interface ExportNeedsApproval {
  needsApproval: true;
  rows: number;
  threshold: number;
}

type Row = Record<string, unknown>;

/**
 * `approvalThreshold`: more matching rows than this are not exported but answered as ExportNeedsApproval (导出审批);
 * left out for an approved request's download, which is the approval.
 */
export async function exportRecords(
  ctx: RequestContext,
  entityName: string,
  params: Record<string, unknown>,
  approvalThreshold?: number,
): Promise<RecordExport | ExportNeedsApproval> {
  const entity = compiledEntity(ctx.model, entityName).entity;
  ctx.access.assertCan(entity, 'read');
  ctx.access.assertCan(entity, 'export');
  const unknown = Object.keys(params).filter((k) => !PARAMS.has(k));
  if (unknown.length) throw badRequest('The request is not valid', unknown.map((k) => ({ path: k, message: 'unknown query parameter', expected: [...PARAMS].join(', ') })));
  if (params.format !== undefined && params.format !== 'csv' && params.format !== 'xlsx') throw badRequest('The request is not valid', [{ path: 'format', message: 'must be "csv" or "xlsx"' }]);
  const { format: _format, ...listParams } = params;
  const query = parseListQuery(ctx, entity, listParams, businessClockNow(ctx.tenant));
  const columns = exportColumns(ctx, entity, query.fields);
  const filter = withExportScope(ctx, entity, query.filter);

  const count = buildCount(ctx, entity, filter);
  const rows = Number((await queryRows<{ n: number }>(ctx.knex, count.sql, count.bindings))[0]!.n);
  if (rows > MAX_EXPORT_ROWS) {
    throw validationFailed(
      [{ path: 'filter', message: ctx.locale === 'zh-CN' ? `共 ${rows} 条,超过导出上限 ${MAX_EXPORT_ROWS} 条,请缩小筛选范围` : `${rows} records match; at most ${MAX_EXPORT_ROWS} can be exported: narrow the filter`, info: { rows, max: MAX_EXPORT_ROWS } }],
      'Too many records to export',
    );
  }
  if (approvalThreshold !== undefined && rows > approvalThreshold) return { needsApproval: true, rows, threshold: approvalThreshold };
  await ctx.knex.transaction((trx) =>
    appendAudit(trx, ctx.tenant, [
      {
        actor: ctx.actor,
        action: 'export',
        entity: entity.name,
        changes: { rows, format: params.format ?? 'csv', fields: columns.map((f) => f.name), ...(typeof params.filter === 'string' ? { filter: params.filter } : {}), ...(typeof params.sort === 'string' ? { sort: params.sort } : {}) },
        context: { request_id: ctx.requestId },
      },
    ]),
  );

  const header = columns.map((f) => f.labels[ctx.locale]);
  async function* pages(): AsyncGenerator<{ rows: Row[]; names: RefNames }> {
    let after: unknown[] | undefined;
    for (;;) {
      const select = buildSelect(ctx, entity, { fields: columns.map((f) => f.name), filter, order: query.order, after, limit: PAGE_ROWS, withKeyset: true });
      const page = await queryRows<Row>(ctx.knex, select.sql, select.bindings);
      if (!page.length) return;
      after = lastKeyset(page, query.order);
      yield { rows: page, names: await refNames(ctx, columns, page) };
      if (page.length < PAGE_ROWS) return;
    }
  }
  async function* chunks(): AsyncGenerator<string> {
    yield stringify([header], { bom: true });
    for await (const { rows: page, names } of pages()) yield stringify(page.map((row) => columns.map((f) => exportCell(f, row[f.name], ctx, names))));
  }
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const extension = params.format === 'xlsx' ? 'xlsx' : 'csv';
  return { filename: `${entity.labels[ctx.locale]}-${day}.${extension}`, rows, chunks, columns, header, pages };
}

export function needsApproval(file: RecordExport | ExportNeedsApproval): file is ExportNeedsApproval {
  return 'needsApproval' in file;
}

/**
 * The requested fields in the order asked (a list's column order), or all in the entity's order; only those the
 * actor may read and that fit in a cell; ids only when asked for.
 */
function exportColumns(ctx: RequestContext, entity: EntityDef, requested: readonly string[] | undefined): FieldDef[] {
  const fields = requested ? requested.map((name) => entity.fields.get(name)!) : [...entity.fields.values()].filter((f) => f.name !== 'id' && f.name !== 'version');
  return fields.filter((f) => !NOT_EXPORTED.has(f.type) && ctx.access.canReadField(entity, f.name));
}

/** The export right may be narrower than the read right ("export own records only"): both apply. */
function withExportScope(ctx: RequestContext, entity: EntityDef, filter: SqlFragment | undefined): SqlFragment | undefined {
  const scope = ctx.access.rowScope(entity, 'export', 'r');
  if (!scope) return filter;
  if (!filter) return scope;
  return { sql: `(${filter.sql}) and (${scope.sql})`, bindings: [...filter.bindings, ...scope.bindings] };
}

/**
 * The display value (a customer's name, a user's name) of every record the page refers to, read under the actor's
 * own scope for the target entity: a reference the actor cannot read stays an id, as in the API.
 */
async function refNames(ctx: RequestContext, columns: readonly FieldDef[], page: readonly Row[]): Promise<RefNames> {
  const out: RefNames = new Map();
  const byTarget = new Map<string, Set<string>>();
  for (const f of columns) {
    if (f.type !== 'ref') continue;
    const ids = byTarget.get(f.target!) ?? new Set<string>();
    for (const row of page) if (typeof row[f.name] === 'string') ids.add(row[f.name] as string);
    byTarget.set(f.target!, ids);
  }
  for (const [targetName, ids] of byTarget) {
    const target = ctx.model.entities.get(targetName)!;
    const names = new Map<string, string>();
    out.set(targetName, names);
    if (!ids.size || !readable(ctx, target)) continue;
    const select = buildSelect(ctx, target, { fields: [target.displayField], filter: { sql: 'r.id = any(?::uuid[])', bindings: [[...ids]] }, order: [] });
    for (const row of await queryRows<Row>(ctx.knex, select.sql, select.bindings)) {
      const shown = row[target.displayField];
      if (shown !== null && shown !== undefined) names.set(String(row.id), String(shown));
    }
  }
  return out;
}

function readable(ctx: RequestContext, target: EntityDef): boolean {
  try {
    ctx.access.assertCan(target, 'read');
  } catch (e) {
    if (e instanceof EngineError && e.code === 'FORBIDDEN') return false;
    throw e;
  }
  return ctx.access.canReadField(target, target.displayField);
}
