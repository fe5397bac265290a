// The job of one schedule occurrence: for each recipient the report is run and exported under THAT recipient's own
// policy (row scope, field rights, export right; never the owner's), kept as their delivery, announced by an in-app
// message (and an e-mail with the file when SMTP is configured); then the next occurrence is planned. The job row is
// claimed once and finished in the same transaction, and each delivery is unique per schedule, occurrence and
// recipient, so running the jobs twice or on two servers sends once. Occurrences missed while no server ran are not
// replayed one by one: the overdue job sends once, and the next is planned after the business clock's now.
import { ALLOW_ALL, isEngineError, type Locale, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { accessVersion, orgDirectory, policyFor, type OrgDirectory } from '../access/index.ts';
import { businessNow, registerJobHandler, scheduleJob, type Job } from '../jobs/index.ts';
import { mailerConfigured } from '../notify/index.ts';
import { exportReport } from './export-report.ts';
import { getSavedReport } from './saved-reports.ts';
import { planNextRun, REPORT_SCHEDULE_JOB, type ReportSchedule } from './report-schedules.ts';
import { REPORT_EMAIL_JOB } from './email-report-delivery.ts';

const TEXT: Record<Locale, { refused: string; rows: (n: number, file: string) => string }> = {
  'zh-CN': {
    refused: '您没有查看此报表数据的权限，未附文件',
    rows: (n, file) => `按您的数据权限生成，共 ${n} 行。文件：${file}（在消息中下载）`,
  },
  en: {
    refused: 'You may not see this report\'s data; no file is attached',
    rows: (n, file) => `Made under your own data rights, ${n} rows. File: ${file} (download it from the message)`,
  },
};

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
  const recipient: RequestContext = {
    ...tx,
    locale,
    requestId: `report-schedule:${job.id}`,
    actor: { id: user.id, kind: 'user', name: user.username, department: user.department },
    access: policyFor(tx.model, directory, user.id, tx.tenant),
  };
  const day = dateIn(new Date(occurrence), tx.tenant.timeZone ?? 'Asia/Shanghai');
  const title = `${report.label} · ${day}`;
  let file: Awaited<ReturnType<typeof exportReport>> | undefined;
  let refusal: string | undefined;
  try {
    // A savepoint: a refused recipient leaves nothing behind, the others still get theirs.
    file = await tx.knex.transaction((sp) => exportReport({ ...recipient, knex: sp }, { definition: report.definition, title: report.label, code: report.code }, schedule.parameters, '/parameters', schedule.format));
  } catch (e) {
    if (!isEngineError(e)) throw e;
    const why = e.details.map((d) => d.path ?? d.message).filter(Boolean).join(', ');
    refusal = `${text.refused}${why ? `（${why}）` : ''}`;
  }
  const [delivery] = await queryRows<{ id: string }>(
    tx.knex,
    `insert into ${qualified(tx.tenant, 'crm_report_delivery')} (schedule_id, report_code, recipient, occurrence, filename, content_type, body, rows)
     values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (schedule_id, occurrence, recipient) do nothing returning id`,
    [schedule.id, schedule.report_code, user.id, occurrence, file?.filename ?? null, file?.contentType ?? null, file?.body ?? null, file?.rows ?? null],
  );
  if (!delivery) return;
  const body = file ? text.rows(file.rows, file.filename) : refusal!;
  await queryRows(
    tx.knex,
    `insert into ${qualified(tx.tenant, 'crm_message')} (recipient, title, body, entity, record_id, kind) values (?, ?, ?, null, ?, 'report_delivery')`,
    [user.id, title.slice(0, 300), body, delivery.id],
  );
  if (mailerConfigured()) await scheduleJob(tx.knex, tx.tenant, { kind: REPORT_EMAIL_JOB, key: `${REPORT_EMAIL_JOB}:${delivery.id}`, dueAt: new Date(0), payload: { delivery: delivery.id, subject: title, text: body } });
}

/** The report as its owner sees it (the schedule is theirs), labelled in the recipient's language; its data is never read as them. */
async function reportOf(tx: RequestContext, directory: OrgDirectory, schedule: ReportSchedule, locale: Locale) {
  const owner = directory.users.get(schedule.owner);
  const asOwner: RequestContext = { ...tx, locale, access: ALLOW_ALL, actor: { id: schedule.owner, kind: 'user', name: owner?.username ?? 'system', department: owner?.department ?? null } };
  return getSavedReport(asOwner, schedule.report_code).catch((e: unknown) => (isEngineError(e) ? undefined : Promise.reject(e)));
}

function dateIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
