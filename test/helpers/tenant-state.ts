// Everything a plugin operation could leave behind in a tenant, read as the database owner: tables, columns,
// indexes and constraints, and a fingerprint (count + hash of every row) of every table. Two snapshots around a
// refused or failed operation must be deep-equal; the registries a plugin writes (crm_plugin, its migrations, roles,
// settings, the column archive, the admin layer) are kept in full so a difference reads clearly.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../../engine/db/index.ts';

export interface TenantState {
  tables: string[];
  columns: string[];
  indexes: string[];
  constraints: string[];
  /** table → "rows:hash" of the whole content. */
  fingerprints: Record<string, string>;
  plugins: unknown[];
  pluginMigrations: unknown[];
  roles: unknown[];
  settings: unknown[];
  archivedColumns: unknown[];
  adminLayer: unknown[];
}

/**
 * Tables that change on their own while a server runs, whatever a plugin does: sessions are touched by every signed-in
 * request, the job runner claims and finishes jobs (and writes the messages they send).
 */
const BACKGROUND = new Set(['crm_session', 'crm_login_throttle', 'crm_job', 'crm_message']);

export async function tenantState(knex: Knex, tenant: Tenant): Promise<TenantState> {
  const schema = tenant.schema;
  const tables = (await queryRows<{ t: string }>(knex, `select table_name as t from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' order by 1`, [schema])).map((r) => r.t);
  const columns = (
    await queryRows<{ c: string }>(
      knex,
      `select table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || case when is_nullable = 'NO' then ' not null' else '' end || coalesce(' default ' || column_default, '') as c
         from information_schema.columns where table_schema = ? order by table_name, column_name`,
      [schema],
    )
  ).map((r) => r.c);
  const indexes = (await queryRows<{ i: string }>(knex, `select indexdef as i from pg_indexes where schemaname = ? order by indexname`, [schema])).map((r) => r.i);
  const constraints = (
    await queryRows<{ c: string }>(
      knex,
      `select rel.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid) as c
         from pg_constraint con join pg_class rel on rel.oid = con.conrelid join pg_namespace n on n.oid = rel.relnamespace
        where n.nspname = ? order by 1`,
      [schema],
    )
  ).map((r) => r.c);
  const fingerprints: Record<string, string> = {};
  for (const t of tables) {
    if (BACKGROUND.has(t)) continue;
    const [row] = await queryRows<{ n: string | number; h: string }>(knex, `select count(*) as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${qualified(tenant, t)} x`);
    fingerprints[t] = `${row!.n}:${row!.h}`;
  }
  const all = async (table: string, order: string) => (tables.includes(table) ? queryRows(knex, `select * from ${qualified(tenant, table)} order by ${order}`) : []);
  return {
    tables,
    columns,
    indexes,
    constraints,
    fingerprints,
    plugins: await all('crm_plugin', 'name'),
    pluginMigrations: await all('crm_plugin_migration', 'plugin, name'),
    roles: tables.includes('role') ? await queryRows(knex, `select code, name, permissions, version from ${qualified(tenant, 'role')} order by code`) : [],
    settings: await all('crm_setting', 'key'),
    archivedColumns: await all('crm_archived_column', 'table_name, column_name'),
    adminLayer: await all('crm_metadata_overlay', 'kind, name'),
  };
}

/** Names of the tenant's tables (entity tables and engine tables). */
export async function tableNames(knex: Knex, tenant: Tenant): Promise<string[]> {
  return (await queryRows<{ t: string }>(knex, `select table_name as t from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' order by 1`, [tenant.schema])).map((r) => r.t);
}
