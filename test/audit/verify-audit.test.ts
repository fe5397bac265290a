import assert from 'node:assert/strict';
import { appendAudit, canonicalJson, verifyAudit } from '../../engine/audit/index.ts';
import { createHash } from 'node:crypto';
import type { Database, Tenant } from '../../engine/db/index.ts';
import { dropTestTenant } from '../helpers/test-database.ts';
import { ALICE, createAuditTenant, CUSTOMER_1, CUSTOMER_2, disableAuditGuards } from './audit-fixtures.ts';

describe('audit/verify-audit', () => {
  let db: Database;
  let tenant: Tenant;
  let table: string;
  beforeEach(async () => {
    ({ db, tenant } = await createAuditTenant());
    table = `"${tenant.schema}".crm_audit`;
    // Five entries in three transactions, so the chain crosses transaction boundaries.
    const update = (id: string, n: number) => ({ actor: ALICE, action: 'update' as const, entity: 'customer', recordId: id, changes: { credit_limit: { before: n, after: n + 1 } } });
    await db.knex.transaction((trx) => appendAudit(trx, tenant, [update(CUSTOMER_1, 1), update(CUSTOMER_2, 2)]));
    await db.knex.transaction((trx) => appendAudit(trx, tenant, [update(CUSTOMER_1, 3)]));
    await db.knex.transaction((trx) => appendAudit(trx, tenant, [update(CUSTOMER_2, 4), update(CUSTOMER_1, 5)]));
    // Each test tampers as the tables' owner can, who may switch the append-only triggers off (test/audit/append-only).
    await disableAuditGuards(db.knex, tenant);
  });
  afterEach(() => dropTestTenant(tenant));

  const sql = (text: string, bindings: unknown[] = []) => db.knex.raw(text, bindings as never);

  it('passes an untouched chain and reports its head', async () => {
    const result = await verifyAudit(db.knex, tenant);
    assert.equal(result.ok, true);
    assert.equal(result.checked, 5);
    assert.equal(result.head?.seq, 5);
    assert.match(result.head!.hash, /^[0-9a-f]{64}$/);
  });

  it('passes an empty log', async () => {
    await sql(`delete from ${table}`);
    await sql(`update "${tenant.schema}".crm_audit_head set seq = 0, hash = ?, prev_hash = ?, logged_at = null`, ['0'.repeat(64), '0'.repeat(64)]);
    assert.deepEqual(await verifyAudit(db.knex, tenant), { ok: true, checked: 0, head: null });
  });

  it('detects a hand-edited row and reports its seq as the first broken one', async () => {
    await sql(`update ${table} set changes = ? where seq = 3`, [JSON.stringify({ credit_limit: { before: 3, after: 999 } })]);
    const result = await verifyAudit(db.knex, tenant);
    assert.equal(result.ok, false);
    assert.equal(result.firstBrokenSeq, 3);
    assert.equal(result.checked, 2);
    assert.match(result.reason!, /entry 3 was changed/);
    assert.equal(result.head?.seq, 2, 'the head is the last entry that verified');
  });

  it('detects an edit to a column outside the jsonb (the actor, the time)', async () => {
    await sql(`update ${table} set logged_at = logged_at - interval '1 hour' where seq = 2`);
    assert.equal((await verifyAudit(db.knex, tenant)).firstBrokenSeq, 2);
  });

  it('detects an edited row whose own hash was recomputed, at the next row', async () => {
    const [row] = (await sql(`select * from ${table} where seq = 3`)).rows;
    const forged = { ...row, changes: { credit_limit: { before: 3, after: 999 } } };
    const content = Object.fromEntries(Object.entries(forged).filter(([k]) => k !== 'prev_hash' && k !== 'hash'));
    const hash = createHash('sha256').update(row.prev_hash + canonicalJson(content)).digest('hex');
    await sql(`update ${table} set changes = ?, hash = ? where seq = 3`, [JSON.stringify(forged.changes), hash]);
    const result = await verifyAudit(db.knex, tenant);
    assert.equal(result.firstBrokenSeq, 4);
    assert.match(result.reason!, /does not follow the hash of entry 3/);
  });

  it('detects a deleted row as a gap and names the missing seq', async () => {
    await sql(`delete from ${table} where seq = 3`);
    const result = await verifyAudit(db.knex, tenant);
    assert.equal(result.ok, false);
    assert.equal(result.firstBrokenSeq, 3);
    assert.match(result.reason!, /entry 3 is missing/);
  });

  it('detects deleted rows that were renumbered to close the gap', async () => {
    await sql(`delete from ${table} where seq = 2`);
    await sql(`update ${table} set seq = seq - 1 where seq > 2`);
    assert.equal((await verifyAudit(db.knex, tenant)).firstBrokenSeq, 2);
  });

  it('detects the first entry being deleted', async () => {
    await sql(`delete from ${table} where seq = 1`);
    const result = await verifyAudit(db.knex, tenant);
    assert.equal(result.firstBrokenSeq, 1);
    assert.equal(result.checked, 0);
  });

  it('detects two rows swapped in order', async () => {
    await sql(`update ${table} set seq = -2 where seq = 2`);
    await sql(`update ${table} set seq = 2 where seq = 4`);
    await sql(`update ${table} set seq = 4 where seq = -2`);
    assert.equal((await verifyAudit(db.knex, tenant)).firstBrokenSeq, 2);
  });

  it('detects a cut-off tail by the head row', async () => {
    await sql(`delete from ${table} where seq >= 4`);
    const result = await verifyAudit(db.knex, tenant);
    assert.equal(result.ok, false);
    assert.equal(result.firstBrokenSeq, 4);
    assert.equal(result.checked, 3);
    assert.match(result.reason!, /head says entry 5 was appended/);
  });

  it('detects a head row that does not match the last entry', async () => {
    await sql(`update "${tenant.schema}".crm_audit_head set hash = ?`, ['f'.repeat(64)]);
    assert.match((await verifyAudit(db.knex, tenant)).reason!, /head does not have the hash of entry 5/);
    await sql(`update "${tenant.schema}".crm_audit_head set seq = 4`);
    assert.match((await verifyAudit(db.knex, tenant)).reason!, /entries up to 5 exist/);
  });

  it('cannot see a cut-off tail whose head was rewound too, but an anchor recorded earlier can', async () => {
    const before = await verifyAudit(db.knex, tenant);
    const [fourth] = (await sql(`select hash, prev_hash, logged_at from ${table} where seq = 4`)).rows;
    await sql(`delete from ${table} where seq = 5`);
    await sql(`update "${tenant.schema}".crm_audit_head set seq = 4, hash = ?, prev_hash = ?, logged_at = ?`, [fourth.hash, fourth.prev_hash, fourth.logged_at]);
    assert.equal((await verifyAudit(db.knex, tenant)).ok, true, 'the limit the README states');
    const result = await verifyAudit(db.knex, tenant, { anchor: before.head! });
    assert.equal(result.ok, false);
    assert.equal(result.firstBrokenSeq, 5);
    assert.match(result.reason!, /removed from the end/);
  });

  it('detects a rewritten chain with an anchor: same length, different hashes', async () => {
    const before = await verifyAudit(db.knex, tenant);
    // Rebuild the whole chain from an edited entry 1 onward, as a superuser could.
    const rows = (await sql(`select * from ${table} order by seq`)).rows as Record<string, unknown>[];
    rows[0]!.changes = { credit_limit: { before: 1, after: 1000 } };
    let prev = '0'.repeat(64);
    for (const row of rows) {
      const content = Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'prev_hash' && k !== 'hash'));
      const hash = createHash('sha256').update(prev + canonicalJson(content)).digest('hex');
      await sql(`update ${table} set changes = ?, prev_hash = ?, hash = ? where seq = ?`, [JSON.stringify(row.changes), prev, hash, row.seq]);
      prev = hash;
    }
    await sql(`update "${tenant.schema}".crm_audit_head set hash = ?`, [prev]);
    assert.equal((await verifyAudit(db.knex, tenant)).ok, true, 'a consistent rewrite (head included) passes without an anchor');
    const result = await verifyAudit(db.knex, tenant, { anchor: before.head! });
    assert.equal(result.firstBrokenSeq, 5);
    assert.match(result.reason!, /rewritten/);
  });
});
