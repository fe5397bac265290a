// Shared set-up for the audit tests: a tenant with the engine tables, two actors, and raw access to crm_audit.
import type { Knex } from 'knex';
import { SYSTEM_ACTOR } from '../../engine/core/index.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';
import type { AuditEntryInput } from '../../engine/audit/index.ts';
import { runEngineMigrations } from '../../engine/schema/index.ts';
import { createTestTenant } from '../helpers/test-database.ts';

export const ALICE = { id: 'a11ce000-0000-4000-8000-000000000001', name: '张丽 Alice', kind: 'user' } as const;
export const BOB = { id: 'b0b00000-0000-4000-8000-000000000002', name: 'Bob', kind: 'user' } as const;
export const SYSTEM = SYSTEM_ACTOR;
export const CUSTOMER_1 = 'c0000000-0000-4000-8000-000000000001';
export const CUSTOMER_2 = 'c0000000-0000-4000-8000-000000000002';

export async function createAuditTenant(): Promise<{ db: Database; tenant: Tenant }> {
  const { db, tenant } = await createTestTenant('audit');
  await runEngineMigrations(db.knex, tenant);
  return { db, tenant };
}

export function viewOf(recordId: string, actor: AuditEntryInput['actor'] = ALICE): AuditEntryInput {
  return { actor, action: 'view', entity: 'customer', recordId };
}

export async function auditRows(knex: Knex, tenant: Tenant, columns = 'seq, action, actor_id, changes, context'): Promise<Record<string, unknown>[]> {
  return (await knex.raw(`select ${columns} from "${tenant.schema}".crm_audit order by seq`)).rows;
}

export async function expectEngineError(work: () => Promise<unknown> | unknown): Promise<{ code: string; details: { path?: string; message: string }[] }> {
  try {
    await work();
  } catch (e) {
    if (e instanceof Error && e.name === 'EngineError') return e as unknown as { code: string; details: { path?: string; message: string }[] };
    throw e;
  }
  throw new Error('expected an EngineError');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the owner of the tables (or a superuser) can do and the server's role cannot: switch the append-only triggers
 * off, to tamper with the log as an attacker with those rights would. */
export async function disableAuditGuards(knex: Knex, tenant: Tenant): Promise<void> {
  await knex.raw(`alter table "${tenant.schema}".crm_audit disable trigger user`);
  await knex.raw(`alter table "${tenant.schema}".crm_audit_head disable trigger user`);
}
