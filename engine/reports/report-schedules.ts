// Schedules of a saved report (定时发送): who may keep them (a user report's owner; for a built-in report, holders of
// the `metadata` function), the checked input, and the one pending job per schedule that delivers its next occurrence.
import { EngineError, isEngineError, isUuid, validationFailed, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { accessVersion, orgDirectory } from '../access/index.ts';
import { businessNow, nextOccurrence, scheduleJob, type ScheduleTiming } from '../jobs/index.ts';
import { getSavedReport, type SavedReport } from './saved-reports.ts';
import { parameterValueProblems } from './parameter-values.ts';

export const REPORT_SCHEDULE_JOB = 'report_schedule';
const FREQUENCIES = new Set(['daily', 'weekly', 'monthly']);
const FORMATS = new Set(['xlsx', 'csv']);
const BODY_KEYS = new Set(['frequency', 'weekday', 'day_of_month', 'time', 'recipients', 'format', 'parameters']);
const RECIPIENT_KEYS = new Set(['users', 'roles', 'departments']);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface Recipients {
  users: string[];
  roles: string[];
  departments: string[];
}

export interface ReportSchedule extends ScheduleTiming {
  id: string;
  report_code: string;
  owner: string;
  recipients: Recipients;
  format: 'xlsx' | 'csv';
  parameters: Record<string, unknown>;
  next_run_at: string | null;
  created_at: string;
}

const COLUMNS = 'id, report_code, owner, frequency, weekday, day_of_month, time_of_day, recipients, format, parameters, next_run_at, created_at';

export async function listReportSchedules(ctx: RequestContext, code: string): Promise<ReportSchedule[]> {
  await manageableReport(ctx, code);
  return queryRows<ReportSchedule>(ctx.knex, `select ${COLUMNS} from ${qualified(ctx.tenant, 'crm_report_schedule')} where report_code = ? order by created_at, id`, [code]);
}

export async function createReportSchedule(ctx: RequestContext, code: string, body: unknown): Promise<ReportSchedule> {
  const report = await manageableReport(ctx, code);
  const input = await readScheduleOrThrow(ctx, report, body);
  return ctx.knex.transaction(async (trx) => {
    const [row] = await queryRows<{ id: string }>(
      trx,
      `insert into ${qualified(ctx.tenant, 'crm_report_schedule')} (report_code, owner, frequency, weekday, day_of_month, time_of_day, recipients, format, parameters)
       values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb) returning id`,
      [code, ctx.actor.id, input.frequency, input.weekday ?? null, input.day_of_month ?? null, input.time_of_day, JSON.stringify(input.recipients), input.format, JSON.stringify(input.parameters)],
    );
    await planNextRun({ ...ctx, knex: trx }, row!.id, input, await businessNow(trx, ctx.tenant));
    return oneSchedule({ ...ctx, knex: trx }, code, row!.id);
  });
}

export async function updateReportSchedule(ctx: RequestContext, code: string, id: string, body: unknown): Promise<ReportSchedule> {
  const report = await manageableReport(ctx, code);
  await oneSchedule(ctx, code, id);
  const input = await readScheduleOrThrow(ctx, report, body);
  return ctx.knex.transaction(async (trx) => {
    await queryRows(
      trx,
      `update ${qualified(ctx.tenant, 'crm_report_schedule')} set frequency = ?, weekday = ?, day_of_month = ?, time_of_day = ?, recipients = ?::jsonb, format = ?, parameters = ?::jsonb where id = ?`,
      [input.frequency, input.weekday ?? null, input.day_of_month ?? null, input.time_of_day, JSON.stringify(input.recipients), input.format, JSON.stringify(input.parameters), id],
    );
    await dropPendingRun(trx, ctx, id);
    await planNextRun({ ...ctx, knex: trx }, id, input, await businessNow(trx, ctx.tenant));
    return oneSchedule({ ...ctx, knex: trx }, code, id);
  });
}

export async function deleteReportSchedule(ctx: RequestContext, code: string, id: string): Promise<void> {
  await manageableReport(ctx, code);
  await oneSchedule(ctx, code, id);
  await ctx.knex.transaction(async (trx) => {
    await dropPendingRun(trx, ctx, id);
    await queryRows(trx, `delete from ${qualified(ctx.tenant, 'crm_report_schedule')} where id = ?`, [id]);
  });
}

/** Makes the job of the schedule's next occurrence after `after`, keyed by schedule and occurrence: made once however often asked. */
export async function planNextRun(ctx: RequestContext, id: string, timing: ScheduleTiming, after: Date): Promise<Date> {
  const due = nextOccurrence(timing, after, ctx.tenant.timeZone ?? 'Asia/Shanghai');
  await scheduleJob(ctx.knex, ctx.tenant, { kind: REPORT_SCHEDULE_JOB, key: `${REPORT_SCHEDULE_JOB}:${id}:${due.toISOString()}`, dueAt: due, payload: { schedule: id, occurrence: due.toISOString() } });
  await queryRows(ctx.knex, `update ${qualified(ctx.tenant, 'crm_report_schedule')} set next_run_at = ? where id = ?`, [due.toISOString(), id]);
  return due;
}

async function dropPendingRun(trx: RequestContext['knex'], ctx: RequestContext, id: string): Promise<void> {
  await queryRows(trx, `delete from ${qualified(ctx.tenant, 'crm_job')} where kind = ? and status = 'pending' and payload->>'schedule' = ?`, [REPORT_SCHEDULE_JOB, id]);
}

async function oneSchedule(ctx: RequestContext, code: string, id: string): Promise<ReportSchedule> {
  const [row] = isUuid(id) ? await queryRows<ReportSchedule>(ctx.knex, `select ${COLUMNS} from ${qualified(ctx.tenant, 'crm_report_schedule')} where id = ? and report_code = ?`, [id, code]) : [];
  if (!row) throw new EngineError('NOT_FOUND', `No schedule "${id}" for report "${code}"`, [{ path: 'id', message: 'no such schedule' }]);
  return row;
}

/** The report, when the viewer may keep its schedules (404 when they may not see it, 403 when it is not theirs). */
async function manageableReport(ctx: RequestContext, code: string): Promise<SavedReport> {
  const report = await getSavedReport(ctx, code);
  if (report.source === 'user' && report.editable) return report;
  if (report.source === 'metadata') {
    try {
      ctx.access.assertFunction('metadata');
      return report;
    } catch (e) {
      if (!isEngineError(e)) throw e;
    }
  }
  throw new EngineError('FORBIDDEN', 'Only the report\'s owner (an administrator for a built-in report) may schedule it', [{ path: 'code', message: `may not schedule "${code}"` }]);
}

/** `parameters`: values for the report's parameters, a date one also as a relative date resolved at each run. */
async function readScheduleOrThrow(ctx: RequestContext, report: SavedReport, body: unknown): Promise<Omit<ReportSchedule, 'id' | 'report_code' | 'owner' | 'next_run_at' | 'created_at'>> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationFailed([{ path: '/', message: 'a JSON object is required' }], 'The schedule is not valid');
  const b = body as Record<string, unknown>;
  const problems: ErrorDetail[] = Object.keys(b).filter((k) => !BODY_KEYS.has(k)).map((k) => ({ path: `/${k}`, message: 'unknown property', expected: [...BODY_KEYS].join(', ') }));
  if (!FREQUENCIES.has(b.frequency as string)) problems.push({ path: '/frequency', message: 'must be daily, weekly or monthly' });
  const weekly = b.frequency === 'weekly';
  const monthly = b.frequency === 'monthly';
  if (weekly && !(Number.isInteger(b.weekday) && (b.weekday as number) >= 1 && (b.weekday as number) <= 7)) problems.push({ path: '/weekday', message: 'a weekly schedule needs a weekday, 1 (Monday) to 7 (Sunday)' });
  if (!weekly && b.weekday !== undefined && b.weekday !== null) problems.push({ path: '/weekday', message: 'only a weekly schedule has a weekday' });
  if (monthly && !(Number.isInteger(b.day_of_month) && (b.day_of_month as number) >= 1 && (b.day_of_month as number) <= 31)) problems.push({ path: '/day_of_month', message: 'a monthly schedule needs a day of the month, 1 to 31' });
  if (!monthly && b.day_of_month !== undefined && b.day_of_month !== null) problems.push({ path: '/day_of_month', message: 'only a monthly schedule has a day of the month' });
  if (typeof b.time !== 'string' || !TIME.test(b.time)) problems.push({ path: '/time', message: 'must be a time of day HH:MM (00:00 to 23:59)' });
  const format = b.format ?? 'xlsx';
  if (!FORMATS.has(format as string)) problems.push({ path: '/format', message: 'must be "xlsx" or "csv"' });
  if (b.parameters !== undefined && (!b.parameters || typeof b.parameters !== 'object' || Array.isArray(b.parameters))) problems.push({ path: '/parameters', message: 'must be an object of parameter values' });
  else problems.push(...parameterValueProblems(report.definition, (b.parameters as Record<string, unknown> | undefined) ?? {}, '/parameters'));
  const recipients = await readRecipients(ctx, b.recipients, problems);
  if (problems.length) throw validationFailed(problems, 'The schedule is not valid');
  return {
    frequency: b.frequency as ScheduleTiming['frequency'],
    weekday: weekly ? (b.weekday as number) : null,
    day_of_month: monthly ? (b.day_of_month as number) : null,
    time_of_day: b.time as string,
    recipients,
    format: format as 'xlsx' | 'csv',
    parameters: (b.parameters as Record<string, unknown> | undefined) ?? {},
  };
}

/** Users, roles and departments that exist (users active); at least one recipient. */
async function readRecipients(ctx: RequestContext, value: unknown, problems: ErrorDetail[]): Promise<Recipients> {
  const out: Recipients = { users: [], roles: [], departments: [] };
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ path: '/recipients', message: 'must be an object with users, roles and/or departments' });
    return out;
  }
  const directory = await orgDirectory(ctx.knex, ctx.tenant, await accessVersion(ctx.knex, ctx.tenant));
  const roleCodes = new Set([...directory.roles.values()].map((r) => r.code));
  const known: Record<keyof Recipients, (v: unknown) => boolean> = {
    users: (v) => typeof v === 'string' && directory.users.get(v)?.active === true,
    roles: (v) => typeof v === 'string' && roleCodes.has(v),
    departments: (v) => typeof v === 'string' && directory.departments.has(v),
  };
  for (const [key, list] of Object.entries(value)) {
    if (!RECIPIENT_KEYS.has(key)) {
      problems.push({ path: `/recipients/${key}`, message: 'unknown property', expected: 'users, roles, departments' });
      continue;
    }
    const k = key as keyof Recipients;
    if (!Array.isArray(list)) {
      problems.push({ path: `/recipients/${k}`, message: 'must be a list' });
      continue;
    }
    list.forEach((v, i) => (known[k](v) ? out[k].push(v as string) : problems.push({ path: `/recipients/${k}/${i}`, message: `no such ${k === 'users' ? 'active user' : k === 'roles' ? 'role' : 'department'}` })));
    out[k] = [...new Set(out[k])];
  }
  if (!out.users.length && !out.roles.length && !out.departments.length && !problems.some((p) => p.path?.startsWith('/recipients'))) problems.push({ path: '/recipients', message: 'name at least one user, role or department' });
  return out;
}
