// Which file store a tenant's attachments are in: chosen once from the server settings when the engine opens, and
// found again (with the retention of deleted records' files) from the tenant object every context carries, so that jobs (the purge of deleted records' files) and
// backups reach the same store as the HTTP app without it being threaded through every call.
import { join } from 'node:path';
import type { Tenant } from '../db/index.ts';
import type { FileStore } from './file-store.ts';
import { localFileStore } from './local-file-store.ts';
import { s3FileStore, type S3Settings } from './s3-file-store.ts';

export interface TenantFiles {
  store: FileStore;
  /** Days a deleted record's files are kept before the daily purge removes them (CRM_FILE_RETENTION_DAYS). */
  keepDeletedDays: number;
}

const stores = new WeakMap<Tenant, TenantFiles>();

/** DATA_DIR/files/<schema> on disk, or the S3 bucket (uploads are received in DATA_DIR/files/<schema>/tmp first). */
export function openFileStore(settings: { dataDir: string; s3?: S3Settings }, schema: string): FileStore {
  const root = join(settings.dataDir, 'files', schema);
  return settings.s3 ? s3FileStore(settings.s3, join(root, 'tmp')) : localFileStore(root);
}

export function registerTenantFiles(tenant: Tenant, files: TenantFiles): void {
  stores.set(tenant, files);
}

/** The tenant's store and retention, when its engine was opened with them (a bare test engine has none). */
export function tenantFilesOf(tenant: Tenant): TenantFiles | undefined {
  return stores.get(tenant);
}
