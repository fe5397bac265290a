// A spreadsheet as rows of cells: CSV (UTF-8 with or without BOM, or GBK / GB18030 as Excel in China saves it) or
// the first worksheet of an XLSX file. XLSX cells keep their type (a date stays a Date, a number a number); CSV
// cells stay text, so a code such as 025 never becomes 25.
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { validationFailed } from '../core/index.ts';

export type SheetFormat = 'csv' | 'xlsx';
export type SheetEncoding = 'utf8' | 'gb18030';
export type Cell = string | number | boolean | Date | null;

export function formatOf(fileName: string): SheetFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === 'csv' || ext === 'txt' ? 'csv' : ext === 'xlsx' ? 'xlsx' : undefined;
}

/** UTF-8 when the bytes are valid UTF-8 (or carry its BOM), else GB18030 (a superset of GBK and GB2312). */
export function decodeText(bytes: Buffer, encoding?: SheetEncoding): string {
  if (encoding === 'gb18030') return iconv.decode(bytes, 'gb18030');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    if (encoding === 'utf8') throw validationFailed([{ path: '/', message: 'the file is not valid UTF-8; save it as UTF-8 or choose GBK' }], 'The file cannot be read');
    return iconv.decode(bytes, 'gb18030');
  }
}

export async function readSheet(bytes: Buffer, format: SheetFormat, encoding?: SheetEncoding): Promise<Cell[][]> {
  // CSV straight through a CSV parser: a worksheet model for 100,000 rows costs twice the time and the memory.
  if (format === 'csv') {
    const text = decodeText(bytes, encoding);
    try {
      // A blank line is a row without cells, as in a worksheet.
      return (parseCsv(text, { relax_column_count: true }) as string[][]).map((r) => (r.length === 1 && r[0] === '' ? [] : r));
    } catch (e) {
      throw unreadable(format, e);
    }
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw unreadable(format, e);
  }
  const rows: Cell[][] = [];
  workbook.worksheets[0]?.eachRow({ includeEmpty: true }, (row, n) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows[n - 1] = Array.from(values, cellValue);
  });
  return Array.from(rows, (r) => r ?? []);
}

const unreadable = (format: SheetFormat, e: unknown) => validationFailed([{ path: '/', message: `not a readable ${format.toUpperCase()} file: ${(e as Error).message}` }], 'The file cannot be read');

function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'object' && 'richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'result' in value) return cellValue((value as ExcelJS.CellFormulaValue).result);
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return String(value);
}

/** A cell as the text a person sees in it. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}
