// An administrator's backups (the `backup` function): the tenant's backups in the schedule's folder, and a backup
// taken now, by the same code as `crm backup`, inside this server (it owns the embedded database's folder).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, type RequestContext } from '../core/index.ts';
import { appendAudit } from '../audit/index.ts';
import { businessNow } from '../jobs/index.ts';
import { createBackup } from './create-backup.ts';
import { backupHostOrThrow } from './backup-host.ts';
import { listBackupFiles, manualBackupName, resolveBackupFolder, type BackupFile } from './backup-files.ts';
import { readBackupSchedule } from './backup-schedule.ts';

export async function listBackups(ctx: RequestContext): Promise<{ folder: string; data: BackupFile[] }> {
  ctx.access.assertFunction('backup');
  const folder = resolveBackupFolder(backupHostOrThrow(ctx.tenant), (await readBackupSchedule(ctx)).folder);
  return { folder, data: listBackupFiles(folder, ctx.tenant.schema) };
}

/** Writes `crm-<schema>-<stamp>.tar.gz` into the schedule's folder; never counted against the schedule's retention. */
export async function runBackupNow(ctx: RequestContext): Promise<BackupFile & { tables: number; rows: number }> {
  ctx.access.assertFunction('backup');
  const host = backupHostOrThrow(ctx.tenant);
  const folder = resolveBackupFolder(host, (await readBackupSchedule(ctx)).folder);
  const at = await businessNow(ctx.knex, ctx.tenant);
  const name = manualBackupName(ctx.tenant.schema, at);
  const file = join(folder, name);
  if (existsSync(file)) throw new EngineError('CONFLICT', `${name} was taken this very second; try again`, [{ path: 'file', message: 'exists already' }]);
  const manifest = await createBackup({ db: host.db, files: host.files, schema: ctx.tenant.schema, dataDir: host.dataDir, databaseUrl: host.databaseUrl }, file);
  const size = statSync(file).size;
  await appendAudit(ctx.knex, ctx.tenant, [{ actor: ctx.actor, action: 'backup', entity: null, changes: { trigger: 'manual', status: 'ok', file, size }, context: { request_id: ctx.requestId, ip: ctx.client?.ip, user_agent: ctx.client?.userAgent } }]);
  return { name, size, created_at: at.toISOString().replace(/\.\d{3}Z$/, '.000Z'), kind: 'manual', tables: manifest.tables.length, rows: manifest.tables.reduce((n, t) => n + t.rows, 0) };
}
