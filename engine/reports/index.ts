// The reports room's door: report definitions checked against the schema, the model and the viewer's rights, compiled
// to one aggregate statement under the viewer's row scope and field mask, and shaped into columns, rows and totals.
export { runReport, runReportRequest } from './run-report.ts';
export { DEFAULT_REPORT_LIMIT } from './plan-report.ts';
export { MAX_PIVOT_VALUES } from './shape-result.ts';
export type { ReportColumn, ReportDefinition, ReportResult } from './report-types.ts';
export { applyReportColumn, type ApplyPlan } from './apply-report-column.ts';
