import assert from 'node:assert/strict';
import { appendAudit, queryAudit, recordHistory, type AuditEntry, type AuditEntryInput } from '../../engine/audit/index.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';
import { dropTestTenant } from '../helpers/test-database.ts';
import { ALICE, BOB, createAuditTenant, CUSTOMER_1, CUSTOMER_2, expectEngineError, sleep, SYSTEM, viewOf } from './audit-fixtures.ts';

describe('audit/query-audit', () => {
  let db: Database;
  let tenant: Tenant;
  let all: AuditEntry[];
  // One entry per transaction, a few milliseconds apart, so each has its own logged_at.
  const ENTRIES: AuditEntryInput[] = [
    { actor: ALICE, action: 'login', context: { ip: '10.0.0.1' } },
    { actor: ALICE, action: 'create', entity: 'customer', recordId: CUSTOMER_1, changes: { name: '一号机床厂' } },
    viewOf(CUSTOMER_1, BOB),
    { actor: BOB, action: 'update', entity: 'customer', recordId: CUSTOMER_1, changes: { name: { before: '一号机床厂', after: '一号机床' } } },
    { actor: ALICE, action: 'create', entity: 'customer', recordId: CUSTOMER_2, changes: { name: '二号' } },
    { actor: SYSTEM, action: 'role_change', entity: 'app_user', recordId: BOB.id, changes: { role: { before: 'sales', after: 'manager' } } },
    { actor: BOB, action: 'delete', entity: 'customer', recordId: CUSTOMER_1, changes: { name: '一号机床' } },
  ];

  before(async () => {
    ({ db, tenant } = await createAuditTenant());
    for (const entry of ENTRIES) {
      await db.knex.transaction((trx) => appendAudit(trx, tenant, [entry]));
      await sleep(3);
    }
    all = (await queryAudit(db.knex, tenant, {}, { limit: 500 })).data;
  });
  after(() => dropTestTenant(tenant));

  const seqs = (page: { data: AuditEntry[] }) => page.data.map((e) => e.seq);

  it('lists newest first with every stored column', async () => {
    assert.deepEqual(seqs({ data: all }), [7, 6, 5, 4, 3, 2, 1]);
    assert.deepEqual(Object.keys(all[0]!).sort(), ['action', 'actor_id', 'actor_kind', 'actor_name', 'changes', 'context', 'entity', 'hash', 'logged_at', 'prev_hash', 'record_id', 'seq']);
  });

  it('filters by actor, action (one, a list, an array), entity and record', async () => {
    assert.deepEqual(seqs(await queryAudit(db.knex, tenant, { actor_id: BOB.id })), [7, 4, 3]);
    assert.deepEqual(seqs(await queryAudit(db.knex, tenant, { actor_id: BOB.id.toUpperCase(), action: 'delete' })), [7]);
    assert.deepEqual(seqs(await queryAudit(db.knex, tenant, { action: 'create,delete' })), [7, 5, 2]);
    assert.deepEqual(seqs(await queryAudit(db.knex, tenant, { action: ['login', 'role_change'] })), [6, 1]);
    assert.deepEqual(seqs(await queryAudit(db.knex, tenant, { entity: 'customer' })), [7, 5, 4, 3, 2]);
    assert.deepEqual(seqs(await queryAudit(db.knex, tenant, { entity: 'customer', record_id: CUSTOMER_2 })), [5]);
  });

  it('filters by time: from inclusive, to exclusive, with a zone or in the tenant zone', async () => {
    const at = (seq: number) => all.find((e) => e.seq === seq)!.logged_at;
    assert.deepEqual(seqs(await queryAudit(db.knex, tenant, { from: at(3), to: at(6) })), [5, 4, 3]);
    assert.deepEqual(seqs(await queryAudit(db.knex, tenant, { from: new Date(at(6)) })), [7, 6]);
    // The same instant as Asia/Shanghai wall-clock time (UTC+8, no daylight saving), without a zone.
    const shanghai = new Date(Date.parse(at(6)) + 8 * 3600_000).toISOString().replace('Z', '');
    assert.deepEqual(seqs(await queryAudit(db.knex, tenant, { from: shanghai })), [7, 6]);
    assert.deepEqual(seqs(await queryAudit(db.knex, tenant, { to: '2000-01-01' })), []);
    assert.deepEqual(seqs(await queryAudit(db.knex, tenant, { from: '2000-01-01T00:00:00+08:00' })).length, 7);
  });

  it('pages by seq with a cursor until next_cursor is null', async () => {
    const first = await queryAudit(db.knex, tenant, {}, { limit: 3 });
    assert.deepEqual(seqs(first), [7, 6, 5]);
    const second = await queryAudit(db.knex, tenant, {}, { limit: '3', cursor: first.next_cursor! });
    assert.deepEqual(seqs(second), [4, 3, 2]);
    const third = await queryAudit(db.knex, tenant, {}, { limit: 3, cursor: second.next_cursor! });
    assert.deepEqual(seqs(third), [1]);
    assert.equal(third.next_cursor, null);
  });

  it('pages within a filter, and an exactly full last page has no next cursor', async () => {
    const first = await queryAudit(db.knex, tenant, { entity: 'customer' }, { limit: 2 });
    const second = await queryAudit(db.knex, tenant, { entity: 'customer' }, { limit: 2, cursor: first.next_cursor! });
    const third = await queryAudit(db.knex, tenant, { entity: 'customer' }, { limit: 2, cursor: second.next_cursor! });
    assert.deepEqual([seqs(first), seqs(second), seqs(third)], [[7, 5], [4, 3], [2]]);
    const exact = await queryAudit(db.knex, tenant, {}, { limit: 7 });
    assert.equal(exact.next_cursor, null);
  });

  it('caps the limit at 500 like the records API', async () => {
    assert.equal((await queryAudit(db.knex, tenant, {}, { limit: 100_000 })).data.length, 7);
  });

  it('gives the history of one record, newest first', async () => {
    const history = await recordHistory(db.knex, tenant, 'customer', CUSTOMER_1);
    assert.deepEqual(history.data.map((e) => e.action), ['delete', 'update', 'view', 'create']);
    const paged = await recordHistory(db.knex, tenant, 'customer', CUSTOMER_1, { limit: 3 });
    assert.deepEqual(seqs(paged), [7, 4, 3]);
    assert.deepEqual(seqs(await recordHistory(db.knex, tenant, 'customer', CUSTOMER_1, { cursor: paged.next_cursor! })), [2]);
  });

  describe('refuses invalid filters with 400 naming the parameter', () => {
    const refused = async (filters: Record<string, unknown>, page: Record<string, unknown> = {}) => {
      const err = await expectEngineError(() => queryAudit(db.knex, tenant, filters, page));
      assert.equal(err.code, 'BAD_REQUEST');
      return err.details.map((d) => d.path);
    };

    it('an unknown filter', async () => assert.deepEqual(await refused({ actor: ALICE.id, user_id: 'x' }), ['actor', 'user_id']));
    it('a malformed uuid', async () => assert.deepEqual(await refused({ actor_id: 'alice', record_id: '123' }), ['actor_id', 'record_id']));
    it('an unknown action', async () => assert.deepEqual(await refused({ action: 'view,peek' }), ['action']));
    it('an entity name with SQL in it', async () => assert.deepEqual(await refused({ entity: "customer' or 1=1" }), ['entity']));
    it('a repeated single-valued parameter', async () => assert.deepEqual(await refused({ entity: ['a', 'b'] }), ['entity']));
    it('impossible dates and times', async () => {
      assert.deepEqual(await refused({ from: '2024-02-30', to: '2024-01-01T25:00:00Z' }), ['from', 'to']);
      assert.deepEqual(await refused({ from: 'yesterday', to: 1714521600 }), ['from', 'to']);
    });
    it('a bad limit, cursor or page parameter', async () => {
      assert.deepEqual(await refused({}, { limit: 0 }), ['limit']);
      assert.deepEqual(await refused({}, { limit: '2.5' }), ['limit']);
      assert.deepEqual(await refused({}, { cursor: 'not-a-cursor' }), ['cursor']);
      assert.deepEqual(await refused({}, { sort: 'seq' }), ['sort']);
    });
    it('a malformed record in recordHistory', async () => {
      const err = await expectEngineError(() => recordHistory(db.knex, tenant, 'Customer', 'nope'));
      assert.deepEqual(err.details.map((d) => d.path), ['entity', 'record_id']);
    });
  });
});
