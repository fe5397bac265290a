import assert from 'node:assert/strict';
import { appendAudit, GENESIS_HASH, queryAudit, verifyAudit, type AuditEntryInput } from '../../engine/audit/index.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';
import { dropTestTenant, testDatabaseKind } from '../helpers/test-database.ts';
import { ALICE, auditRows, BOB, createAuditTenant, CUSTOMER_1, expectEngineError, SYSTEM, viewOf } from './audit-fixtures.ts';

describe('audit/append-audit', () => {
  let db: Database;
  let tenant: Tenant;
  beforeEach(async () => ({ db, tenant } = await createAuditTenant()));
  afterEach(() => dropTestTenant(tenant));

  const append = (entries: AuditEntryInput[]) => db.knex.transaction((trx) => appendAudit(trx, tenant, entries));

  it('chains entries from the genesis hash, seq 1, 2, 3…, and the chain verifies', async () => {
    await append([{ actor: ALICE, action: 'create', entity: 'customer', recordId: CUSTOMER_1, changes: { name: '机床厂' } }]);
    await append([viewOf(CUSTOMER_1, BOB), { actor: BOB, action: 'update', entity: 'customer', recordId: CUSTOMER_1, changes: { name: { before: '机床厂', after: '一号机床厂' } } }]);
    const rows = await auditRows(db.knex, tenant, 'seq, prev_hash, hash');
    assert.deepEqual(rows.map((r) => r.seq), [1, 2, 3]);
    assert.equal(rows[0]!.prev_hash, GENESIS_HASH);
    assert.equal(rows[1]!.prev_hash, rows[0]!.hash);
    assert.equal(rows[2]!.prev_hash, rows[1]!.hash);
    assert.deepEqual(await verifyAudit(db.knex, tenant), { ok: true, checked: 3, head: { seq: 3, hash: rows[2]!.hash } });
  });

  it('stores what it hashes: numbers, nested objects, dates, Chinese text, emoji and NUL survive the round trip', async () => {
    const changes = {
      amount: { before: 12.5, after: 1e21 },
      tiny: 5e-324,
      tags: ['b', 'a', null],
      nested: { z: 1, a: { y: [1, { c: 2, b: 1 }] } },
      due: new Date('2024-02-29T12:34:56.789Z'),
      note: '数控车床 😀 NUL\u0000here, lone \ud800 surrogate',
      count: 10n,
      skipped: undefined,
    };
    await append([{ actor: SYSTEM, action: 'import', entity: 'customer', recordId: CUSTOMER_1.toUpperCase(), changes, context: { reason: '年度导入' } }]);
    const [row] = (await queryAudit(db.knex, tenant)).data;
    assert.equal(row!.record_id, CUSTOMER_1);
    assert.deepEqual(row!.changes, {
      amount: { before: 12.5, after: 1e21 },
      tiny: 5e-324,
      tags: ['b', 'a', null],
      nested: { z: 1, a: { y: [1, { c: 2, b: 1 }] } },
      due: '2024-02-29T12:34:56.789Z',
      note: '数控车床 😀 NULhere, lone \ufffd surrogate',
      count: 10,
    });
    assert.match(row!.logged_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal((await verifyAudit(db.knex, tenant)).ok, true);
  });

  it('keeps one unbroken chain when 50 transactions append at the same time', async () => {
    const scratch = `"${tenant.schema}".scratch`;
    await db.knex.raw(`create table ${scratch} (n int)`);
    await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        db.knex.transaction(async (trx) => {
          await trx.raw(`insert into ${scratch} values (?)`, [n]); // the business write the entry audits
          await appendAudit(trx, tenant, [viewOf(CUSTOMER_1, n % 2 ? ALICE : BOB)]);
          if (n % 5 === 0) await appendAudit(trx, tenant, [{ actor: ALICE, action: 'export', context: { reason: `batch ${n}` } }]);
        }),
      ),
    );
    const rows = await auditRows(db.knex, tenant, 'seq');
    assert.deepEqual(rows.map((r) => r.seq), Array.from({ length: 60 }, (_, i) => i + 1));
    const result = await verifyAudit(db.knex, tenant);
    assert.equal(result.ok, true, result.reason);
    assert.equal(result.checked, 60);
  });

  it('leaves no audit rows behind when the business transaction rolls back, and the next entry is seq 1', async () => {
    await assert.rejects(
      db.knex.transaction(async (trx) => {
        await appendAudit(trx, tenant, [{ actor: ALICE, action: 'delete', entity: 'customer', recordId: CUSTOMER_1, changes: { name: 'x' } }]);
        throw new Error('the delete failed after it was audited');
      }),
      /the delete failed/,
    );
    assert.deepEqual(await auditRows(db.knex, tenant), []);
    await append([viewOf(CUSTOMER_1)]);
    assert.deepEqual((await auditRows(db.knex, tenant, 'seq')).map((r) => r.seq), [1]);
  });

  it('appends in a transaction of its own when given no transaction (a login outside any write)', async () => {
    await appendAudit(db.knex, tenant, [{ actor: ALICE, action: 'login', context: { ip: '10.0.0.7', user_agent: 'x'.repeat(2000), request_id: 'r-1' } }]);
    const [row] = await auditRows(db.knex, tenant);
    assert.equal(row!.action, 'login');
    assert.equal((row!.context as { user_agent: string }).user_agent.length, 512, 'an overlong user agent is cut, not refused');
    assert.equal((await verifyAudit(db.knex, tenant)).ok, true);
  });

  it('records a failed login by an unknown name with the nil uuid and the name that was typed', async () => {
    await appendAudit(db.knex, tenant, [{ actor: { id: '00000000-0000-0000-0000-000000000000', name: 'nobody', kind: 'user' }, action: 'login_failed', context: { reason: 'unknown user' } }]);
    const { data } = await queryAudit(db.knex, tenant, { action: 'login_failed' });
    assert.equal(data[0]!.actor_name, 'nobody');
  });

  it('refuses a malformed entry with every problem at its path, and writes none of the batch', async () => {
    const err = await expectEngineError(() =>
      append([
        viewOf(CUSTOMER_1),
        { actor: { id: 'not-a-uuid', name: '', kind: 'robot' as 'user' }, action: 'hack' as 'view', recordId: CUSTOMER_1, context: { cookie: 'x' } as never },
      ]),
    );
    assert.equal(err.code, 'BAD_REQUEST');
    assert.deepEqual(
      err.details.map((d) => d.path),
      ['/1/actor/id', '/1/actor/name', '/1/actor/kind', '/1/action', '/1/entity', '/1/context/cookie'],
    );
    assert.deepEqual(await auditRows(db.knex, tenant), []);
  });

  it('uses the database clock, truncated to milliseconds, never running backwards along seq', async () => {
    for (let i = 0; i < 5; i++) await append([viewOf(CUSTOMER_1)]);
    const rows = await auditRows(db.knex, tenant, 'seq, logged_at, extract(microseconds from logged_at)::int % 1000 as micros');
    assert.ok(rows.every((r) => r.micros === 0));
    const times = rows.map((r) => r.logged_at as string);
    assert.deepEqual([...times].sort(), times);
  });

  if (testDatabaseKind() === 'postgres') {
    it('holds the tenant lock until commit, so a second appender waits for the first', async () => {
      const order: string[] = [];
      let releaseFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
      const first = db.knex.transaction(async (trx) => {
        await appendAudit(trx, tenant, [viewOf(CUSTOMER_1)]);
        order.push('first appended');
        await firstMayCommit;
        order.push('first commits');
      });
      while (order.length === 0) await new Promise((r) => setTimeout(r, 5));
      const second = db.knex.transaction(async (trx) => {
        await appendAudit(trx, tenant, [viewOf(CUSTOMER_1, BOB)]);
        order.push('second appended');
      });
      await new Promise((r) => setTimeout(r, 100));
      releaseFirst();
      await Promise.all([first, second]);
      assert.deepEqual(order, ['first appended', 'first commits', 'second appended']);
      assert.equal((await verifyAudit(db.knex, tenant)).ok, true);
    });
  }
});
