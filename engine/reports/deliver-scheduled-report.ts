// The job of one schedule occurrence: for each recipient the report is run and exported under THAT recipient's own
// policy (row scope, field rights, export right; never the owner's), kept as their delivery, announced by an in-app
// message (and an e-mail with the file when SMTP is configured). A recipient who may read the data but not export it
// gets their rows in the message itself, without a file; a result above the export approval threshold is held like any
// export (export-gate.ts): the message carries the totals and links the export request filed for that recipient, whose
// approved download makes the file under their rights. Then the next occurrence is planned. The job row is
// claimed once and finished in the same transaction, and each delivery is unique per schedule, occurrence and
// recipient, so running the jobs twice or on two servers sends once. Occurrences missed while no server ran are not
// replayed one by one: the overdue job sends once, and the next is planned after the business clock's now.
import { ALLOW_ALL, isEngineError, type EngineError, type Locale, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { accessVersion, orgDirectory, policyFor, type OrgDirectory } from '../access/index.ts';
import { businessNow, registerJobHandler, scheduleJob, type Job } from '../jobs/index.ts';
import { mailerConfigured } from '../notify/index.ts';
import { reportText, summaryText, type ReportFile } from './export-report.ts';
import { exportReportOrRequest, isHeld } from './export-gate.ts';
import { runReport } from './run-report.ts';
import { getSavedReport } from './saved-reports.ts';
import { resolvedValues } from './parameter-values.ts';
import type { ReportDefinition } from './report-types.ts';
import { planNextRun, REPORT_SCHEDULE_JOB, type ReportSchedule } from './report-schedules.ts';
import { REPORT_EMAIL_JOB } from './email-report-delivery.ts';

interface Texts {
  refused: string;
  rows: (n: number, file: string) => string;
  inline: (n: number) => string;
  held: (n: number, threshold: number, approved: boolean) => string;
  reason: (title: string) => string;
  parameters: string;
  separator: string;
}

const TEXT: Record<Locale, Texts> = {
  'zh-CN': {
    parameters: '参数：',
    separator: '，',
    refused: '您没有查看此报表数据的权限，未附文件',
    rows: (n, file) => `按您的数据权限生成，共 ${n} 行。文件：${file}（在消息中下载）`,
    inline: (n) => `按您的数据权限生成，共 ${n} 行（您没有导出权限，数据附在消息中，不附文件）：`,
    held: (n, threshold, approved) =>
      `按您的数据权限生成，共 ${n.toLocaleString('en-US')} 行，超过导出审批阈值 ${threshold.toLocaleString('en-US')} 行，未附文件：已为您提交导出申请，${approved ? '已直接批准，可在「导出申请」中下载' : '批准后在「导出申请」中下载'}。合计：`,
    reason: (title) => `定时发送：${title}`,
  },
  en: {
    parameters: 'Parameters: ',
    separator: ', ',
    refused: 'You may not see this report\'s data; no file is attached',
    rows: (n, file) => `Made under your own data rights, ${n} rows. File: ${file} (download it from the message)`,
    inline: (n) => `Made under your own data rights, ${n} rows (you may not export, so the rows are in this message and no file is attached):`,
    held: (n, threshold, approved) =>
      `Made under your own data rights, ${n.toLocaleString('en-US')} rows, above the export approval threshold of ${threshold.toLocaleString('en-US')} rows, so no file is attached: an export request was filed for you${approved ? ' and approved at once; download it from Export requests' : '; once it is approved, download it from Export requests'}. Totals:`,
    reason: (title) => `Scheduled delivery: ${title}`,
  },
};
/** Rows a message carries for a recipient who may read the report's data but not export it. */
const INLINE_ROWS = 50;

registerJobHandler(REPORT_SCHEDULE_JOB, async (tx, job) => {
  const { schedule: id, occurrence } = job.payload as { schedule: string; occurrence: string };
  const [schedule] = await queryRows<ReportSchedule>(tx.knex, `select * from ${qualified(tx.tenant, 'crm_report_schedule')} where id = ?`, [id]);
  if (!schedule) return 'skipped';
  const directory = await orgDirectory(tx.knex, tx.tenant, await accessVersion(tx.knex, tx.tenant));
  // A schedule outlives nothing: when its report was deleted (or its owner can no longer see it) it goes too.
  if (!(await reportOf(tx, directory, schedule, 'zh-CN'))) {
    await queryRows(tx.knex, `delete from ${qualified(tx.tenant, 'crm_report_schedule')} where id = ?`, [id]);
    return 'skipped';
  }
  for (const userId of recipientsOf(schedule, directory)) await deliverTo(tx, directory, schedule, userId, job, occurrence);
  const now = await businessNow(tx.knex, tx.tenant);
  await planNextRun(tx, id, schedule, new Date(Math.max(now.getTime(), new Date(occurrence).getTime())));
  return 'done';
});

/** Named users, role holders and the departments' members: active ones, each once. */
function recipientsOf(schedule: ReportSchedule, directory: OrgDirectory): string[] {
  const departments = new Set(schedule.recipients.departments);
  const ids = [
    ...schedule.recipients.users,
    ...schedule.recipients.roles.flatMap((code) => directory.holders(code)),
    ...[...directory.users.values()].filter((u) => u.department && departments.has(u.department)).map((u) => u.id),
  ];
  return [...new Set(ids)].filter((uid) => directory.users.get(uid)?.active === true);
}

async function deliverTo(tx: RequestContext, directory: OrgDirectory, schedule: ReportSchedule, userId: string, job: Job, occurrence: string): Promise<void> {
  const user = directory.users.get(userId)!;
  const locale: Locale = user.locale === 'en' ? 'en' : 'zh-CN';
  const text = TEXT[locale];
  const report = (await reportOf(tx, directory, schedule, locale))!;
  const day = dateIn(new Date(occurrence), tx.tenant.timeZone ?? 'Asia/Shanghai');
  const title = `${report.label} · ${day}`.slice(0, 300);
  // The delivery is claimed first (unique per schedule, occurrence and recipient): nothing is exported, filed or sent
  // twice for one due time, whatever runs the job again.
  const [delivery] = await queryRows<{ id: string }>(
    tx.knex,
    `insert into ${qualified(tx.tenant, 'crm_report_delivery')} (schedule_id, report_code, recipient, occurrence, title)
     values (?, ?, ?, ?, ?) on conflict (schedule_id, occurrence, recipient) do nothing returning id`,
    [schedule.id, schedule.report_code, user.id, occurrence, title],
  );
  if (!delivery) return;
  const recipient: RequestContext = {
    ...tx,
    locale,
    requestId: `report-schedule:${job.id}`,
    actor: { id: user.id, kind: 'user', name: user.username, department: user.department },
    access: policyFor(tx.model, directory, user.id, tx.tenant),
  };
  // Relative dates (last month…) count from the due time's day, so a late run still sends the period it was due for.
  const values = resolvedValues(report.definition, schedule.parameters, day);
  // Savepoints: a refused recipient leaves nothing behind, the others still get theirs.
  const attempt = async <T>(work: (sp: RequestContext) => Promise<T>): Promise<T | EngineError> => {
    try {
      return await tx.knex.transaction((sp) => work({ ...recipient, knex: sp }));
    } catch (e) {
      if (!isEngineError(e)) throw e;
      return e;
    }
  };
  // Held to export approval like any export: above the threshold the recipient's file waits for their manager.
  const made = await attempt((sp) => exportReportOrRequest(sp, { definition: report.definition, title: report.label, code: report.code }, values, '/parameters', schedule.format, text.reason(title)));
  let outcome: { rows: number | null; said: string; file?: ReportFile; entity?: string; recordId?: string };
  if (!isEngineError(made) && isHeld(made)) {
    // Only the totals: the rows themselves are what the approval holds back (the e-mail copy carries this text too).
    const { result, threshold, request } = made;
    outcome = { rows: result.rows.length, said: `${text.held(result.rows.length, threshold, request.status === 'approved')}\n${summaryText(result, locale)}`, entity: 'export_request', recordId: request.id };
  } else if (!isEngineError(made)) {
    outcome = { rows: made.rows, said: text.rows(made.rows, made.filename), file: made, recordId: delivery.id };
  } else {
    // No export right is no reason to miss the numbers one may read: they come in the message, without a file.
    const read = made.code === 'FORBIDDEN' ? await attempt((sp) => runReport(sp, report.definition, values, '/parameters')) : made;
    const why = isEngineError(read) ? read.details.map((d) => d.path ?? d.message).filter(Boolean).join(', ') : '';
    outcome = isEngineError(read) ? { rows: null, said: `${text.refused}${why ? `（${why}）` : ''}` } : { rows: read.rows.length, said: `${text.inline(read.rows.length)}\n${reportText(read, locale, INLINE_ROWS)}` };
  }
  const { file } = outcome;
  await queryRows(tx.knex, `update ${qualified(tx.tenant, 'crm_report_delivery')} set filename = ?, content_type = ?, body = ?, rows = ? where id = ?`, [file?.filename ?? null, file?.contentType ?? null, file?.body ?? null, outcome.rows, delivery.id]);
  const body = [parameterLine(report.definition, values, locale), outcome.said].filter(Boolean).join('\n');
  // The message links the delivery's file when there is one, the export request when the file waits for approval.
  await queryRows(
    tx.knex,
    `insert into ${qualified(tx.tenant, 'crm_message')} (recipient, title, body, entity, record_id, kind) values (?, ?, ?, ?, ?, 'report_delivery')`,
    [user.id, title, body, outcome.entity ?? null, outcome.recordId ?? null],
  );
  if (mailerConfigured()) await scheduleJob(tx.knex, tx.tenant, { kind: REPORT_EMAIL_JOB, key: `${REPORT_EMAIL_JOB}:${delivery.id}`, dueAt: new Date(0), payload: { delivery: delivery.id, subject: title, text: body } });
}

/** The report as its owner sees it (the schedule is theirs), labelled in the recipient's language; its data is never read as them. */
async function reportOf(tx: RequestContext, directory: OrgDirectory, schedule: ReportSchedule, locale: Locale) {
  const owner = directory.users.get(schedule.owner);
  const asOwner: RequestContext = { ...tx, locale, access: ALLOW_ALL, actor: { id: schedule.owner, kind: 'user', name: owner?.username ?? 'system', department: owner?.department ?? null } };
  return getSavedReport(asOwner, schedule.report_code).catch((e: unknown) => (isEngineError(e) ? undefined : Promise.reject(e)));
}

/** The values the run used (relative dates resolved), labelled in the recipient's language; empty without parameters. */
function parameterLine(def: ReportDefinition, values: Record<string, unknown>, locale: Locale): string {
  const parts = (def.parameters ?? []).filter((p) => values[p.name] !== undefined).map((p) => `${p.labels?.[locale] ?? p.name} ${String(values[p.name])}`);
  return parts.length ? `${TEXT[locale].parameters}${parts.join(TEXT[locale].separator)}` : '';
}

function dateIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
