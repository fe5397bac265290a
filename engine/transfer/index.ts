export { importTable, type ImportOptions, type ImportResult, type RejectedRow } from './import-table.ts';
export { writeErrorFile } from './error-file.ts';
export { previewImport, type ImportPreview } from './preview-import.ts';
export { dedupeKey } from './dedupe-key.ts';
export { findDuplicates, type Duplicates } from './find-duplicates.ts';
export { formatOf, readSheet, cellText, type Cell, type SheetFormat, type SheetEncoding } from './read-sheet.ts';
export type { ImportMapping } from './map-columns.ts';
export { createBackup, type BackupSource } from './create-backup.ts';
export { checkBackup, restoreBackup, type RestoreReport, type RestoreTarget } from './restore-backup.ts';
export { verifyBackup, type BackupManifest } from './backup-manifest.ts';
export { writeXlsxExport } from './write-xlsx-export.ts';
export {
  exportApprovalThreshold,
  setExportApprovalThreshold,
  requestExport,
  listExportRequests,
  exportRequestFile,
  DEFAULT_EXPORT_APPROVAL_THRESHOLD,
  EXPORT_REQUEST_DAYS,
  type ExportRequestRow,
} from './export-requests.ts';
export { registerBackupHost, type BackupHost } from './backup-host.ts';
export { backupScheduleView, saveBackupSchedule, BACKUP_JOB, type BackupSchedule, type BackupScheduleView } from './backup-schedule.ts';
export { listBackups, runBackupNow } from './backup-admin.ts';
export { openBackupDownload } from './backup-download.ts';
export { manualBackupName, type BackupFile } from './backup-files.ts';
import './scheduled-backup-job.ts';
