// One database per mocha process (PGlite in memory, or the server in TEST_DATABASE_URL when CRM_TEST_DB=postgres),
// and a fresh Postgres schema per suite so suites never see each other's tables.
import { randomBytes } from 'node:crypto';
import { openDatabase, quoteIdent, type Database, type Tenant } from '../../engine/db/index.ts';

let shared: Promise<Database> | undefined;

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.CRM_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export function getTestDatabase(): Promise<Database> {
  if (!shared) {
    const url = testDatabaseKind() === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;
    if (testDatabaseKind() === 'postgres' && !url) throw new Error('CRM_TEST_DB=postgres needs TEST_DATABASE_URL');
    shared = openDatabase({ url });
  }
  return shared;
}

/** Creates an empty schema to act as a tenant; drop it with dropTestTenant. */
export async function createTestTenant(prefix = 't'): Promise<{ db: Database; tenant: Tenant }> {
  const db = await getTestDatabase();
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  await db.knex.raw(`create schema ${quoteIdent(schema)}`);
  return { db, tenant: { schema } };
}

export async function dropTestTenant(tenant: Tenant): Promise<void> {
  const db = await getTestDatabase();
  await db.knex.raw(`drop schema if exists ${quoteIdent(tenant.schema)} cascade`);
}

export async function closeTestDatabase(): Promise<void> {
  if (shared) await (await shared).close();
  shared = undefined;
}
