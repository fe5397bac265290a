// The job of one scheduled backup: the archive `crm backup` writes (createBackup), named with the run's due time, in
// the schedule's folder; then the schedule's own older backups beyond the retention are deleted, the run is audited
// and the next one planned. The job row is claimed once and finished in the same transaction, so with any number of
// servers (or a restart) a due time is backed up once; a time missed while no server ran is taken once on start.
// A failed backup deletes nothing: it is audited, kept as the last run, and told to the administrators in-app.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { accessVersion, orgDirectory, policyFor } from '../access/index.ts';
import { businessNow, registerJobHandler } from '../jobs/index.ts';
import { sendMessages } from '../workflow/index.ts';
import { createBackup } from './create-backup.ts';
import { backupHostOrThrow, type BackupHost } from './backup-host.ts';
import { pruneScheduledBackups, resolveBackupFolder, scheduledBackupName } from './backup-files.ts';
import { BACKUP_JOB, LAST_RUN_SETTING, planNextBackup, readBackupSchedule, type LastBackupRun } from './backup-schedule.ts';

const FAILED = {
  kind: 'backup',
  title: { 'zh-CN': '定时备份失败', en: 'Scheduled backup failed' },
  body: {
    'zh-CN': '{{time}} 的定时备份没有完成：{{error}}。较早的备份都保留着，没有删除。请检查备份文件夹 {{folder}}，也可以在 系统管理 › 备份 中立即备份。',
    en: 'The scheduled backup of {{time}} did not complete: {{error}}. No older backup was deleted. Check the backup folder {{folder}}, or take one now in System › Backups.',
  },
};

registerJobHandler(BACKUP_JOB, async (tx, job) => {
  const schedule = await readBackupSchedule(tx);
  if (!schedule.enabled) return 'skipped';
  const host = backupHostOrThrow(tx.tenant);
  const occurrence = new Date(String(job.payload.occurrence));
  const folder = resolveBackupFolder(host, schedule.folder);
  const file = join(folder, scheduledBackupName(tx.tenant.schema, occurrence));
  let run: LastBackupRun;
  try {
    // Nothing is written in this transaction before the backup: what it saves is the state as committed.
    await createBackup({ db: databaseFor(host, tx), schema: tx.tenant.schema, dataDir: host.dataDir, databaseUrl: host.databaseUrl }, file);
    const size = statSync(file).size;
    const { deleted, failed } = pruneScheduledBackups(folder, tx.tenant.schema, schedule, await businessNow(tx.knex, tx.tenant));
    run = { at: occurrence.toISOString(), status: 'ok', file, size, deleted, ...(failed.length ? { error: `could not delete ${failed.join(', ')}` } : {}) };
  } catch (e) {
    run = { at: occurrence.toISOString(), status: 'failed', file, error: String((e as Error)?.message ?? e).slice(0, 2000) };
    await tellAdministrators(tx, run, folder);
  }
  await appendAudit(tx.knex, tx.tenant, [{ actor: tx.actor, action: 'backup', entity: null, changes: { trigger: 'schedule', ...run }, context: { request_id: `job:${job.id}` } }]);
  await queryRows(tx.knex, `insert into ${qualified(tx.tenant, 'crm_setting')} (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`, [LAST_RUN_SETTING, JSON.stringify(run)]);
  const now = await businessNow(tx.knex, tx.tenant);
  await planNextBackup(tx, schedule, new Date(Math.max(now.getTime(), occurrence.getTime())));
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
  await sendMessages(tx.knex, tx.tenant, admins.map((u) => u.id), FAILED, { time, error: run.error, folder }, (id) => (directory.users.get(id)?.locale === 'en' ? 'en' : 'zh-CN'));
}
