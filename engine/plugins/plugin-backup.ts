// The backup a purge takes first: one JSON document per line (NDJSON), so a large table never has to fit in one
// string. Line 1 says what it is (plugin, version, manifest, recorded metadata, time); then every row of each of the
// plugin's tables, the values of the columns it added to other entities (with the record id), its roles and its
// workflow definitions. Written and flushed to disk before anything is dropped.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { qualified, queryRows, quoteIdent, type Tenant } from '../db/index.ts';
import type { PluginFootprint } from './plugin-footprint.ts';
import type { InstalledPlugin } from './tenant-layers.ts';

export const BACKUP_FORMAT = 'crm-plugin-backup/1';

/** Writes the backup file in `dir`; returns its path and the number of data rows it holds. */
export async function backupPlugin(trx: Knex, tenant: Tenant, dir: string, row: InstalledPlugin, footprint: PluginFootprint): Promise<{ file: string; rows: number }> {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = join(dir, `${row.name}-${row.version}-${stamp}.ndjson`);
  // 'wx': never overwrite an earlier backup.
  const fd = openSync(file, 'wx');
  let rows = 0;
  const line = (doc: unknown) => writeSync(fd, `${JSON.stringify(doc)}\n`);
  try {
    line({ format: BACKUP_FORMAT, plugin: row.name, version: row.version, prefix: row.prefix, manifest: row.manifest, metadata: row.metadata, schema: tenant.schema, taken_at: new Date().toISOString() });
    for (const table of footprint.tables) {
      for (const r of await queryRows<{ j: string }>(trx, `select row_to_json(t)::text as j from ${qualified(tenant, table)} t`)) {
        writeSync(fd, `{"table":${JSON.stringify(table)},"row":${r.j}}\n`);
        rows++;
      }
    }
    const byTable = new Map<string, string[]>();
    for (const c of footprint.columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c.column]);
    for (const [table, columns] of byTable) {
      const keys = ['id', ...columns];
      const pairs = keys.map((c) => `?::text, t.${quoteIdent(c)}`).join(', ');
      const notAllNull = columns.map((c) => `t.${quoteIdent(c)} is not null`).join(' or ');
      for (const r of await queryRows<{ j: string }>(trx, `select json_build_object(${pairs})::text as j from ${qualified(tenant, table)} t where ${notAllNull}`, keys)) {
        writeSync(fd, `{"columns_of":${JSON.stringify(table)},"row":${r.j}}\n`);
        rows++;
      }
    }
    if (footprint.roles.length) {
      for (const r of await queryRows<{ j: string }>(trx, `select row_to_json(t)::text as j from ${qualified(tenant, 'role')} t where code = any(?)`, [footprint.roles])) {
        writeSync(fd, `{"role":${r.j}}\n`);
      }
    }
    if (footprint.workflows.length) {
      for (const r of await queryRows<{ j: string }>(trx, `select row_to_json(t)::text as j from ${qualified(tenant, 'crm_wf_definition')} t where name = any(?)`, [footprint.workflows])) {
        writeSync(fd, `{"workflow_definition":${r.j}}\n`);
      }
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { file, rows };
}
