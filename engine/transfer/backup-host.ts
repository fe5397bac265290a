// What an opened engine takes backups of (its database, data folder, default backup folder), found from the tenant
// object the engine hands to every context it makes: its HTTP app's and its job runner's. Backups run inside the
// process that owns the database (PGlite is one process per data folder). Tied to that object rather than to a
// schema name because one process may open several engines on equal schema names (tests: one data folder each).
import { EngineError } from '../core/index.ts';
import type { Database, Tenant } from '../db/index.ts';
import type { FileStore } from '../files/index.ts';

export interface BackupHost {
  db: Database;
  /** Where the attachments are read from for a backup. */
  files: FileStore;
  /** PGlite's folder; attachments live in files/<schema> under it. */
  dataDir: string;
  databaseUrl?: string;
  /** CRM_BACKUP_DIR: where backups go unless the schedule names a folder. */
  backupDir: string;
  /** The project folder (CRM_ROOT), against which a relative folder is read. */
  rootDir: string;
}

const hosts = new WeakMap<Tenant, BackupHost>();

export function registerBackupHost(tenant: Tenant, host: BackupHost): void {
  hosts.set(tenant, host);
}

export function backupHostOrThrow(tenant: Tenant): BackupHost {
  const host = hosts.get(tenant);
  if (!host) throw new EngineError('NOT_FOUND', 'This server does not take backups (it was not opened on a data folder by `crm serve`)', [{ path: 'backup', message: 'not available here' }]);
  return host;
}
