// Files of deleted records: a record's delete leaves its files (crm_file rows and bytes) in place, unreachable by
// anyone since every read goes through the record, so that a deletion can still be investigated. A daily job first
// notes when each file's record was found gone (orphaned_at), then, after the retention period
// (CRM_FILE_RETENTION_DAYS, default 30; 0: at the next run), removes the rows, audits each as `file_purge`, and
// removes the bytes no other file shares (content-addressed). Files of entities the model no longer has (an
// uninstalled plugin keeps its tables and data) are left alone: their records may come back with the plugin.
import { appendAudit } from '../audit/index.ts';
import type { RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { clockSql, registerDailyJob, registerJobHandler } from '../jobs/index.ts';
import type { FileInfo } from './record-files.ts';
import { tenantFilesOf } from './store-registry.ts';

export const FILE_PURGE_JOB = 'file_purge';

interface PurgedRow extends Omit<FileInfo, 'created_at' | 'created_by'> {
  storage_key: string;
}

/** Notes newly orphaned files and deletes the rows of those orphaned longer than `keepDays`; answers the deleted rows. */
export async function purgeDeletedRecordFiles(tx: RequestContext, keepDays: number): Promise<PurgedRow[]> {
  const files = qualified(tx.tenant, 'crm_file');
  const now = clockSql(tx.tenant);
  const entities = await queryRows<{ entity: string }>(tx.knex, `select distinct entity from ${files} where orphaned_at is null`);
  for (const { entity } of entities) {
    if (!tx.model.entities.has(entity)) continue;
    await queryRows(
      tx.knex,
      `update ${files} f set orphaned_at = ${now}
        where f.entity = ? and f.orphaned_at is null and not exists (select 1 from ${qualified(tx.tenant, entity)} r where r.id = f.record_id)`,
      [entity],
    );
  }
  return queryRows<PurgedRow>(
    tx.knex,
    `delete from ${files} where orphaned_at <= ${now} - ? * interval '1 day'
     returning id, entity, record_id, field, name, content_type, size, sha256, storage_key`,
    [keepDays],
  );
}

registerDailyJob(FILE_PURGE_JOB);
registerJobHandler(FILE_PURGE_JOB, async (tx) => {
  const tenantFiles = tenantFilesOf(tx.tenant);
  // An engine opened without a store (a bare test engine) has no bytes to remove and keeps the rows.
  if (!tenantFiles) return 'skipped';
  const purged = await purgeDeletedRecordFiles(tx, tenantFiles.keepDeletedDays);
  if (!purged.length) return 'skipped';
  await appendAudit(
    tx.knex,
    tx.tenant,
    purged.map((f) => ({
      actor: tx.actor,
      action: 'file_purge' as const,
      entity: f.entity,
      recordId: f.record_id,
      changes: { [f.field]: { file_id: f.id, name: f.name, content_type: f.content_type, size: Number(f.size), sha256: f.sha256 } },
      context: { reason: `record deleted, kept ${tenantFiles.keepDeletedDays} days` },
    })),
  );
  // The bytes go last and only where no file row is left: should this transaction still fail, a row comes back
  // whose record is gone anyway, and the next run purges it again (removing a missing blob is not an error).
  const keys = [...new Set(purged.map((f) => f.storage_key))];
  const shared = new Set(
    (await queryRows<{ storage_key: string }>(tx.knex, `select distinct storage_key from ${qualified(tx.tenant, 'crm_file')} where storage_key = any(?::text[])`, [keys])).map((r) => r.storage_key),
  );
  for (const key of keys) if (!shared.has(key)) await tenantFiles.store.remove(key);
  return 'done';
});
