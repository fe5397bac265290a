// The tenant's backup schedule (an administrator's setting, the `backup` function): on or off, daily or weekly on a
// weekday at a time in the tenant's time zone, retention (the last N scheduled backups and/or those of the last N
// days), and the folder. Kept in crm_setting, changed in one transaction with its audit entry and the one pending
// job of its next run (keyed by due time, so any number of servers make it once).
import { validationFailed, type ErrorDetail, type Locale, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { businessNow, nextOccurrence, scheduleJob } from '../jobs/index.ts';
import { backupHostOrThrow, type BackupHost } from './backup-host.ts';
import { backupFolderProblem, resolveBackupFolder } from './backup-files.ts';
import { backupFailureText, type BackupFailureKind } from './backup-failure.ts';

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
  /** Why it failed, sorted (backup-failure.ts); `reason` is that in the reader's language. */
  error_kind?: BackupFailureKind;
  reason?: string;
  deleted?: string[];
  /** Which attempt at this due time it was: 1, then each retry. */
  attempt?: number;
  /** When a failed run is tried again; absent once the retries are spent. */
  retry_at?: string;
}

export interface BackupScheduleView extends BackupSchedule {
  /** The folder backups go to, absolute. */
  folder_path: string;
  default_folder: string;
  time_zone: string;
  next_run_at: string | null;
  last_run: LastBackupRun | null;
}

// Field messages in the administrator's language: the screen shows them at the field.
type Params = { at?: string; code?: string; max?: number; keys?: string };
const TEXT: Record<Locale, Record<string, (p: Params) => string>> = {
  'zh-CN': {
    object: () => '请提交一个 JSON 对象',
    unknown: (p) => `未知的设置项（可用：${p.keys}）`,
    enabled: () => '须为 true 或 false',
    frequency: () => '频率须为 daily（每天）或 weekly（每周）',
    weekday: () => '每周备份须选择星期：1（星期一）到 7（星期日）',
    noWeekday: () => '只有每周备份才有星期',
    time: () => '时间须为 HH:MM（00:00 到 23:59）',
    keep_count: (p) => `保留份数须为 1 到 ${p.max} 的整数，或留空`,
    keep_days: (p) => `保留天数须为 1 到 ${p.max} 的整数，或留空`,
    keepNothing: () => '请至少填写保留份数或保留天数之一',
    folder: () => '请填写文件夹路径（绝对路径，或相对于程序目录），留空则用服务器的备份文件夹',
    attachments: (p) => `${p.at} 在附件文件夹内，而每次备份都会复制附件文件夹`,
    database: (p) => `该文件夹在数据库文件夹 ${p.at} 内，每次备份都会复制它：请用其中的 backups 文件夹或数据库文件夹以外的文件夹`,
    uncreatable: (p) => `无法创建 ${p.at}`,
    file: (p) => `${p.at} 是一个文件，不是文件夹`,
    unwritable: (p) => `服务器无法写入 ${p.at}（${p.code}）`,
  },
  en: {
    object: () => 'a JSON object is required',
    unknown: (p) => `unknown setting (known: ${p.keys})`,
    enabled: () => 'must be true or false',
    frequency: () => 'must be daily or weekly',
    weekday: () => 'a weekly schedule needs a weekday, 1 (Monday) to 7 (Sunday)',
    noWeekday: () => 'only a weekly schedule has a weekday',
    time: () => 'must be a time of day HH:MM (00:00 to 23:59)',
    keep_count: (p) => `must be a whole number of backups, 1 to ${p.max}, or null`,
    keep_days: (p) => `must be a whole number of days, 1 to ${p.max}, or null`,
    keepNothing: () => 'keep the last N backups or those of the last N days (at least one of keep_count, keep_days)',
    folder: () => 'must be a folder path (absolute, or relative to the project folder), or null for the server\'s backup folder',
    attachments: (p) => `${p.at} is inside the attachments folder, which every backup copies`,
    database: (p) => `the folder is inside the database folder ${p.at}, which every backup copies: use its backups folder or one outside it`,
    uncreatable: (p) => `${p.at} cannot be created`,
    file: (p) => `${p.at} is a file, not a folder`,
    unwritable: (p) => `the server cannot write to ${p.at} (${p.code})`,
  },
};

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
  const [next] = await queryRows<{ due_at: string }>(ctx.knex, `select due_at from ${qualified(ctx.tenant, 'crm_job')} where kind = ? and status = 'pending' and payload->>'attempt' is null order by due_at limit 1`, [BACKUP_JOB]);
  return {
    ...schedule,
    folder_path: resolveBackupFolder(host, schedule.folder),
    default_folder: host.backupDir,
    time_zone: ctx.tenant.timeZone ?? 'Asia/Shanghai',
    next_run_at: schedule.enabled ? (next?.due_at ?? null) : null,
    last_run: last ? withReason(JSON.parse(last.value) as LastBackupRun, ctx.locale) : null,
  };
}

function withReason(run: LastBackupRun, locale: Locale): LastBackupRun {
  return run.status === 'failed' ? { ...run, reason: backupFailureText(run.error_kind, locale) } : run;
}

/** Replaces the schedule (every field; left out means its default), audited; a bad one changes nothing (422 naming each field). */
export async function saveBackupSchedule(ctx: RequestContext, body: unknown): Promise<BackupScheduleView> {
  ctx.access.assertFunction('backup');
  const host = backupHostOrThrow(ctx.tenant);
  const next = readScheduleOrThrow(ctx, host, body);
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

function readScheduleOrThrow(ctx: RequestContext, host: BackupHost, body: unknown): BackupSchedule {
  const text = TEXT[ctx.locale];
  const say = (key: string, p: Params = {}) => text[key]!(p);
  const refuse = (problems: ErrorDetail[]) => validationFailed(problems, 'The backup schedule is not valid');
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw refuse([{ path: '/', message: say('object') }]);
  const b = { ...DEFAULT, weekday: undefined, ...(body as Record<string, unknown>) } as Record<string, unknown>;
  const problems: ErrorDetail[] = Object.keys(body).filter((k) => !KEYS.includes(k)).map((k) => ({ path: `/${k}`, message: say('unknown', { keys: KEYS.join(', ') }), expected: KEYS.join(', ') }));
  if (typeof b.enabled !== 'boolean') problems.push({ path: '/enabled', message: say('enabled') });
  if (b.frequency !== 'daily' && b.frequency !== 'weekly') problems.push({ path: '/frequency', message: say('frequency') });
  const weekly = b.frequency === 'weekly';
  const isWeekday = Number.isInteger(b.weekday) && (b.weekday as number) >= 1 && (b.weekday as number) <= 7;
  if (weekly && !isWeekday) problems.push({ path: '/weekday', message: say('weekday') });
  if (!weekly && b.weekday !== undefined && b.weekday !== null) problems.push({ path: '/weekday', message: say('noWeekday') });
  if (typeof b.time !== 'string' || !TIME.test(b.time)) problems.push({ path: '/time', message: say('time') });
  for (const [key, max] of [['keep_count', MAX_COUNT], ['keep_days', MAX_DAYS]] as const) {
    const v = b[key];
    if (v !== null && !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max)) problems.push({ path: `/${key}`, message: say(key, { max }) });
  }
  if (b.keep_count === null && b.keep_days === null) problems.push({ path: '/keep_count', message: say('keepNothing') });
  let folder: string | null = null;
  if (b.folder !== null && b.folder !== undefined && (typeof b.folder !== 'string' || !b.folder.trim() || b.folder.length > 1000 || b.folder.includes('\0'))) {
    problems.push({ path: '/folder', message: say('folder') });
  } else {
    folder = typeof b.folder === 'string' ? b.folder.trim() : null;
    const problem = backupFolderProblem(host, resolveBackupFolder(host, folder));
    if (problem) problems.push({ path: '/folder', message: say(problem.why, problem) });
  }
  if (problems.length) throw refuse(problems);
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
