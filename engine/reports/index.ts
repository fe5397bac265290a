// The reports room's door: report definitions checked against the schema, the model and the viewer's rights, compiled
// to one aggregate statement under the viewer's row scope and field mask, and shaped into columns, rows and totals;
// saved reports (metadata and users' own), their export as CSV / XLSX.
export { runReport, runReportRequest, parametersOf, checkValues } from './run-report.ts';
export { DEFAULT_REPORT_LIMIT, checkDefinitionShape } from './plan-report.ts';
export { MAX_PIVOT_VALUES } from './shape-result.ts';
export { checkSavedReports, checkReportOrThrow } from './check-saved-reports.ts';
export { listSavedReports, getSavedReport, createSavedReport, updateSavedReport, deleteSavedReport, type SavedReport } from './saved-reports.ts';
export { exportReport, exportReportOrHold, exportFormatOrThrow, type ExportedReport, type ExportFormat, type ReportFile } from './export-report.ts';
export { exportReportOrRequest, isHeld, registerReportExportGate, type HeldReportExport } from './export-gate.ts';
export type { ReportColumn, ReportDefinition, ReportResult } from './report-types.ts';
export { applyReportColumn, type ApplyPlan } from './apply-report-column.ts';
export { listReportSchedules, createReportSchedule, updateReportSchedule, deleteReportSchedule, type ReportSchedule } from './report-schedules.ts';
export { reportDeliveryFile } from './report-deliveries.ts';
export { deliveryRetentionDays, setDeliveryRetentionDays, MAX_DELIVERY_RETENTION_DAYS } from './delivery-retention.ts';
export { RELATIVE_PERIODS, periodDays, type RelativePeriod } from './relative-period.ts';
import './deliver-scheduled-report.ts';
import './email-report-delivery.ts';
