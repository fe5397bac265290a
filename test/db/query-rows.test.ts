import assert from 'node:assert/strict';
import { createTestTenant, dropTestTenant } from '../helpers/test-database.ts';
import { qualified, queryRows, type Database, type Tenant } from '../../engine/db/index.ts';

describe('db/query-rows: prepared statements', () => {
  let db: Database;
  let tenant: Tenant;
  let table: string;
  before(async () => {
    ({ db, tenant } = await createTestTenant());
    table = qualified(tenant, 'prepared_probe');
    await queryRows(db.knex, `create table ${table} (id int primary key, label varchar(10))`);
    await queryRows(db.knex, `insert into ${table} values (1, 'one'), (2, 'two')`);
  });
  after(() => dropTestTenant(tenant));

  const byId = (id: number) => queryRows<{ id: number; label: string }>(db.knex, `select id, label from ${table} where id = ?`, [id], { prepare: true });

  it('answers as an unprepared statement does, on every pooled connection', async () => {
    // More concurrent calls than the pool has connections, so several connections prepare it.
    const rows = await Promise.all(Array.from({ length: 30 }, (_, i) => byId((i % 2) + 1)));
    for (const [i, r] of rows.entries()) assert.deepEqual(r, [{ id: (i % 2) + 1, label: (i % 2) + 1 === 1 ? 'one' : 'two' }]);
  });

  it('keeps working after the table changes shape under it (a widened column changes the result type)', async () => {
    await Promise.all(Array.from({ length: 12 }, () => byId(1)));
    await queryRows(db.knex, `alter table ${table} alter column label type varchar(200)`);
    await queryRows(db.knex, `update ${table} set label = ? where id = 1`, ['x'.repeat(150)]);
    const after = await Promise.all(Array.from({ length: 12 }, () => byId(1)));
    for (const r of after) assert.equal(r[0]!.label.length, 150);
  });

  it('reports errors of a prepared statement as engine errors, like any other', async () => {
    await assert.rejects(
      () => queryRows(db.knex, `insert into ${table} (id, label) values (?, ?)`, [1, 'dup'], { prepare: true }),
      (e: Error & { code?: string }) => e.name === 'EngineError',
    );
  });
});
