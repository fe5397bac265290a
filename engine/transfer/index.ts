export { importTable, type ImportOptions, type ImportResult, type RejectedRow } from './import-table.ts';
export { writeErrorFile } from './error-file.ts';
export { dedupeKey } from './dedupe-key.ts';
export { formatOf, readSheet, cellText, type Cell, type SheetFormat, type SheetEncoding } from './read-sheet.ts';
export type { ImportMapping } from './map-columns.ts';
export { createBackup, type BackupSource } from './create-backup.ts';
export { checkBackup, restoreBackup, type RestoreReport, type RestoreTarget } from './restore-backup.ts';
export { verifyBackup, type BackupManifest } from './backup-manifest.ts';
export { writeXlsxExport } from './write-xlsx-export.ts';
