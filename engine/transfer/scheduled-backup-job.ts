// The job of one scheduled backup: the archive `crm backup` writes (createBackup), named with the run's due time, in
// the schedule's folder; then the schedule's own older backups beyond the retention are deleted, the run is audited
// and the next one planned. The job row is claimed once and finished in the same transaction, so with any number of
// servers (or a restart) a due time is backed up once; a time missed while no server ran is taken once on start.
// A failed backup deletes nothing: it is audited, kept as the last run, and tried again after 5, 15 and 60 minutes
// (each retry its own job, keyed by the due time and the attempt, so it too runs once); when the last retry fails
// too, the administrators are told in-app.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { accessVersion, orgDirectory, policyFor } from '../access/index.ts';
import { businessNow, registerJobHandler, scheduleJob } from '../jobs/index.ts';
import { sendMessages } from '../workflow/index.ts';
import { createBackup } from './create-backup.ts';
import { backupHostOrThrow, type BackupHost } from './backup-host.ts';
import { pruneScheduledBackups, resolveBackupFolder, scheduledBackupName } from './backup-files.ts';
import { BACKUP_JOB, LAST_RUN_SETTING, planNextBackup, readBackupSchedule, type LastBackupRun } from './backup-schedule.ts';
import { backupFailureKind, backupFailureText } from './backup-failure.ts';

/** Minutes from a failed attempt to the next; after the last, the run has failed for good. */
export const BACKUP_RETRY_MINUTES = [5, 15, 60];

const FAILED = {
  kind: 'backup',
  title: { 'zh-CN': '定时备份失败', en: 'Scheduled backup failed' },
  body: {
    'zh-CN': '{{time}} 的定时备份重试 {{retries}} 次后仍未完成：{{reason_zh}}（{{error}}）。较早的备份都保留着，没有删除。请检查备份文件夹 {{folder}}，也可以在 系统管理 › 备份 中立即备份。',
    en: 'The scheduled backup of {{time}} did not complete after {{retries}} retries: {{reason_en}} ({{error}}). No older backup was deleted. Check the backup folder {{folder}}, or take one now in System › Backups.',
  },
};

registerJobHandler(BACKUP_JOB, async (tx, job) => {
  const schedule = await readBackupSchedule(tx);
  if (!schedule.enabled) return 'skipped';
  const host = backupHostOrThrow(tx.tenant);
  const occurrence = new Date(String(job.payload.occurrence));
  const attempt = Number(job.payload.attempt ?? 0);
  const folder = resolveBackupFolder(host, schedule.folder);
  const file = join(folder, scheduledBackupName(tx.tenant.schema, occurrence));
  let run: LastBackupRun;
  try {
    // Nothing is written in this transaction before the backup: what it saves is the state as committed.
    await createBackup({ db: databaseFor(host, tx), files: host.files, schema: tx.tenant.schema, dataDir: host.dataDir, databaseUrl: host.databaseUrl }, file);
    const size = statSync(file).size;
    const { deleted, failed } = pruneScheduledBackups(folder, tx.tenant.schema, schedule, await businessNow(tx.knex, tx.tenant));
    run = { at: occurrence.toISOString(), status: 'ok', file, size, deleted, attempt: attempt + 1, ...(failed.length ? { error: `could not delete ${failed.join(', ')}` } : {}) };
  } catch (e) {
    run = { at: occurrence.toISOString(), status: 'failed', file, attempt: attempt + 1, error: String((e as Error)?.message ?? e).slice(0, 2000), error_kind: backupFailureKind(e) };
    const wait = BACKUP_RETRY_MINUTES[attempt];
    if (wait === undefined) await tellAdministrators(tx, run, folder);
    else {
      const retryAt = new Date((await businessNow(tx.knex, tx.tenant)).getTime() + wait * 60_000);
      run.retry_at = retryAt.toISOString();
      await scheduleJob(tx.knex, tx.tenant, { kind: BACKUP_JOB, key: `${BACKUP_JOB}:${occurrence.toISOString()}:retry${attempt + 1}`, dueAt: retryAt, payload: { occurrence: occurrence.toISOString(), attempt: attempt + 1 } });
    }
  }
  await appendAudit(tx.knex, tx.tenant, [{ actor: tx.actor, action: 'backup', entity: null, changes: { trigger: 'schedule', ...run }, context: { request_id: `job:${job.id}` } }]);
  await queryRows(tx.knex, `insert into ${qualified(tx.tenant, 'crm_setting')} (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`, [LAST_RUN_SETTING, JSON.stringify(run)]);
  // The first attempt plans the next due time; a retry belongs to a due time already planned past.
  if (attempt === 0) {
    const now = await businessNow(tx.knex, tx.tenant);
    await planNextBackup(tx, schedule, new Date(Math.max(now.getTime(), occurrence.getTime())));
  }
  return 'done';
});

/**
 * PGlite is one connection and this job's transaction holds it, so the backup runs inside that transaction (as a
 * savepoint); PostgreSQL's takes a connection of its own for its repeatable-read snapshot, which pg_dump shares.
 */
function databaseFor(host: BackupHost, tx: RequestContext): BackupHost['db'] {
  return host.db.kind === 'pglite' ? { ...host.db, knex: tx.knex } : host.db;
}

/** An in-app message (and e-mail copy when SMTP is set) to every active user holding the backup function. */
async function tellAdministrators(tx: RequestContext, run: LastBackupRun, folder: string): Promise<void> {
  const directory = await orgDirectory(tx.knex, tx.tenant, await accessVersion(tx.knex, tx.tenant));
  const admins = [...directory.users.values()].filter((u) => {
    if (!u.active) return false;
    const functions = policyFor(tx.model, directory, u.id, tx.tenant).functions;
    return functions.has('*') || functions.has('backup');
  });
  const timeZone = tx.tenant.timeZone ?? 'Asia/Shanghai';
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(run.at));
  const vars = { time, error: run.error, folder, retries: BACKUP_RETRY_MINUTES.length, reason_zh: backupFailureText(run.error_kind, 'zh-CN'), reason_en: backupFailureText(run.error_kind, 'en') };
  await sendMessages(tx.knex, tx.tenant, admins.map((u) => u.id), FAILED, vars, (id) => (directory.users.get(id)?.locale === 'en' ? 'en' : 'zh-CN'));
}
