import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendAudit, verifyAudit, type AuditEntryInput } from '../../engine/audit/index.ts';
import { openDatabase, quoteIdent, type Database, type Tenant } from '../../engine/db/index.ts';
import { runEngineMigrations } from '../../engine/schema/index.ts';
import { createTestTenant, dropTestTenant, testDatabaseKind } from '../helpers/test-database.ts';
import { ALICE, createAuditTenant, CUSTOMER_1 } from './audit-fixtures.ts';

const entry: AuditEntryInput = { actor: ALICE, action: 'update', entity: 'customer', recordId: CUSTOMER_1, changes: { grade: { before: 'B', after: 'A' } } };

/** The Postgres error code a statement fails with (undefined when it succeeds). */
async function failureOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

describe('audit/append-only (migration 008)', () => {
  let db: Database;
  let tenant: Tenant;
  let audit: string;
  let head: string;
  beforeEach(async () => {
    ({ db, tenant } = await createAuditTenant());
    audit = `${quoteIdent(tenant.schema)}.crm_audit`;
    head = `${quoteIdent(tenant.schema)}.crm_audit_head`;
    for (let i = 0; i < 3; i++) await db.knex.transaction((trx) => appendAudit(trx, tenant, [entry]));
  });
  afterEach(() => dropTestTenant(tenant));

  const sql = (text: string, bindings: unknown[] = []) => db.knex.raw(text, bindings as never);

  it('refuses UPDATE, DELETE and TRUNCATE of entries from the connection the server uses, and changes nothing', async () => {
    assert.equal(await failureOf(sql(`update ${audit} set actor_name = 'x' where seq = 2`)), '42501');
    assert.equal(await failureOf(sql(`delete from ${audit} where seq = 3`)), '42501');
    assert.equal(await failureOf(sql(`truncate ${audit}`)), '42501');
    assert.match(String(await sql(`delete from ${audit}`).catch((e: Error) => e.message)), /the audit log is append-only: DELETE/);
    const result = await verifyAudit(db.knex, tenant);
    assert.equal(result.ok, true);
    assert.equal(result.checked, 3);
  });

  it('lets the head move only forward onto an appended entry: no rewind, no jump, no delete, no truncate', async () => {
    const [last] = (await sql(`select seq, hash from ${audit} where seq = 2`)).rows as { seq: number; hash: string }[];
    assert.equal(await failureOf(sql(`update ${head} set seq = 2, hash = ?`, [last!.hash])), '42501', 'rewound');
    assert.equal(await failureOf(sql(`update ${head} set seq = 9, hash = ?`, ['f'.repeat(64)])), '42501', 'moved past the last entry');
    assert.equal(await failureOf(sql(`update ${head} set seq = seq + 1`)), '42501', 'moved without an entry');
    assert.equal(await failureOf(sql(`delete from ${head}`)), '42501');
    assert.equal(await failureOf(sql(`truncate ${head}`)), '42501');
    assert.deepEqual((await verifyAudit(db.knex, tenant)).head?.seq, 3);
  });

  it('still appends, in a transaction and in one statement, and the chain verifies', async () => {
    await db.knex.transaction((trx) => appendAudit(trx, tenant, [entry, entry]));
    await appendAudit(db.knex, tenant, [entry]);
    const result = await verifyAudit(db.knex, tenant);
    assert.equal(result.ok, true);
    assert.equal(result.checked, 6);
  });

  (testDatabaseKind() === 'postgres' ? describe : describe.skip)('a server role that does not own the tables (PostgreSQL)', () => {
    let role: string;
    let roleTenant: Tenant;
    beforeEach(async () => {
      role = `crm_app_${randomBytes(4).toString('hex')}`;
      ({ tenant: roleTenant } = await createTestTenant('audit_role'));
      const s = quoteIdent(roleTenant.schema);
      await sql(`create role ${role} nologin`);
      await sql(`grant usage, create on schema ${s} to ${role}`);
      // The broadest grant an operator might make before the migrations run; migration 008 takes back what it must.
      await sql(`alter default privileges in schema ${s} grant all on tables to ${role}`);
      await runEngineMigrations(db.knex, roleTenant);
    });
    afterEach(async () => {
      await dropTestTenant(roleTenant);
      await sql(`drop owned by ${role}`);
      await sql(`drop role ${role}`);
    });

    const asRole = (work: (trx: import('knex').Knex.Transaction) => Promise<unknown>) =>
      db.knex.transaction(async (trx) => {
        await trx.raw(`set local role ${role}`);
        return work(trx);
      });

    it('appends and verifies, but cannot update, delete, truncate, or switch the triggers off', async () => {
      const t = (name: string) => `${quoteIdent(roleTenant.schema)}.${name}`;
      await asRole((trx) => appendAudit(trx, roleTenant, [entry]));
      await asRole((trx) => appendAudit(trx, roleTenant, [entry]));
      assert.equal((await asRole((trx) => verifyAudit(trx, roleTenant)) as { checked: number }).checked, 2);
      for (const attempt of [
        `update ${t('crm_audit')} set actor_name = 'x'`,
        `delete from ${t('crm_audit')}`,
        `truncate ${t('crm_audit')}`,
        `delete from ${t('crm_audit_head')}`,
        `truncate ${t('crm_audit_head')}`,
        `alter table ${t('crm_audit')} disable trigger user`,
        `alter table ${t('crm_audit_head')} disable trigger user`,
        `drop trigger crm_audit_append_only on ${t('crm_audit')}`,
      ]) {
        assert.equal(await failureOf(asRole((trx) => trx.raw(attempt))), '42501', attempt);
      }
      const rights = (await sql(
        `select privilege_type from information_schema.role_table_grants where grantee = ? and table_schema = ? and table_name = 'crm_audit' order by 1`,
        [role, roleTenant.schema],
      )).rows.map((r: { privilege_type: string }) => r.privilege_type);
      assert.deepEqual(rights, ['INSERT', 'REFERENCES', 'SELECT', 'TRIGGER']);
      assert.equal((await verifyAudit(db.knex, roleTenant)).checked, 2);
    });

    it('follows the documented production set-up: the server role migrates, then keeps append rights only on the audit log', async () => {
      const owner = `${role}_owner`;
      const schema = `audit_prod_${randomBytes(4).toString('hex')}`;
      const s = quoteIdent(schema);
      await sql(`create role ${owner} nologin`);
      await sql(`alter role ${role} login`);
      await sql(`create schema ${s} authorization ${owner}`);
      await sql(`grant usage, create on schema ${s} to ${role}`);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.username = role;
      url.password = '';
      const app = await openDatabase({ url: url.href });
      const prod: Tenant = { schema };
      try {
        await runEngineMigrations(app.knex, prod);
        for (const statement of [
          `alter table ${s}.crm_audit owner to ${owner}`,
          `alter table ${s}.crm_audit_head owner to ${owner}`,
          ...['crm_audit_refuse_change', 'crm_audit_head_forward', 'crm_audit_head_on_entry'].map((f) => `alter function ${s}.${f}() owner to ${owner}`),
          `grant select, insert on ${s}.crm_audit to ${role}`,
          `grant select, insert, update on ${s}.crm_audit_head to ${role}`,
        ]) await sql(statement);
        await appendAudit(app.knex, prod, [entry]);
        await app.knex.transaction((trx) => appendAudit(trx, prod, [entry, entry]));
        assert.equal((await verifyAudit(app.knex, prod)).checked, 3);
        for (const attempt of [
          `update ${s}.crm_audit set actor_name = 'x'`,
          `delete from ${s}.crm_audit_head`,
          `alter table ${s}.crm_audit disable trigger user`,
          `drop table ${s}.crm_audit`,
          `create or replace function ${s}.crm_audit_refuse_change() returns trigger language plpgsql as $$ begin return old; end $$`,
        ]) {
          assert.equal(await failureOf(app.knex.raw(attempt)), '42501', attempt);
        }
      } finally {
        await app.close();
        await sql(`drop schema ${s} cascade`);
        await sql(`drop owned by ${owner}`);
        await sql(`drop role ${owner}`);
      }
    });
  });
});
