import assert from 'node:assert/strict';
import { shopModel } from '../helpers/shop-model.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// Two bulk writes over the same records, listed in opposite orders, used to deadlock on PostgreSQL (one of the two
// answered 503). PGlite is one connection, so there they run one after the other; the test holds on both.
describe('e2e/records: concurrent bulk writes over the same records', () => {
  let s: TestServer;
  before(async () => (s = await startTestServer(shopModel())));
  after(() => s.close());

  it('both succeed when two bulk updates touch the same records in opposite order', async function () {
    this.timeout(60_000);
    for (let round = 0; round < 4; round++) {
      const created = await s.request('POST', '/api/records/account/bulk', { operations: Array.from({ length: 8 }, (_, i) => ({ op: 'create', data: { title: `deadlock ${round}-${i}` } })) });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const ids: string[] = created.body.results.map((r: { id: string }) => r.id);
      const update = (order: string[], rating: number) => s.request('POST', '/api/records/account/bulk', { operations: order.map((id) => ({ op: 'update', id, data: { rating } })) });
      const [forward, backward] = await Promise.all([update(ids, 2), update([...ids].reverse(), 3)]);
      assert.deepEqual([forward.status, backward.status], [200, 200], JSON.stringify([forward.body, backward.body]));
      const list = await s.request('GET', `/api/records/account?filter=${encodeURIComponent(JSON.stringify({ in: [{ var: 'id' }, ids] }))}&fields=id,rating,version`);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      // All-or-nothing and serialised: every record saw both updates, and all end on the same one's value.
      assert.deepEqual(new Set(list.body.data.map((r: { version: number }) => r.version)), new Set([3]));
      assert.equal(new Set(list.body.data.map((r: { rating: number }) => r.rating)).size, 1);
    }
  });
});
