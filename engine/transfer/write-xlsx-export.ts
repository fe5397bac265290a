// A list export (导出) as an XLSX workbook, streamed: typed cells (numbers as numbers, money with thousands
// separators, dates and times as Excel dates in the tenant's local time), the header row frozen, columns as wide as
// their header and the first page's values. Text is the CSV export's cell (labels, names, formula-leading text
// neutralised with an apostrophe), so the two formats say the same thing.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RequestContext } from '../core/index.ts';
import { exportCell, type RecordExport } from '../data/index.ts';
import type { FieldDef } from '../metadata/index.ts';

const NUMBER_TYPES = new Set<FieldDef['type']>(['integer', 'decimal', 'money', 'formula', 'rollup']);
const MAX_WIDTH = 60;

export async function writeXlsxExport(ctx: RequestContext, file: RecordExport, sheetName: string, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  // Sheet names are at most 31 characters and may not hold []:*?/\ .
  const sheet = workbook.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });
  const pages = file.pages();
  const first = await pages.next();
  const firstRows = first.done ? [] : first.value.rows.map((row) => file.columns.map((f) => cellValue(ctx, f, row[f.name], first.value.names)));
  sheet.columns = file.columns.map((f, i) => ({
    header: file.header[i],
    key: f.name,
    width: Math.min(MAX_WIDTH, Math.max(displayWidth(file.header[i]!), ...firstRows.slice(0, 200).map((r) => displayWidth(r[i]))) + 2),
    style: numberFormat(f) ? { numFmt: numberFormat(f) } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const values of firstRows) sheet.addRow(values).commit();
  for await (const { rows, names } of pages) {
    for (const row of rows) sheet.addRow(file.columns.map((f) => cellValue(ctx, f, row[f.name], names))).commit();
  }
  sheet.commit();
  await workbook.commit();
}

type Value = string | number | Date | null;

function cellValue(ctx: RequestContext, field: FieldDef, value: unknown, names: Parameters<typeof exportCell>[3]): Value {
  if (value === null || value === undefined) return null;
  if (field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  // Excel dates have no time zone: the cell holds the tenant's wall-clock time, as the CSV export prints it.
  if (field.type === 'datetime') {
    const local = exportCell(field, value, ctx, names);
    const date = new Date(`${String(local).replace(' ', 'T')}Z`);
    return Number.isNaN(date.getTime()) ? local : date;
  }
  if (NUMBER_TYPES.has(field.type) && typeof value === 'number') return value;
  return exportCell(field, value, ctx, names);
}

function numberFormat(field: FieldDef): string | undefined {
  if (field.type === 'date') return 'yyyy-mm-dd';
  if (field.type === 'datetime') return 'yyyy-mm-dd hh:mm:ss';
  if (field.type === 'money') return '#,##0.00';
  return undefined;
}

/** Characters a column needs: CJK and other wide characters take two. */
function displayWidth(value: Value | undefined): number {
  if (value === null || value === undefined) return 0;
  if (value instanceof Date) return 19;
  let width = 0;
  for (const ch of String(value)) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}
