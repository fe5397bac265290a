import assert from 'node:assert/strict';
import { appendAudit, createAuditBuffer, verifyAudit } from '../../engine/audit/index.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';
import { runEngineMigrations } from '../../engine/schema/index.ts';
import { createTestTenant, dropTestTenant } from '../helpers/test-database.ts';
import { ALICE, auditRows, BOB, createAuditTenant, CUSTOMER_1, CUSTOMER_2, sleep, viewOf } from './audit-fixtures.ts';

describe('audit/audit-buffer', () => {
  let db: Database;
  let tenant: Tenant;
  afterEach(() => dropTestTenant(tenant));

  describe('on a migrated tenant', () => {
    beforeEach(async () => ({ db, tenant } = await createAuditTenant()));

    // Rows one transaction inserted share its xmin: the number of distinct xmins is the number of transactions.
    const transactionsOf = async () => new Set((await auditRows(db.knex, tenant, 'seq, xmin::text as tx')).map((r) => r.tx)).size;

    it('queues synchronously and writes nothing until a flush', async () => {
      const buffer = createAuditBuffer(db.knex, tenant, { flushMs: 60_000 });
      assert.equal(buffer.enqueue(viewOf(CUSTOMER_1)), undefined);
      assert.deepEqual(buffer.stats(), { queued: 1, dropped: 0 });
      assert.deepEqual(await auditRows(db.knex, tenant), []);
      await buffer.close();
    });

    it('refuses a malformed entry at enqueue time, where the caller can see it', () => {
      const buffer = createAuditBuffer(db.knex, tenant);
      assert.throws(() => buffer.enqueue({ ...viewOf(CUSTOMER_1), action: 'peek' as 'view' }), (e: Error & { details?: { path: string }[] }) => e.details?.[0]?.path === '/action');
      assert.equal(buffer.stats().queued, 0);
    });

    it('flushes by itself after flushMs, all waiting entries in one transaction', async () => {
      const buffer = createAuditBuffer(db.knex, tenant, { flushMs: 30 });
      for (let i = 0; i < 5; i++) buffer.enqueue(viewOf(i % 2 ? CUSTOMER_1 : CUSTOMER_2));
      for (let waited = 0; (await auditRows(db.knex, tenant)).length < 5 && waited < 5000; waited += 20) await sleep(20);
      assert.equal((await auditRows(db.knex, tenant)).length, 5);
      assert.equal(await transactionsOf(), 1);
      await buffer.close();
    });

    it('writes a batch as soon as maxBatch entries wait, one transaction per batch, in enqueue order', async () => {
      const buffer = createAuditBuffer(db.knex, tenant, { flushMs: 60_000, maxBatch: 3 });
      const actors = [ALICE, BOB, ALICE, BOB, ALICE, BOB, ALICE];
      for (const actor of actors) buffer.enqueue(viewOf(CUSTOMER_1, actor));
      await buffer.flush();
      const rows = await auditRows(db.knex, tenant, 'seq, actor_id');
      assert.deepEqual(rows.map((r) => r.actor_id), actors.map((a) => a.id));
      assert.equal(await transactionsOf(), 3, 'batches of 3, 3 and 1');
      assert.equal((await verifyAudit(db.knex, tenant)).ok, true);
      await buffer.close();
    });

    it('writes what is left on close, and reports entries enqueued after it', async () => {
      const errors: unknown[] = [];
      const buffer = createAuditBuffer(db.knex, tenant, { flushMs: 60_000, onError: (e) => errors.push(e) });
      buffer.enqueue(viewOf(CUSTOMER_1));
      buffer.enqueue(viewOf(CUSTOMER_2));
      await buffer.close();
      assert.equal((await auditRows(db.knex, tenant)).length, 2);
      buffer.enqueue(viewOf(CUSTOMER_1));
      assert.equal(errors.length, 1);
      assert.match(String((errors[0] as Error).message), /after the buffer was closed/);
    });

    it('chains buffered views with direct appends into one log', async () => {
      const buffer = createAuditBuffer(db.knex, tenant, { flushMs: 5 });
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 40; i++) {
        buffer.enqueue(viewOf(CUSTOMER_1));
        const update = { actor: BOB, action: 'update' as const, entity: 'customer', recordId: CUSTOMER_1, changes: { i: { before: i, after: i + 1 } } };
        if (i % 10 === 0) writes.push(db.knex.transaction((trx) => appendAudit(trx, tenant, [update])));
        await sleep(1);
      }
      await Promise.all(writes);
      await buffer.close();
      const result = await verifyAudit(db.knex, tenant);
      assert.equal(result.ok, true, result.reason);
      assert.equal(result.checked, 44);
    });
  });

  it('keeps entries queued when the database refuses them, and writes them once it can', async () => {
    ({ db, tenant } = await createTestTenant('audit')); // no crm_audit table yet: every write fails
    const errors: unknown[] = [];
    const buffer = createAuditBuffer(db.knex, tenant, { flushMs: 60_000, maxBatch: 2, maxQueued: 4, onError: (e) => errors.push(e) });
    buffer.enqueue(viewOf(CUSTOMER_1));
    await assert.rejects(buffer.flush());
    for (let i = 0; i < 5; i++) buffer.enqueue(viewOf(CUSTOMER_2));
    await sleep(20);
    assert.deepEqual(buffer.stats(), { queued: 4, dropped: 2 });
    assert.ok(errors.some((e) => /buffer is full/.test(String((e as Error).message))), 'the overflow is reported once');
    await runEngineMigrations(db.knex, tenant);
    await buffer.close();
    const rows = await auditRows(db.knex, tenant, 'seq, record_id');
    assert.deepEqual(rows.map((r) => r.record_id), [CUSTOMER_1, CUSTOMER_2, CUSTOMER_2, CUSTOMER_2]);
    assert.equal((await verifyAudit(db.knex, tenant)).ok, true);
  });
});
