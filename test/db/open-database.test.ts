import assert from 'node:assert/strict';
import { createTestTenant, dropTestTenant } from '../helpers/test-database.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';

describe('db/open-database', () => {
  let db: Database;
  let tenant: Tenant;
  before(async () => ({ db, tenant } = await createTestTenant()));
  after(() => dropTestTenant(tenant));

  it('returns numbers, dates and timestamps in the API shape on either driver', async () => {
    const r = await db.knex.raw(
      `select 12.50::numeric as n, 7::int8 as b, '2024-02-29'::date as d, '2024-01-02T03:04:05.678Z'::timestamptz as ts`,
    );
    assert.deepEqual(r.rows[0], { n: 12.5, b: 7, d: '2024-02-29', ts: '2024-01-02T03:04:05.678Z' });
  });
});
