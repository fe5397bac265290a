import assert from 'node:assert/strict';
import { shopModel } from '../helpers/shop-model.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const q = (rule: unknown) => encodeURIComponent(JSON.stringify(rule));

describe('e2e/records: bad requests get the documented 4xx and change nothing', () => {
  let s: TestServer;
  let id: string;
  let snapshot: string;
  const state = async () => JSON.stringify((await s.request('GET', '/api/records/account?limit=500&sort=title')).body.data);

  before(async () => {
    s = await startTestServer(shopModel());
    id = (await s.request('POST', '/api/records/account', { title: 'baseline', credit: 100 })).body.id;
    snapshot = await state();
  });
  afterEach(async () => assert.equal(await state(), snapshot, 'the request changed data'));
  after(() => s.close());

  const cases: [string, () => Promise<{ status: number; body: { error: { code: string; details: { path?: string }[] } } }>, number, string?][] = [
    ['malformed JSON', () => s.request('POST', '/api/records/account', '{"title": "x",'), 400],
    ['a body that is not JSON', () => s.request('POST', '/api/records/account', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' }), 400],
    ['an unknown field', () => s.request('POST', '/api/records/account', { title: 'x', colour: 'red' }), 422, '/colour'],
    ['a system field (owner)', () => s.request('POST', '/api/records/account', { title: 'x', owner: '00000000-0000-4000-8000-000000000000' }), 422, '/owner'],
    ['a system field (created_by) on update', () => s.request('PATCH', `/api/records/account/${id}`, { created_by: '00000000-0000-4000-8000-000000000000' }), 422, '/created_by'],
    ['writing the version as a field on create', () => s.request('POST', '/api/records/account', { title: 'x', version: 7 }), 422, '/version'],
    ['a wrong type', () => s.request('POST', '/api/records/account', { title: 'x', rating: 'five' }), 422, '/rating'],
    ['a number beyond double range (1e309)', () => s.request('POST', '/api/records/account', '{"title":"x","credit":1e309}'), 400],
    ['an impossible date (2024-02-30)', () => s.request('POST', '/api/records/account', { title: 'x', since: '2024-02-30' }), 422, '/since'],
    ['too many decimals for money', () => s.request('POST', '/api/records/account', { title: 'x', credit: 1.234 }), 422, '/credit'],
    ['a missing required field', () => s.request('POST', '/api/records/account', { grade: 'A' }), 422, '/title'],
    ['an enum value that is not an option', () => s.request('POST', '/api/records/account', { title: 'x', grade: 'Z' }), 422, '/grade'],
    ['a __proto__ key', () => s.request('POST', '/api/records/account', '{"title":"x","__proto__":{"admin":true}}'), 400],
    ['a nested constructor key', () => s.request('POST', '/api/records/account', '{"title":"x","extra":{"constructor":{"prototype":{}}}}'), 400],
    ['a 50 MB body', () => s.request('POST', '/api/records/account', JSON.stringify({ title: 'x', notes: 'x'.repeat(50 * 1024 * 1024) })), 413],
    ['a filter on an unknown field', () => s.request('GET', `/api/records/account?filter=${q({ '==': [{ var: 'password' }, 'x'] })}`), 400, 'filter/==/0/var'],
    ['a filter with an unknown operator', () => s.request('GET', `/api/records/account?filter=${q({ regexp: [{ var: 'title' }, '.*'] })}`), 400, 'filter/regexp'],
    ['a filter that is not JSON', () => s.request('GET', '/api/records/account?filter=%7Bnope'), 400, 'filter'],
    ['a filter reaching for a prototype', () => s.request('GET', `/api/records/account?filter=${q({ '==': [{ var: '__proto__.polluted' }, 1] })}`), 400],
    ['an SQL injection in sort', () => s.request('GET', `/api/records/account?sort=${encodeURIComponent('name;drop table x')}`), 400, 'sort'],
    ['sorting by an unknown field', () => s.request('GET', '/api/records/account?sort=-nope'), 400, 'sort'],
    ['a tampered cursor', () => s.request('GET', '/api/records/account?cursor=eyJvIjoiLWNyZWF0ZWRfYXQsaWQiLCJ2IjpbbnVsbCwiMCJdfQ.AAAA'), 400, 'cursor'],
    ['a limit that is not a number', () => s.request('GET', '/api/records/account?limit=ten'), 400, 'limit'],
    ['an unknown query parameter', () => s.request('GET', '/api/records/account?filters=x'), 400, 'filters'],
    ['a repeated parameter', () => s.request('GET', '/api/records/account?sort=title&sort=grade'), 400, 'sort'],
    ['expanding a plain field', () => s.request('GET', '/api/records/account?expand=title'), 400, 'expand'],
    ['an unknown entity', () => s.request('GET', '/api/records/nope'), 404],
    ['an id that is not a uuid', () => s.request('GET', '/api/records/account/1%20or%201=1'), 404],
    ['an If-Match that is not a version', () => s.request('PATCH', `/api/records/account/${id}`, { title: 'x' }, { 'if-match': 'abc' }), 400],
    ['a bulk body without operations', () => s.request('POST', '/api/records/account/bulk', { ops: [] }), 400],
  ];

  for (const [what, send, status, path] of cases) {
    it(`refuses ${what} with ${status}`, async () => {
      const r = await send();
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.ok(r.body.error?.code, 'error body has a code');
      if (path) assert.ok(r.body.error.details.some((d) => d.path === path), `expected a detail at ${path}: ${JSON.stringify(r.body.error.details)}`);
    });
  }

  it('keeps a tampered cursor from working even with a valid-looking signature length', async () => {
    const page = await s.request('GET', '/api/records/account?limit=1');
    assert.equal(page.body.next_cursor, null);
    const body = Buffer.from(JSON.stringify({ o: '-created_at,id', v: [null, id] })).toString('base64url');
    const r = await s.request('GET', `/api/records/account?cursor=${body}.${'A'.repeat(43)}`);
    assert.equal(r.status, 400);
  });
});
