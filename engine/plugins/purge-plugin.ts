// Purge (彻底删除): the one lifecycle step that deletes data. Only for a plugin already uninstalled, only with the
// admin's explicit confirmation (the plugin's name typed again), and only after a backup of everything it removes
// has been written to disk. Then, in one transaction: the plugin's tables, the columns it added to other entities,
// its roles, workflows, timers, messages and counters, and its registry row (which frees its prefix) go.
import type { Knex } from 'knex';
import { bumpAccessVersion } from '../access/index.ts';
import { badRequest, EngineError, notFound } from '../core/index.ts';
import { deleteRecordById } from '../data/index.ts';
import { qualified, queryRows, quoteIdent } from '../db/index.ts';
import { backupPlugin } from './plugin-backup.ts';
import { pluginFootprint, type PluginFootprint } from './plugin-footprint.ts';
import type { PluginHost } from './plugin-lifecycle.ts';
import { installedPlugins, type InstalledPlugin } from './tenant-layers.ts';

export interface PurgeOptions {
  /** Must repeat the plugin's name. */
  confirm?: string;
}

export interface PurgeResult {
  name: string;
  version: string;
  status: 'purged';
  /** The backup file written before anything was removed. */
  backup: string;
  /** Data rows in the backup (table rows and records with values in the plugin's columns). */
  rows: number;
  dropped: { tables: string[]; columns: string[] };
}

export async function purgePlugin(host: PluginHost, name: string, options: PurgeOptions = {}): Promise<PurgeResult> {
  if (options.confirm !== name) {
    throw badRequest(`Purging deletes the data of plugin "${name}" for good: confirm by giving its name`, [{ path: '/confirm', message: `must be "${name}"` }]);
  }
  return host.db.knex.transaction(async (trx) => {
    // The same lock as install / upgrade / uninstall: no lifecycle step runs beside a purge.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`crm-plugins:${host.tenant.schema}`]);
    const rows = await installedPlugins(trx, host.tenant);
    const row = rows.find((r) => r.name === name);
    if (!row) throw notFound(`Plugin "${name}" is not installed and has no data here`);
    if (row.status === 'installed') throw new EngineError('CONFLICT', `Plugin "${name}" is installed: uninstall it first, then purge`);
    const dependants = rows.filter((r) => r.name !== name && r.manifest.dependencies?.[name] !== undefined);
    if (dependants.length) throw new EngineError('CONFLICT', `Purge ${dependants.map((d) => d.name).join(', ')} first: they depend on "${name}"`);
    const footprint = await pluginFootprint(trx, host.tenant, host.rootDir, row);
    const backup = await backupPlugin(trx, host.tenant, host.backupDir, row, footprint);
    await remove(host, trx, row, footprint);
    return {
      name,
      version: row.version,
      status: 'purged' as const,
      backup: backup.file,
      rows: backup.rows,
      dropped: { tables: footprint.tables, columns: footprint.columns.map((c) => `${c.table}.${c.column}`) },
    };
  });
}

async function remove(host: PluginHost, trx: Knex.Transaction, row: InstalledPlugin, footprint: PluginFootprint): Promise<void> {
  const t = (table: string) => qualified(host.tenant, table);
  const { entities } = footprint;
  // Roles through the record service: their links to users, groups and positions go, and the audit log says so.
  const ctx = host.systemContext(trx, host.assembled().model);
  for (const role of await queryRows<{ id: string }>(trx, `select id from ${t('role')} where code = any(?)`, [footprint.roles])) await deleteRecordById(ctx, 'role', role.id);
  await queryRows(trx, `delete from ${t('crm_setting')} where key = any(?)`, [footprint.roles.map((code) => `role_sync:${code}`)]);
  if (entities.length) {
    await queryRows(trx, `delete from ${t('crm_wf_task')} where instance_id in (select id from ${t('crm_wf_instance')} where entity = any(?))`, [entities]);
    for (const table of ['crm_wf_instance', 'crm_wf_history', 'crm_message']) await queryRows(trx, `delete from ${t(table)} where entity = any(?)`, [entities]);
    await queryRows(trx, `delete from ${t('crm_job')} where status = 'pending' and payload->>'entity' = any(?)`, [entities]);
    await queryRows(trx, `delete from ${t('crm_sequence')} where split_part(key, '.', 1) = any(?)`, [entities]);
  }
  await queryRows(trx, `delete from ${t('crm_wf_definition')} where name = any(?)`, [footprint.workflows]);
  for (const table of footprint.tables) await trx.raw(`drop table ${t(table)} cascade`);
  for (const c of footprint.columns) {
    await trx.raw(`alter table ${t(c.table)} drop column ${quoteIdent(c.column)}`);
    await queryRows(trx, `delete from ${t('crm_sequence')} where key like ?`, [`${c.table}.${c.column}:%`]);
  }
  await queryRows(trx, `delete from ${t('crm_archived_column')} where table_name = any(?) or (table_name || '.' || column_name) = any(?)`, [
    footprint.tables,
    footprint.columns.map((c) => `${c.table}.${c.column}`),
  ]);
  await queryRows(trx, `delete from ${t('crm_plugin_migration')} where plugin = ?`, [row.name]);
  await queryRows(trx, `delete from ${t('crm_plugin')} where name = ?`, [row.name]);
  await queryRows(trx, `insert into ${t('crm_schema_history')} (model_version, steps) values (?, ?::jsonb)`, [
    host.assembled().model.version,
    JSON.stringify([{ kind: 'purge_plugin', plugin: row.name, version: row.version, tables: footprint.tables, columns: footprint.columns }]),
  ]);
  await bumpAccessVersion(trx, host.tenant);
}
