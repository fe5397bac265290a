// Brings a tenant schema's engine tables (crm_*) up to date with knex migrations from the project's migrations/ folder.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { qualified, queryRows, quoteIdent, type Tenant } from '../db/index.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

interface EngineMigration {
  up(knex: Knex, schema: string): Promise<void>;
  down(knex: Knex, schema: string): Promise<void>;
}

function migrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_.*\.ts$/.test(f)).sort();
}

// knex calls migrations with the knex instance only; a custom source binds each one to the tenant's schema.
function migrationSource(schema: string): Knex.MigrationSource<string> {
  return {
    getMigrations: async () => migrationNames(),
    getMigrationName: (name) => name,
    getMigration: async (name) => {
      const mod = (await import(pathToFileURL(MIGRATIONS_DIR + name).href)) as EngineMigration;
      return { up: (knex: Knex) => mod.up(knex, schema), down: (knex: Knex) => mod.down(knex, schema) };
    },
  };
}

export async function runEngineMigrations(knex: Knex, tenant: Tenant): Promise<void> {
  // Only when missing: `create schema if not exists` needs CREATE on the database even when the schema is there, which
  // a server role given a schema prepared for it does not have (engine/audit/README.md, "Append-only in the database").
  const exists = await knex.raw<{ rows: unknown[] }>('select 1 from pg_namespace where nspname = ?', [tenant.schema]);
  if (!exists.rows.length) await knex.raw(`create schema ${quoteIdent(tenant.schema)}`);
  await knex.migrate.latest({
    migrationSource: migrationSource(tenant.schema),
    schemaName: tenant.schema,
    tableName: 'crm_migrations',
  });
}

/** The engine migrations not yet run on the tenant's schema (all of them when it has none); read-only, for readiness. */
export async function pendingEngineMigrations(knex: Knex, tenant: Tenant): Promise<string[]> {
  const table = qualified(tenant, 'crm_migrations');
  const [exists] = await queryRows<{ found: boolean }>(knex, 'select to_regclass(?) is not null as found', [table]);
  const done = exists?.found ? new Set((await queryRows<{ name: string }>(knex, `select name from ${table}`)).map((r) => r.name)) : new Set<string>();
  return migrationNames().filter((name) => !done.has(name));
}
