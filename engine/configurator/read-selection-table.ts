// A selection table (选型表) as implementers keep it in a spreadsheet: one row per option. Read from CSV or XLSX
// (exceljs) into segments; every unreadable cell is named by its row (1-based, as the spreadsheet shows it) and column.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { validationFailed, type ErrorDetail } from '../core/index.ts';
import type { TemplateOption, TemplateSegment } from './template-types.ts';

export type TableFormat = 'csv' | 'xlsx';

// Column headings in English or Chinese; segment-level columns are read from a segment's first row.
const COLUMNS: Record<string, string[]> = {
  segment: ['segment', '选型段'],
  segment_label: ['segment_label', '选型段名称'],
  segment_label_en: ['segment_label_en', '选型段英文名称'],
  required: ['required', '必选'],
  multiple: ['multiple', '可多选'],
  prefix: ['prefix', '前缀'],
  code: ['code', '代码'],
  label: ['label', '名称'],
  label_en: ['label_en', '英文名称'],
  spec: ['spec', '规格'],
  price: ['price', '加价'],
};
const REQUIRED_COLUMNS = ['segment', 'code', 'label'];

export async function readSelectionTable(bytes: Buffer, format: TableFormat): Promise<TemplateSegment[]> {
  const rows = await tableRows(bytes, format);
  const [header = [], ...body] = rows;
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const name = Object.entries(COLUMNS).find(([, names]) => names.includes(h.trim().toLowerCase()) || names.includes(h.trim()))?.[0];
    if (name) index.set(name, i);
  });
  const problems: ErrorDetail[] = REQUIRED_COLUMNS.filter((c) => !index.has(c)).map((c) => ({ path: '/rows/1', message: `the table has no "${c}" column (${COLUMNS[c]!.join(' / ')})` }));
  if (problems.length) throw validationFailed(problems, 'The selection table cannot be read');
  const cell = (row: string[], name: string) => (index.has(name) ? (row[index.get(name)!] ?? '').trim() : '');
  const segments: TemplateSegment[] = [];
  body.forEach((row, i) => {
    const at = `/rows/${i + 2}`;
    if (row.every((v) => v.trim() === '')) return;
    const code = cell(row, 'code');
    const segmentCode = cell(row, 'segment');
    if (!segmentCode || !code) {
      problems.push({ path: `${at}/${segmentCode ? 'code' : 'segment'}`, message: 'segment and code are required in every row' });
      return;
    }
    let segment = segments.find((s) => s.code === segmentCode);
    if (!segment) {
      const label = cell(row, 'segment_label') || segmentCode;
      segment = { code: segmentCode, labels: { 'zh-CN': label, en: cell(row, 'segment_label_en') || label } } as TemplateSegment;
      const required = flag(cell(row, 'required'), `${at}/required`, problems);
      const multiple = flag(cell(row, 'multiple'), `${at}/multiple`, problems);
      if (required !== undefined) segment.required = required;
      if (multiple !== undefined) segment.multiple = multiple;
      if (cell(row, 'prefix')) segment.prefix = cell(row, 'prefix');
      segment.options = [];
      segments.push(segment);
    }
    const label = cell(row, 'label') || code;
    const option: TemplateOption = { code, labels: { 'zh-CN': label, en: cell(row, 'label_en') || label } };
    if (cell(row, 'spec')) option.spec = cell(row, 'spec');
    const price = cell(row, 'price');
    if (price) {
      const percent = /^(-?\d+(?:\.\d+)?)\s*%$/.exec(price);
      if (percent) option.price = { percent: percent[1]! };
      else if (/^-?\d+(\.\d+)?$/.test(price)) option.price = { add: price };
      else problems.push({ path: `${at}/price`, message: `"${price}" is not a price adder: write 1800 or 5%` });
    }
    segment.options.push(option);
  });
  if (problems.length) throw validationFailed(problems, 'The selection table cannot be read');
  return segments;
}

function flag(value: string, path: string, problems: ErrorDetail[]): boolean | undefined {
  if (value === '') return undefined;
  if (['true', 'yes', 'y', '1', '是'].includes(value.toLowerCase())) return true;
  if (['false', 'no', 'n', '0', '否'].includes(value.toLowerCase())) return false;
  problems.push({ path, message: `"${value}" is not yes or no (是 / 否)` });
  return undefined;
}

async function tableRows(bytes: Buffer, format: TableFormat): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    // CSV cells stay text: a code such as 025 must not become the number 25.
    if (format === 'csv') sheet = await workbook.csv.read(Readable.from([bytes.toString('utf8').replace(/^\uFEFF/, '')]), { map: (v: unknown) => v });
    else sheet = (await workbook.xlsx.load(bytes as unknown as ArrayBuffer), workbook.worksheets[0]);
  } catch (e) {
    throw validationFailed([{ path: '/', message: `not a readable ${format.toUpperCase()} file: ${(e as Error).message}` }], 'The selection table cannot be read');
  }
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, n) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows[n - 1] = values.map(text);
  });
  return Array.from(rows, (r) => r ?? []);
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'result' in value) return text((value as ExcelJS.CellFormulaValue).result);
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return String(value);
}
