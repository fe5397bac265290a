// Export (导出) of a report's result as CSV (UTF-8 with BOM) or XLSX (typed cells, dates as dates, frozen header):
// under the export right, whose scope narrows the read scope of the report's entity, and audited like list exports.
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { badRequest, type AccessPolicy, type Locale, type RequestContext } from '../core/index.ts';
import { appendAudit } from '../audit/index.ts';
import { safeText } from '../data/index.ts';
import { runReport } from './run-report.ts';
import type { ReportColumn, ReportDefinition, ReportResult } from './report-types.ts';

export type ExportFormat = 'csv' | 'xlsx';

export interface ReportFile {
  filename: string;
  contentType: string;
  body: Buffer;
  rows: number;
}

const TOTAL: Record<Locale, string> = { 'zh-CN': '合计', en: 'Total' };
const YES_NO: Record<Locale, [string, string]> = { 'zh-CN': ['是', '否'], en: ['Yes', 'No'] };
const NUMERIC = new Set(['integer', 'decimal', 'money', 'formula', 'rollup']);
const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function exportFormatOrThrow(value: string | undefined): ExportFormat {
  if (value === undefined || value === 'csv' || value === 'xlsx') return value ?? 'csv';
  throw badRequest('The export request is not valid', [{ path: 'format', message: 'must be "csv" or "xlsx"' }]);
}

/** More rows than the export approval threshold (导出审批): nothing is audited or made; the caller files a request. */
export interface ReportNeedsApproval {
  needsApproval: true;
  rows: number;
  threshold: number;
  /** What was run, for a summary (the totals) where the file is held. */
  result: ReportResult;
}

export interface ExportedReport {
  definition: ReportDefinition;
  /** The report's label: file and sheet name, an export request's title. */
  title: string;
  /** A saved report's code, for the audit entry and an export request. */
  code?: string;
}

export async function exportReport(ctx: RequestContext, report: ExportedReport, values: Record<string, unknown>, valuesPath: string, format: ExportFormat): Promise<ReportFile> {
  return fileOf(ctx, report, await runForExport(ctx, report, values, valuesPath), values, format);
}

/**
 * exportReport held to the export approval threshold (导出审批): a result of more rows than `threshold` is not
 * exported (nothing audited or made) but answered as ReportNeedsApproval, for the caller to file a request.
 */
export async function exportReportOrHold(ctx: RequestContext, report: ExportedReport, values: Record<string, unknown>, valuesPath: string, format: ExportFormat, threshold: number): Promise<ReportFile | ReportNeedsApproval> {
  const result = await runForExport(ctx, report, values, valuesPath);
  if (result.rows.length > threshold) return { needsApproval: true, rows: result.rows.length, threshold, result };
  return fileOf(ctx, report, result, values, format);
}

/** The report under the read and the export right (whose scope narrows the read scope). */
async function runForExport(ctx: RequestContext, report: ExportedReport, values: Record<string, unknown>, valuesPath: string): Promise<ReportResult> {
  const entity = ctx.model.entities.get(report.definition.entity);
  if (entity) {
    ctx.access.assertCan(entity, 'read');
    ctx.access.assertCan(entity, 'export');
  }
  return runReport({ ...ctx, access: withExportScope(ctx.access, report.definition.entity) }, report.definition, values, valuesPath);
}

/** Audited as the viewer's export, then made as CSV or XLSX. */
async function fileOf(ctx: RequestContext, report: ExportedReport, result: ReportResult, values: Record<string, unknown>, format: ExportFormat): Promise<ReportFile> {
  const table = gridOf(result, ctx.locale);
  await ctx.knex.transaction((trx) =>
    appendAudit(trx, ctx.tenant, [
      {
        actor: ctx.actor,
        action: 'export',
        entity: report.definition.entity,
        changes: { ...(report.code ? { report: report.code } : {}), format, rows: result.rows.length, columns: result.columns.map((c) => c.key), ...(Object.keys(values).length ? { parameters: values } : {}) },
        context: { request_id: ctx.requestId },
      },
    ]),
  );
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const body = format === 'xlsx' ? await xlsxOf(report.title, result.columns, table) : csvOf(table, result.columns);
  return { filename: `${report.title}-${day}.${format}`, contentType: CONTENT_TYPES[format], body, rows: result.rows.length };
}

/** The export right may be narrower than the read right ("export own records only"): both apply to the base entity. */
function withExportScope(access: AccessPolicy, entityName: string): AccessPolicy {
  return {
    ...access,
    rowScope(e, action, alias) {
      const read = access.rowScope(e, action, alias);
      if (e.name !== entityName || action !== 'read') return read;
      const exported = access.rowScope(e, 'export', alias);
      if (!exported) return read;
      if (!read) return exported;
      return { sql: `(${read.sql}) and (${exported.sql})`, bindings: [...read.bindings, ...exported.bindings] };
    },
  };
}

type Cell = string | number | Date | null;

/**
 * The report as plain text lines (header, rows, totals; cells separated by " | "), at most `maxRows` rows (then "…")
 * and always the totals, for a message that carries the numbers themselves instead of a file.
 */
export function reportText(result: ReportResult, locale: Locale, maxRows: number): string {
  const { header, rows, totals } = tableOf(result, locale);
  const shown = rows.length > maxRows ? [...rows.slice(0, maxRows), null] : rows;
  const text = (cell: Cell) => (cell === null ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : typeof cell === 'number' ? cell.toLocaleString(locale) : cell);
  return [header, ...shown, ...(totals ? [totals] : [])].map((row) => (row ? row.map(text).join(' | ') : '…')).join('\n');
}

/** The header and the totals (a report without groups: its one row), for a message whose file is held. */
export function summaryText(result: ReportResult, locale: Locale): string {
  return reportText(result, locale, result.columns.some((c) => c.role === 'group') ? 0 : 1);
}

/** Header, rows and the totals row, each cell as the user reads it (labels, names), typed for a spreadsheet. */
function tableOf(result: ReportResult, locale: Locale): { header: Cell[]; rows: Cell[][]; totals?: Cell[] } {
  const header = result.columns.map((c) => safeText(c.label));
  const rows = result.rows.map((row) => result.columns.map((c) => cellOf(c, row[c.key], row[`${c.key}__name`], locale)));
  const groups = result.columns.filter((c) => c.role === 'group').length;
  const totals = result.columns.map((c, i) => (c.role === 'measure' ? cellOf(c, result.totals[c.key], undefined, locale) : i === 0 ? TOTAL[locale] : null));
  return { header, rows, ...(groups && result.rows.length ? { totals } : {}) };
}

/** The table as a spreadsheet's rows: header, rows, totals. */
function gridOf(result: ReportResult, locale: Locale): Cell[][] {
  const { header, rows, totals } = tableOf(result, locale);
  return [header, ...rows, ...(totals ? [totals] : [])];
}

function cellOf(column: ReportColumn, value: unknown, name: unknown, locale: Locale): Cell {
  if (value === null || value === undefined) return null;
  if (column.options) return safeText(column.options.find((o) => o.code === value)?.label ?? String(value));
  if (column.target) return safeText(typeof name === 'string' ? name : String(value));
  if (NUMERIC.has(column.type) && (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))))) return Number(value);
  if (column.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  if (column.type === 'boolean') return YES_NO[locale][value ? 0 : 1];
  return safeText(String(value));
}

function csvOf(table: Cell[][], columns: ReportColumn[]): Buffer {
  const text = table.map((row) => row.map((cell, i) => (cell instanceof Date ? dateText(cell, columns[i]!) : cell ?? '')));
  return Buffer.from(stringify(text, { bom: true }), 'utf8');
}

async function xlsxOf(title: string, columns: ReportColumn[], table: Cell[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const sheet = workbook.addWorksheet(title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'report', { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const row of table) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    if (c.type === 'date') column.numFmt = c.bucket === 'month' || c.bucket === 'quarter' ? 'yyyy-mm' : c.bucket === 'year' ? 'yyyy' : 'yyyy-mm-dd';
    else if (c.type === 'money') column.numFmt = '#,##0.00';
    // Width in characters: a Chinese character is about two.
    const widest = Math.max(...table.map((row) => displayWidth(row[i] ?? null, c)));
    column.width = Math.min(60, Math.max(8, widest + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function displayWidth(cell: Cell, column: ReportColumn): number {
  if (cell === null) return 0;
  const text = cell instanceof Date ? dateText(cell, column) : typeof cell === 'number' ? cell.toLocaleString('en') : cell;
  return [...text].reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
}

function dateText(d: Date, column: ReportColumn): string {
  const iso = d.toISOString().slice(0, 10);
  return column.bucket === 'year' ? iso.slice(0, 4) : column.bucket === 'month' ? iso.slice(0, 7) : iso;
}
