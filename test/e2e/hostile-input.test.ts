// Input PostgreSQL cannot store, list parameters out of range, blank required text and a full disk: each answers a
// documented 4xx/503 naming the place, never a 500, and changes nothing.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../engine/http/index.ts';
import { shopModel } from '../helpers/shop-model.ts';
import { startTestServer, type Reply, type TestServer } from '../helpers/test-server.ts';

const q = (rule: unknown) => encodeURIComponent(JSON.stringify(rule));

describe('e2e/hostile input', function () {
  this.timeout(60_000);
  let s: TestServer;
  let id: string;
  const state = async () => JSON.stringify((await s.request('GET', '/api/records/account?limit=500&sort=title')).body.data);
  const refused = (r: Reply, status: number, path: string) => {
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.ok(r.body.error.details.some((d: { path?: string }) => d.path === path), `expected a detail at ${path}: ${JSON.stringify(r.body.error.details)}`);
  };

  before(async () => {
    s = await startTestServer(shopModel());
    id = (await s.request('POST', '/api/records/account', { title: 'baseline', credit: 100 })).body.id;
  });
  after(() => s.close());

  describe('text PostgreSQL cannot store: 422 naming the place, nothing changed', () => {
    let snapshot: string;
    before(async () => (snapshot = await state()));
    afterEach(async () => assert.equal(await state(), snapshot, 'the request changed data'));

    const cases: [string, () => Promise<Reply>, string][] = [
      ['NUL in a text field on create', () => s.request('POST', '/api/records/account', { title: 'a\u0000b' }), '/title'],
      ['NUL in multi-line text on update', () => s.request('PATCH', `/api/records/account/${id}`, { notes: 'x\u0000' }), '/notes'],
      ['a lone high surrogate', () => s.request('POST', '/api/records/account', '{"title":"a\\ud800b"}'), '/title'],
      ['a lone low surrogate', () => s.request('POST', '/api/records/account', '{"title":"\\udc00"}'), '/title'],
      ['NUL deep in a json field', () => s.request('POST', '/api/records/account', { title: 'x', extra: { a: ['ok', 'n\u0000'] } }), '/extra/a/1'],
      ['a lone surrogate as a json key', () => s.request('POST', '/api/records/account', '{"title":"x","extra":{"k\\ud800":1}}'), '/extra/k\ud800'],
      ['NUL in a line', () => s.request('POST', '/api/records/deal', { account: id, lines: [{ qty: 1, price: 1, 'q\u0000': 1 }] }), '/lines/0/q\u0000'],
      ['NUL in a bulk operation', () => s.request('POST', '/api/records/account/bulk', { operations: [{ op: 'create', data: { title: '\u0000' } }] }), '/operations/0/data/title'],
      ['NUL in a filter value', () => s.request('GET', `/api/records/account?filter=${q({ '==': [{ var: 'title' }, 'a\u0000'] })}`), 'filter/==/1'],
      ['a lone surrogate in a filter value', () => s.request('GET', `/api/records/account?filter=${encodeURIComponent('{"in":["\\ud800",{"var":"title"}]}')}`), 'filter/in/0'],
      ['NUL in sort', () => s.request('GET', '/api/records/account?sort=title%00'), 'sort'],
      ['NUL in an audit filter', () => s.request('GET', '/api/audit?entity=account%00'), 'entity'],
      ['NUL in the login name', () => s.request('POST', '/api/auth/login', { username: 'admin\u0000', password: 'x' }, { authorization: '' }), '/username'],
      ['NUL in a workflow comment', () => s.request('POST', `/api/records/account/${id}/actions/approve`, { comment: 'ok\u0000' }), '/comment'],
    ];
    for (const [what, send, path] of cases) {
      it(`refuses ${what}`, async () => {
        const r = await send();
        refused(r, 422, path);
        assert.equal(r.body.error.code, 'VALIDATION_FAILED');
      });
    }

    it('names the place in the client\'s language', async () => {
      const r = await s.request('POST', '/api/records/account?lang=en', { title: 'a\u0000' });
      assert.match(r.body.error.details[0].message, /NUL/);
      const zh = await s.request('POST', '/api/records/account', { title: 'a\u0000' });
      assert.match(zh.body.error.details[0].message, /无法保存/);
    });

    it('keeps text with surrogate pairs, other control characters and non-BMP characters', async () => {
      const title = '机床 🛠️ \u0001\u001f tab\there';
      const r = await s.request('POST', '/api/records/account', { title, extra: { emoji: '😀' } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.title, title);
      await s.request('DELETE', `/api/records/account/${r.body.id}`);
    });
  });

  describe('list parameters: every list-like endpoint checks them as the records list does', () => {
    const cases: [string, string, string][] = [
      ['messages: a negative limit', '/api/messages?limit=-1', 'limit'],
      ['messages: a zero limit', '/api/messages?limit=0', 'limit'],
      ['messages: a limit that is not a number', '/api/messages?limit=ten', 'limit'],
      ['messages: a limit given twice', '/api/messages?limit=1&limit=2', 'limit'],
      ['messages: unread that is not a boolean', '/api/messages?unread=yes', 'unread'],
      ['messages: an unknown parameter', '/api/messages?page=2', 'page'],
      ['inbox: an unknown parameter', '/api/inbox?limit=5', 'limit'],
      ['audit: a negative limit', '/api/audit?limit=-1', 'limit'],
      ['audit: a fractional limit', '/api/audit?limit=1.5', 'limit'],
      ['history: a negative limit', `/api/records/account/${'ID'}/history?limit=-1`, 'limit'],
      ['history: an unknown parameter', `/api/records/account/${'ID'}/history?sort=x`, 'sort'],
      ['plugins: an unknown parameter', '/api/admin/plugins?limit=-1', 'limit'],
      ['extensions: an unknown parameter', '/api/admin/extensions?limit=-1', 'limit'],
      ['records: a negative limit', '/api/records/account?limit=-1', 'limit'],
    ];
    for (const [what, path, param] of cases) {
      it(`refuses ${what} with 400 naming "${param}"`, async () => refused(await s.request('GET', path.replace('ID', id)), 400, param));
    }

    it('still takes the parameters it documents, a large limit capped', async () => {
      for (const path of ['/api/messages?limit=100000&unread=true', '/api/messages?lang=en', '/api/inbox', '/api/audit?limit=999999', `/api/records/account/${id}/history?limit=3`]) {
        const r = await s.request('GET', path);
        assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
      }
    });
  });

  describe('required text means a non-blank value; single-line text is trimmed on save', () => {
    for (const [what, title] of [['empty', ''], ['spaces', '   '], ['tabs and line breaks', ' \t\n ']] as const) {
      it(`refuses a ${what} required field on create and on update, nothing changed`, async () => {
        const snapshot = await state();
        refused(await s.request('POST', '/api/records/account', { title }), 422, '/title');
        refused(await s.request('PATCH', `/api/records/account/${id}`, { title }), 422, '/title');
        refused(await s.request('POST', '/api/records/account/bulk', { operations: [{ op: 'update', id, data: { title } }] }), 422, '/operations/0/data/title');
        assert.equal(await state(), snapshot);
      });
    }

    it('says why in the client\'s language', async () => {
      const r = await s.request('POST', '/api/records/account?lang=en', { title: '  ' });
      assert.equal(r.body.error.details.find((d: { path: string }) => d.path === '/title').message, 'is required and cannot be blank');
    });

    it('trims names on create and update, and keeps multi-line text exactly as written', async () => {
      const notes = '  first line\n\n    indented\n  ';
      const created = await s.request('POST', '/api/records/account', { title: '  Acme 机床  ', notes });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.title, 'Acme 机床');
      assert.equal(created.body.notes, notes);
      const updated = await s.request('PATCH', `/api/records/account/${created.body.id}`, { title: '\tAcme  Co\n', version: created.body.version });
      assert.equal(updated.body.title, 'Acme  Co', 'inner spaces are kept');
      await s.request('DELETE', `/api/records/account/${created.body.id}`);
    });
  });

  describe('a full disk', () => {
    // The same app over a database whose health query fails as a full disk makes it fail.
    const failWith = async (error: object, path: string): Promise<Reply> => {
      const failing = Object.assign(new Error('could not extend file "base/16384/2619": No space left on device'), error);
      const knex = new Proxy(s.db.knex, {
        get: (target, prop, receiver) => (prop === 'raw' ? (sql: string, ...rest: unknown[]) => (sql === 'select 1' ? Promise.reject(failing) : target.raw(sql, ...(rest as []))) : Reflect.get(target, prop, receiver)),
      });
      const app = createApp({ db: { ...s.db, knex }, tenant: s.tenant, model: () => s.model });
      const server = await new Promise<Server>((resolve) => {
        const started = app.listen(0, '127.0.0.1', () => resolve(started));
      });
      try {
        const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { headers: { authorization: `Bearer ${s.token}` } });
        return { status: res.status, headers: res.headers, body: await res.json() };
      } finally {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
    };

    for (const [what, error] of [['PostgreSQL disk_full (53100)', { code: '53100' }], ['ENOSPC from the embedded database or a file', { code: 'ENOSPC', errno: -28 }]] as const) {
      it(`answers ${what} with 503 STORAGE_FULL, a message for operators and no driver text`, async () => {
        const r = await failWith(error, '/api/health');
        assert.equal(r.status, 503, JSON.stringify(r.body));
        assert.equal(r.body.error.code, 'STORAGE_FULL');
        assert.match(r.body.error.message, /storage is full.*Operators/);
        assert.doesNotMatch(JSON.stringify(r.body), /base\/16384|No space left/);
      });
    }
  });
});
