// A report's export held to export approval (导出审批): made as a file at or under the tenant's threshold, above it filed
// as an export request for the caller instead. Approval is engine/transfer's, which builds on this room (an approved
// report export is made again here); HTTP exports and scheduled deliveries both go through this one gate, which
// transfer hands in when it loads rather than this room importing it back.
import type { RequestContext } from '../core/index.ts';
import type { ExportedReport, ExportFormat, ReportFile } from './export-report.ts';
import type { ReportResult } from './report-types.ts';

/** Above the threshold nothing was exported: the request filed for the caller (as its API answers it) and what was run. */
export interface HeldReportExport {
  request: { id: string; status: string } & Record<string, unknown>;
  threshold: number;
  result: ReportResult;
}

export type ReportExportGate = (ctx: RequestContext, report: ExportedReport, values: Record<string, unknown>, valuesPath: string, format: ExportFormat, reason?: string) => Promise<ReportFile | HeldReportExport>;

let gate: ReportExportGate | undefined;

export function registerReportExportGate(given: ReportExportGate): void {
  gate = given;
}

export function exportReportOrRequest(...args: Parameters<ReportExportGate>): Promise<ReportFile | HeldReportExport> {
  // Never a file without the gate: an engine opened without engine/transfer cannot export a report at all.
  if (!gate) throw new Error('report exports need engine/transfer (export approval) loaded');
  return gate(...args);
}

export function isHeld(made: ReportFile | HeldReportExport): made is HeldReportExport {
  return 'request' in made;
}
