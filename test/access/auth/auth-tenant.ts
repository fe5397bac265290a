// A fresh tenant schema with the engine tables (crm_credential, crm_session, …) for the auth suites.
import type { Database, Tenant } from '../../../engine/db/index.ts';
import { runEngineMigrations } from '../../../engine/schema/index.ts';
import { createTestTenant } from '../../helpers/test-database.ts';

export async function createAuthTenant(): Promise<{ db: Database; tenant: Tenant }> {
  const { db, tenant } = await createTestTenant('auth');
  await runEngineMigrations(db.knex, tenant);
  return { db, tenant };
}
