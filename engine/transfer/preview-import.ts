// The first step of an import screen: what the file holds (its header, row count and first rows as text) and which
// field each column would fill without a mapping, plus the fields this user may import into, so the screen can offer
// a mapping before anything is written.
import type { RequestContext } from '../core/index.ts';
import { importTarget } from './import-table.ts';
import { importableFields, suggestColumns } from './map-columns.ts';
import { cellText, readSheet, type SheetEncoding } from './read-sheet.ts';

const SAMPLE_ROWS = 5;

export interface ImportPreview {
  header: string[];
  /** Rows below the header that hold anything. */
  total: number;
  sample: string[][];
  columns: { header: string; field: string | null }[];
  fields: { name: string; type: string; required: boolean; labels: { 'zh-CN': string; en: string } }[];
}

export async function previewImport(ctx: RequestContext, entityName: string, file: { fileName: string; bytes: Buffer; encoding?: SheetEncoding }): Promise<ImportPreview> {
  const { entity, format } = importTarget(ctx, entityName, file.fileName);
  const [header = [], ...body] = await readSheet(file.bytes, format, file.encoding);
  const rows = body.filter((cells) => cells.some((c) => c !== null && String(c).trim() !== ''));
  const writable = importableFields(entity).filter((f) => ctx.access.canReadField(entity, f.name) && ctx.access.canWriteField(entity, f.name) && !f.readOnly);
  const allowed = new Set(writable.map((f) => f.name));
  return {
    header: header.map((h) => cellText(h).trim()),
    total: rows.length,
    sample: rows.slice(0, SAMPLE_ROWS).map((cells) => header.map((_, i) => cellText(cells[i] ?? null))),
    // A column that would fill a field this user may not write is left unmapped: the import would refuse it.
    columns: suggestColumns(entity, header).map((c) => (c.field && allowed.has(c.field) ? c : { header: c.header, field: null })),
    // Required means a column must fill it: a field with a default is filled without one.
    fields: writable.map((f) => ({ name: f.name, type: f.type, required: f.required === true && f.default === undefined, labels: f.labels })),
  };
}
