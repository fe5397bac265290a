export { importTable, type ImportOptions, type ImportResult, type RejectedRow } from './import-table.ts';
export { writeErrorFile } from './error-file.ts';
export { previewImport, type ImportPreview } from './preview-import.ts';
export { dedupeKey } from './dedupe-key.ts';
export { formatOf, readSheet, cellText, type Cell, type SheetFormat, type SheetEncoding } from './read-sheet.ts';
export type { ImportMapping } from './map-columns.ts';
