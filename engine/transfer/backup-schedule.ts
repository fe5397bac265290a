// The tenant's backup schedule (an administrator's setting, the `backup` function): on or off, daily or weekly on a
// weekday at a time in the tenant's time zone, retention (the last N scheduled backups and/or those of the last N
// days), and the folder. Kept in crm_setting, changed in one transaction with its audit entry and the one pending
// job of its next run (keyed by due time, so any number of servers make it once).
import { validationFailed, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { businessNow, nextOccurrence, scheduleJob } from '../jobs/index.ts';
import { backupHostOrThrow, type BackupHost } from './backup-host.ts';
import { backupFolderProblem, resolveBackupFolder } from './backup-files.ts';

export const BACKUP_JOB = 'backup_schedule';
const SETTING = 'backup_schedule';
/** The outcome of the last scheduled run, kept apart so that saving the schedule does not forget it. */
export const LAST_RUN_SETTING = 'backup_schedule_last_run';
const KEYS = ['enabled', 'frequency', 'weekday', 'time', 'keep_count', 'keep_days', 'folder'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_COUNT = 1000;
const MAX_DAYS = 3650;

export interface BackupSchedule {
  enabled: boolean;
  frequency: 'daily' | 'weekly';
  /** 1 = Monday … 7 = Sunday, weekly only. */
  weekday: number | null;
  /** HH:MM in the tenant's time zone. */
  time: string;
  keep_count: number | null;
  keep_days: number | null;
  /** As the administrator gave it (relative to the project folder, or absolute); null: the server's backup folder. */
  folder: string | null;
}

export interface LastBackupRun {
  at: string;
  status: 'ok' | 'failed';
  file: string;
  size?: number;
  error?: string;
  deleted?: string[];
}

export interface BackupScheduleView extends BackupSchedule {
  /** The folder backups go to, absolute. */
  folder_path: string;
  default_folder: string;
  time_zone: string;
  next_run_at: string | null;
  last_run: LastBackupRun | null;
}

const DEFAULT: BackupSchedule = { enabled: false, frequency: 'daily', weekday: null, time: '02:00', keep_count: 7, keep_days: null, folder: null };

export async function readBackupSchedule(ctx: Pick<RequestContext, 'knex' | 'tenant'>): Promise<BackupSchedule> {
  const [row] = await queryRows<{ value: string }>(ctx.knex, `select value from ${qualified(ctx.tenant, 'crm_setting')} where key = ?`, [SETTING]);
  return row ? { ...DEFAULT, ...(JSON.parse(row.value) as Partial<BackupSchedule>) } : DEFAULT;
}

export async function backupScheduleView(ctx: RequestContext): Promise<BackupScheduleView> {
  ctx.access.assertFunction('backup');
  const host = backupHostOrThrow(ctx.tenant);
  const schedule = await readBackupSchedule(ctx);
  const settings = qualified(ctx.tenant, 'crm_setting');
  const [last] = await queryRows<{ value: string }>(ctx.knex, `select value from ${settings} where key = ?`, [LAST_RUN_SETTING]);
  const [next] = await queryRows<{ due_at: string }>(ctx.knex, `select due_at from ${qualified(ctx.tenant, 'crm_job')} where kind = ? and status = 'pending' order by due_at limit 1`, [BACKUP_JOB]);
  return {
    ...schedule,
    folder_path: resolveBackupFolder(host, schedule.folder),
    default_folder: host.backupDir,
    time_zone: ctx.tenant.timeZone ?? 'Asia/Shanghai',
    next_run_at: schedule.enabled ? (next?.due_at ?? null) : null,
    last_run: last ? (JSON.parse(last.value) as LastBackupRun) : null,
  };
}

/** Replaces the schedule (every field; left out means its default), audited; a bad one changes nothing (422 naming each field). */
export async function saveBackupSchedule(ctx: RequestContext, body: unknown): Promise<BackupScheduleView> {
  ctx.access.assertFunction('backup');
  const host = backupHostOrThrow(ctx.tenant);
  const next = readScheduleOrThrow(host, body);
  const before = await readBackupSchedule(ctx);
  await ctx.knex.transaction(async (trx) => {
    const tx = { ...ctx, knex: trx };
    await queryRows(trx, `insert into ${qualified(ctx.tenant, 'crm_setting')} (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`, [SETTING, JSON.stringify(next)]);
    await appendAudit(trx, ctx.tenant, [{ actor: ctx.actor, action: 'metadata_change', entity: null, changes: { [SETTING]: [before, next] }, context: { request_id: ctx.requestId } }]);
    await queryRows(trx, `delete from ${qualified(ctx.tenant, 'crm_job')} where kind = ? and status = 'pending'`, [BACKUP_JOB]);
    if (next.enabled) await planNextBackup(tx, next, await businessNow(trx, ctx.tenant));
  });
  return backupScheduleView(ctx);
}

/** Makes the job of the schedule's next run after `after` (made once however often asked). */
export async function planNextBackup(ctx: Pick<RequestContext, 'knex' | 'tenant'>, schedule: BackupSchedule, after: Date): Promise<Date> {
  const due = nextOccurrence({ frequency: schedule.frequency, weekday: schedule.weekday, time_of_day: schedule.time }, after, ctx.tenant.timeZone ?? 'Asia/Shanghai');
  await scheduleJob(ctx.knex, ctx.tenant, { kind: BACKUP_JOB, key: `${BACKUP_JOB}:${due.toISOString()}`, dueAt: due, payload: { occurrence: due.toISOString() } });
  return due;
}

function readScheduleOrThrow(host: BackupHost, body: unknown): BackupSchedule {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationFailed([{ path: '/', message: 'a JSON object is required' }], 'The backup schedule is not valid');
  const b = { ...DEFAULT, weekday: undefined, ...(body as Record<string, unknown>) } as Record<string, unknown>;
  const problems: ErrorDetail[] = Object.keys(body).filter((k) => !KEYS.includes(k)).map((k) => ({ path: `/${k}`, message: 'unknown property', expected: KEYS.join(', ') }));
  if (typeof b.enabled !== 'boolean') problems.push({ path: '/enabled', message: 'must be true or false' });
  if (b.frequency !== 'daily' && b.frequency !== 'weekly') problems.push({ path: '/frequency', message: 'must be daily or weekly' });
  const weekly = b.frequency === 'weekly';
  const isWeekday = Number.isInteger(b.weekday) && (b.weekday as number) >= 1 && (b.weekday as number) <= 7;
  if (weekly && !isWeekday) problems.push({ path: '/weekday', message: 'a weekly schedule needs a weekday, 1 (Monday) to 7 (Sunday)' });
  if (!weekly && b.weekday !== undefined && b.weekday !== null) problems.push({ path: '/weekday', message: 'only a weekly schedule has a weekday' });
  if (typeof b.time !== 'string' || !TIME.test(b.time)) problems.push({ path: '/time', message: 'must be a time of day HH:MM (00:00 to 23:59)' });
  const whole = (key: 'keep_count' | 'keep_days', max: number, what: string) => {
    const v = b[key];
    if (v === null || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max)) return;
    problems.push({ path: `/${key}`, message: `must be a whole number of ${what}, 1 to ${max}, or null` });
  };
  whole('keep_count', MAX_COUNT, 'backups');
  whole('keep_days', MAX_DAYS, 'days');
  if (b.keep_count === null && b.keep_days === null) problems.push({ path: '/keep_count', message: 'keep the last N backups or those of the last N days (at least one of keep_count, keep_days)' });
  let folder: string | null = null;
  if (b.folder !== null && b.folder !== undefined && (typeof b.folder !== 'string' || !b.folder.trim() || b.folder.length > 1000 || b.folder.includes('\0'))) {
    problems.push({ path: '/folder', message: 'must be a folder path (relative to the project folder, or absolute), or null for the server\'s backup folder' });
  } else {
    folder = typeof b.folder === 'string' ? b.folder.trim() : null;
    const problem = backupFolderProblem(host, resolveBackupFolder(host, folder));
    if (problem) problems.push({ path: '/folder', message: problem });
  }
  if (problems.length) throw validationFailed(problems, 'The backup schedule is not valid');
  return {
    enabled: b.enabled as boolean,
    frequency: b.frequency as BackupSchedule['frequency'],
    weekday: weekly ? (b.weekday as number) : null,
    time: b.time as string,
    keep_count: b.keep_count as number | null,
    keep_days: b.keep_days as number | null,
    folder,
  };
}
