// What a tenant has chosen on top of the project's metadata: its installed plugins and its admin's own edits.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import type { MetadataFile, MetadataKind, MetadataSource } from '../metadata/index.ts';
import type { MetadataDocs, PluginManifest } from './read-bundle.ts';

export interface InstalledPlugin {
  name: string;
  version: string;
  prefix: string;
  status: 'installed' | 'disabled';
  core_grants: boolean;
  manifest: PluginManifest;
  /** The plugin's metadata as installed; null for installs older than snapshots. */
  metadata: MetadataDocs | null;
}

async function exists(knex: Knex, tenant: Tenant, table: string): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(knex, `select to_regclass(?) is not null as ok`, [`"${tenant.schema}".${table}`]);
  return row?.ok === true;
}

/** Plugin rows of the tenant (none before the engine tables exist). */
export async function installedPlugins(knex: Knex, tenant: Tenant): Promise<InstalledPlugin[]> {
  if (!(await exists(knex, tenant, 'crm_plugin'))) return [];
  return queryRows<InstalledPlugin>(knex, `select name, version, prefix, status, core_grants, manifest, metadata from ${qualified(tenant, 'crm_plugin')} order by installed_at, name`);
}

/** The admin's edits as a metadata layer; the "file" of each document names where it lives. */
export async function adminLayer(knex: Knex, tenant: Tenant): Promise<MetadataSource> {
  const docs: Partial<Record<MetadataKind, MetadataFile[]>> = {};
  if (await exists(knex, tenant, 'crm_metadata_overlay')) {
    const rows = await queryRows<{ kind: MetadataKind; name: string; doc: unknown }>(knex, `select kind, name, doc from ${qualified(tenant, 'crm_metadata_overlay')} order by kind, name collate "C"`);
    for (const r of rows) (docs[r.kind] ??= []).push({ file: `admin:${r.kind}/${r.name}`, json: r.doc });
  }
  return { docs, dormantExtensions: true, admin: true };
}
