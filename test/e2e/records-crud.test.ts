import assert from 'node:assert/strict';
import { shopModel } from '../helpers/shop-model.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('e2e/records: create, read, update, delete', () => {
  let s: TestServer;
  before(async () => (s = await startTestServer(shopModel())));
  after(() => s.close());

  it('creates a record with defaults and system fields, and reads it back', async () => {
    const r = await s.request('POST', '/api/records/account', { title: '华东精机', credit: 500000.5, since: '2024-02-29', tags: ['vip'], met_at: '2026-01-02T10:00:00+08:00' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.grade, 'B');
    assert.equal(r.body.active, true);
    assert.equal(r.body.credit, 500000.5);
    assert.equal(r.body.since, '2024-02-29');
    assert.equal(r.body.met_at, '2026-01-02T02:00:00.000Z');
    assert.deepEqual(r.body.tags, ['vip']);
    assert.equal(r.body.version, 1);
    assert.match(r.body.id, /^[0-9a-f-]{36}$/);
    assert.match(r.headers.get('location')!, new RegExp(`/api/records/account/${r.body.id}$`));
    const got = await s.request('GET', `/api/records/account/${r.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, r.body);
  });

  it('updates with the current version, bumps it, and refuses a stale one with 409 and nothing written', async () => {
    const created = (await s.request('POST', '/api/records/account', { title: 'A' })).body;
    const ok = await s.request('PATCH', `/api/records/account/${created.id}`, { title: 'B', version: 1 });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version, 2);
    assert.equal(ok.body.title, 'B');
    const stale = await s.request('PATCH', `/api/records/account/${created.id}`, { title: 'C', version: 1 });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'VERSION_CONFLICT');
    const viaHeader = await s.request('PATCH', `/api/records/account/${created.id}`, { title: 'D' }, { 'if-match': '"1"' });
    assert.equal(viaHeader.status, 409);
    assert.equal((await s.request('GET', `/api/records/account/${created.id}`)).body.title, 'B');
  });

  it('lets exactly one of two concurrent updates with the same version win', async () => {
    const created = (await s.request('POST', '/api/records/account', { title: 'race' })).body;
    const results = await Promise.all(
      ['x', 'y'].map((title) => s.request('PATCH', `/api/records/account/${created.id}`, { title, version: created.version })),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    const final = (await s.request('GET', `/api/records/account/${created.id}`)).body;
    assert.equal(final.version, 2);
  });

  it('clears an optional enum with null and still refuses a code that is not an option', async () => {
    const created = (await s.request('POST', '/api/records/account', { title: 'E', grade: 'A' })).body;
    const bad = await s.request('PATCH', `/api/records/account/${created.id}`, { grade: 'Z', version: 1 });
    assert.equal(bad.status, 422, JSON.stringify(bad.body));
    assert.equal(bad.body.error.details[0].path, '/grade');
    const cleared = await s.request('PATCH', `/api/records/account/${created.id}`, { grade: null, version: 1 });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.equal(cleared.body.grade, null);
  });

  it('deletes a record, then answers 404 for it', async () => {
    const created = (await s.request('POST', '/api/records/account', { title: 'gone' })).body;
    assert.equal((await s.request('DELETE', `/api/records/account/${created.id}`)).status, 204);
    assert.equal((await s.request('GET', `/api/records/account/${created.id}`)).status, 404);
    assert.equal((await s.request('DELETE', `/api/records/account/${created.id}`)).status, 404);
  });

  it('honours on-delete policies: restrict refuses with 409, set null clears, cascade removes lines', async () => {
    const parent = (await s.request('POST', '/api/records/account', { title: 'parent' })).body;
    const child = (await s.request('POST', '/api/records/account', { title: 'child', parent: parent.id })).body;
    const deal = (await s.request('POST', '/api/records/deal', { title: 'd', account: parent.id, lines: [{ title: 'l', qty: 1, price: 2 }] })).body;
    const refused = await s.request('DELETE', `/api/records/account/${parent.id}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.details[0].info.referencedBy, 'deal');
    assert.equal((await s.request('DELETE', `/api/records/deal/${deal.id}`)).status, 204);
    const lines = await s.request('GET', `/api/records/deal_line?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'deal' }, deal.id] }))}`);
    assert.deepEqual(lines.body.data, []);
    assert.equal((await s.request('DELETE', `/api/records/account/${parent.id}`)).status, 204);
    assert.equal((await s.request('GET', `/api/records/account/${child.id}`)).body.parent, null);
  });

  it('writes lines with their parent in one transaction, computes formulas, and replaces lines as a set', async () => {
    const account = (await s.request('POST', '/api/records/account', { title: 'lines' })).body;
    const created = await s.request('POST', '/api/records/deal', {
      title: 'CK6150 ×2',
      account: account.id,
      lines: [
        { title: '数控车床 CK6150', qty: 2, price: 185000 },
        { title: '安装调试', qty: 1, price: 8000.5 },
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.lines.map((l: { title: string; amount: number }) => [l.title, l.amount]), [
      ['数控车床 CK6150', 370000],
      ['安装调试', 8000.5],
    ]);
    const [first] = created.body.lines;
    const patched = await s.request('PATCH', `/api/records/deal/${created.body.id}`, { lines: [{ id: first.id, qty: 3 }, { title: '培训', qty: 1, price: 100 }] });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual(patched.body.lines.map((l: { title: string; amount: number }) => [l.title, l.amount]), [
      ['数控车床 CK6150', 555000],
      ['培训', 100],
    ]);
    assert.deepEqual([patched.body.lines_total, patched.body.line_count], [555100, 2], 'rollups follow the lines');
    assert.deepEqual([created.body.lines_total, created.body.line_count], [378000.5, 2]);
    const badLine = await s.request('POST', '/api/records/deal', { title: 'x', account: account.id, lines: [{ title: 'ok', qty: 1, price: 1 }, { title: 'bad', qty: 'two', price: 1 }] });
    assert.equal(badLine.status, 422);
    assert.equal(badLine.body.error.details[0].path, '/lines/1/qty');
  });

  it('numbers records gap-free and unique under 50 concurrent creates', async () => {
    const account = (await s.request('POST', '/api/records/account', { title: 'numbers' })).body;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => s.request('POST', '/api/records/deal', { title: `deal ${i}`, account: account.id })));
    assert.ok(results.every((r) => r.status === 201), JSON.stringify(results.find((r) => r.status !== 201)?.body));
    const numbers = results.map((r) => r.body.number as string).sort();
    const seqs = numbers.map((n) => Number(n.split('-')[2]));
    assert.equal(new Set(numbers).size, 50);
    const min = Math.min(...seqs);
    assert.deepEqual(seqs, Array.from({ length: 50 }, (_, i) => min + i));
    assert.match(numbers[0]!, /^D-\d{6}-\d{4}$/);
  });

  it('keeps many-to-many links as id arrays and expands them', async () => {
    const a = (await s.request('POST', '/api/records/account', { title: 'rival a' })).body;
    const b = (await s.request('POST', '/api/records/account', { title: 'rival b' })).body;
    const deal = (await s.request('POST', '/api/records/deal', { title: 'm2m', account: a.id, rivals: [a.id, b.id] })).body;
    assert.deepEqual([...deal.rivals].sort(), [a.id, b.id].sort());
    const expanded = await s.request('GET', `/api/records/deal/${deal.id}?expand=rivals,account`);
    assert.deepEqual(expanded.body.rivals.map((r: { title: string }) => r.title).sort(), ['rival a', 'rival b']);
    assert.equal(expanded.body.account.title, 'rival a');
    const unknownTarget = await s.request('PATCH', `/api/records/deal/${deal.id}`, { rivals: ['00000000-0000-4000-8000-000000000000'] });
    assert.equal(unknownTarget.status, 422);
  });

  it('applies cross-field rules with the message in the request language', async () => {
    const a = (await s.request('POST', '/api/records/account', { title: 'rules' })).body;
    const zh = await s.request('POST', '/api/records/deal', { title: 'r', account: a.id, start_date: '2026-05-01', close_date: '2026-04-01' });
    assert.equal(zh.status, 422);
    assert.deepEqual(zh.body.error.details[0], { path: '/close_date', message: '结束日期不能早于开始日期', info: { rule: 'close_after_start' } });
    const en = await s.request('POST', '/api/records/deal?lang=en', { title: 'r', account: a.id, start_date: '2026-05-01', close_date: '2026-04-01' });
    assert.equal(en.body.error.details[0].message, 'Close date must not be before start date');
  });

  it('runs bulk operations all-or-nothing and names the failing operation', async () => {
    const before = (await s.request('GET', '/api/records/account?count=exact&limit=1')).body.count;
    const failed = await s.request('POST', '/api/records/account/bulk', { operations: [{ op: 'create', data: { title: 'bulk 1' } }, { op: 'create', data: { title: 'bulk 2', rating: 9 } }] });
    assert.equal(failed.status, 422);
    assert.equal(failed.body.error.details[0].path, '/operations/1/data/rating');
    assert.equal((await s.request('GET', '/api/records/account?count=exact&limit=1')).body.count, before);
    const ok = await s.request('POST', '/api/records/account/bulk', { operations: [{ op: 'create', data: { title: 'bulk 1' } }, { op: 'create', data: { title: 'bulk 2' } }] });
    assert.equal(ok.status, 200);
    const [one] = ok.body.results;
    const mixed = await s.request('POST', '/api/records/account/bulk', { operations: [{ op: 'update', id: one.id, version: 1, data: { rating: 4 } }, { op: 'delete', id: ok.body.results[1].id }] });
    assert.equal(mixed.status, 200, JSON.stringify(mixed.body));
    assert.equal((await s.request('GET', `/api/records/account/${one.id}`)).body.rating, 4);
  });
});
