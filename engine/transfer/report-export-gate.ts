// The reports room's export gate (engine/reports/export-gate.ts): a report's result of more rows than the tenant's
// threshold is not exported (nothing audited or made) but filed as the caller's export request with the report, as a
// list's export is; the approved download makes the report again under the requester's rights (export-requests.ts).
import { exportReportOrHold, registerReportExportGate } from '../reports/index.ts';
import { exportApprovalThreshold } from './export-settings.ts';
import { requestExport } from './export-requests.ts';

registerReportExportGate(async (ctx, report, values, valuesPath, format, reason) => {
  const made = await exportReportOrHold(ctx, report, values, valuesPath, format, await exportApprovalThreshold(ctx));
  if (!('needsApproval' in made)) return made;
  const request = await requestExport(ctx, report.definition.entity, { format, report: { ...report, values } }, made.rows, reason);
  return { request: { ...request }, threshold: made.threshold, result: made.result };
});
