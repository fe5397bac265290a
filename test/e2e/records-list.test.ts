import assert from 'node:assert/strict';
import { shopModel } from '../helpers/shop-model.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const q = (rule: unknown) => encodeURIComponent(JSON.stringify(rule));

describe('e2e/records: list with filter, sort, keyset paging, fields, expand and count', () => {
  let s: TestServer;
  const grades = ['A', 'B', 'C'];
  before(async () => {
    s = await startTestServer(shopModel());
    const operations = Array.from({ length: 23 }, (_, i) => ({
      op: 'create',
      data: { title: `客户${String(i).padStart(2, '0')}`, grade: grades[i % 3], credit: i % 5 === 0 ? null : i * 1000, rating: (i % 5) + 1, tags: i % 2 ? ['vip'] : [] },
    }));
    const r = await s.request('POST', '/api/records/account/bulk', { operations });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });
  after(() => s.close());

  it('filters with json-logic and counts exactly', async () => {
    const r = await s.request('GET', `/api/records/account?filter=${q({ and: [{ '==': [{ var: 'grade' }, 'A'] }, { '>=': [{ var: 'credit' }, 3000] }] })}&count=exact`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.data.every((a: { grade: string; credit: number }) => a.grade === 'A' && a.credit >= 3000));
    assert.equal(r.body.count, r.body.data.length);
    assert.equal(r.body.count, 6);
  });

  it('filters on multi-select membership and text containment', async () => {
    const vip = await s.request('GET', `/api/records/account?filter=${q({ in: ['vip', { var: 'tags' }] })}&count=exact`);
    assert.equal(vip.body.count, 11);
    const text = await s.request('GET', `/api/records/account?filter=${q({ contains: [{ var: 'title' }, '客户1'] })}&count=exact`);
    assert.equal(text.body.count, 10);
  });

  it('pages through every row exactly once with keyset cursors under a mixed sort with nulls', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: { data: { id: string }[]; next_cursor: string | null } } = await s.request(
        'GET',
        `/api/records/account?sort=-credit,title&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      assert.equal(r.status, 200);
      seen.push(...r.body.data.map((a) => a.id));
      cursor = r.body.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    const all = await s.request('GET', '/api/records/account?sort=-credit,title&limit=500');
    assert.deepEqual(seen, all.body.data.map((a: { id: string }) => a.id));
    assert.equal(new Set(seen).size, 23);
    const credits = all.body.data.map((a: { credit: number | null }) => a.credit);
    assert.deepEqual(credits.slice(0, 5), [null, null, null, null, null], 'descending puts empty values first');
  });

  it('pages exactly by keys the row carries itself (integer, enum, text: no keyset column), in both directions', async () => {
    for (const sort of ['rating,-grade,title', '-rating,grade', 'title']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r: { body: { data: Record<string, unknown>[]; next_cursor: string | null } } = await s.request('GET', `/api/records/account?sort=${sort}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.ok(r.body.data.every((row) => !('__keyset' in row)));
        seen.push(...r.body.data.map((a) => String(a.id)));
        cursor = r.body.next_cursor;
      } while (cursor && seen.length < 100);
      const all = await s.request('GET', `/api/records/account?sort=${sort}&limit=500`);
      assert.deepEqual(seen, all.body.data.map((a: { id: string }) => a.id), sort);
    }
  });

  it('pages in the default order (newest first) with only some fields, rows created in one transaction included', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { body: { data: { id: string }[]; next_cursor: string | null } } = await s.request('GET', `/api/records/account?fields=title&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.deepEqual(Object.keys(r.body.data[0]!).sort(), ['id', 'title', 'version']);
      seen.push(...r.body.data.map((a) => a.id));
      cursor = r.body.next_cursor;
    } while (cursor && seen.length < 100);
    assert.equal(seen.length, 23);
    assert.equal(new Set(seen).size, 23);
  });

  it('returns only the requested fields, plus id and version', async () => {
    const r = await s.request('GET', '/api/records/account?fields=title,grade&limit=1');
    assert.deepEqual(Object.keys(r.body.data[0]).sort(), ['grade', 'id', 'title', 'version']);
  });

  it('estimates a count without scanning when asked', async () => {
    const r = await s.request('GET', '/api/records/account?count=estimated&limit=1');
    assert.equal(typeof r.body.count, 'number');
  });

  it('expands references and lines in the same response', async () => {
    const account = (await s.request('GET', '/api/records/account?limit=1')).body.data[0];
    const deal = (await s.request('POST', '/api/records/deal', { title: 'exp', account: account.id, lines: [{ title: 'l1', qty: 1, price: 5 }] })).body;
    const r = await s.request('GET', `/api/records/deal?expand=account,lines&filter=${q({ '==': [{ var: 'id' }, deal.id] })}`);
    assert.equal(r.body.data[0].account.id, account.id);
    assert.equal(r.body.data[0].account.title, account.title);
    assert.equal(r.body.data[0].lines[0].amount, 5);
    assert.match(r.body.data[0].lines[0].created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
