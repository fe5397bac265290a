// Every route that takes an id or a name in its path (read from the routers themselves, so a new route is fuzzed
// without editing this file), and every body or query field that carries ids, gets malformed values: none may answer
// 500, and no answer may carry SQL, table names or a stack trace. Runs on the real server with the demo company and
// the admin API, so every router is live.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPluginRoot, PROJECT_ROOT } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

const FUZZ: [label: string, inUrl: string, value: string][] = [
  ['not a uuid', 'not-a-uuid', 'not-a-uuid'],
  ['36 dashes', '-'.repeat(36), '-'.repeat(36)],
  ['a uuid with a bad digit', '00000000-0000-4000-8000-00000000000g', '00000000-0000-4000-8000-00000000000g'],
  ['a huge id', 'a'.repeat(6000), 'a'.repeat(6000)],
  ['unicode', encodeURIComponent('客户-编号-💥'), '客户-编号-💥'],
  ['NUL', 'a%00b', 'a\u0000b'],
  ['a lone surrogate', '%ED%A0%80', '\ud800'],
  ['a path climbing out', encodeURIComponent('../../etc/passwd'), '../../etc/passwd'],
  ['SQL quotes', encodeURIComponent("1' or '1'='1"), "1' or '1'='1"],
  ['SQL statement', encodeURIComponent('1; drop table crm_audit; --'), '1; drop table crm_audit; --'],
  ['JSON-ish', encodeURIComponent('{"$ne":null}'), '{"$ne":null}'],
];

// Driver text (SQL, relations, casts), our own table prefixes, and stack frames.
const LEAKS = [/\b(select|insert into|update|delete from)\b[\s\S]*\b(from|where|set|values|returning)\b/i, /\bcrm_(?!audit; --)[a-z_]+/, /\bapp_user\b/, /invalid input syntax|relation "|violates|column "|\bpg_|syntax error at/i, /\n\s+at |\.ts:\d+:\d+|node:internal/];

/** [method, full path] of every route in engine/http's routers, with the prefix create-app mounts each under. */
function routes(): [string, string][] {
  const http = join(PROJECT_ROOT, 'engine/http');
  const app = readFileSync(join(http, 'create-app.ts'), 'utf8');
  const prefixOf = new Map<string, string>();
  for (const m of app.matchAll(/api\.use\((?:'([^']+)',\s*)?(\w+Router)\(state\)\)/g)) prefixOf.set(m[2]!, m[1] ?? '');
  const found: [string, string][] = [];
  for (const file of readdirSync(http).filter((f) => f.endsWith('-router.ts'))) {
    const source = readFileSync(join(http, file), 'utf8');
    const name = /export function (\w+Router)\(/.exec(source)?.[1];
    if (!name || !prefixOf.has(name)) continue;
    for (const m of source.matchAll(/router\.(get|post|put|patch|delete)\('([^']+)'/g)) found.push([m[1]!.toUpperCase(), `/api${prefixOf.get(name)}${m[2]}`]);
  }
  return found;
}

describe('e2e/fuzzed ids: malformed ids on every route answer 4xx without SQL, table names or stack traces', function () {
  this.timeout(180_000);
  let app: PluginServer;
  let customerId: string;

  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: ['spare-parts'] }));
    customerId = (await app.sql<{ id: string }>(`select id from ${app.table('customer')} limit 1`))[0]!.id;
  });
  after(() => app?.close());

  const check = async (what: string, method: string, path: string, body?: unknown, accept2xx = false) => {
    const r = await app.send(method, path, body);
    const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    const ok = accept2xx ? r.status < 500 : r.status >= 400 && r.status < 500;
    assert.ok(ok, `${what}: ${method} ${path.slice(0, 120)} answered ${r.status} ${text.slice(0, 300)}`);
    if (r.status >= 400) {
      assert.ok(r.body?.error?.code, `${what}: an error body with a code`);
      for (const leak of LEAKS) assert.doesNotMatch(text, leak, `${what}: ${method} ${path.slice(0, 120)} leaks ${text.slice(0, 300)}`);
    }
  };

  it('finds the routes that take path parameters in the routers', () => {
    const withParams = routes().filter(([, path]) => path.includes(':'));
    assert.ok(withParams.length >= 12, JSON.stringify(withParams));
    for (const expected of ['/api/records/:entity/:id', '/api/records/:entity/:id/history', '/api/records/:entity/:id/actions/:action', '/api/users/:id/password', '/api/admin/plugins/:name/:action']) {
      assert.ok(withParams.some(([, p]) => p === expected), expected);
    }
  });

  it('answers every path parameter of every route with a 4xx and no leak', async () => {
    // The other parameters hold real values, so only the fuzzed one is wrong; an action is one no flow has.
    const real: Record<string, string> = { entity: 'customer', id: customerId, action: 'no_such_action', name: 'spare-parts' };
    await app.get('/api/records/customer?limit=1'); // the cursor secret is made on first use, not by a fuzzed request
    const before = await app.state();
    for (const [method, template] of routes().filter(([, p]) => p.includes(':'))) {
      const params = [...template.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      for (const fuzzed of params) {
        for (const [label, inUrl] of FUZZ) {
          const path = template.replace(/:(\w+)/g, (_, p: string) => (p === fuzzed ? inUrl : real[p] ?? inUrl));
          await check(`${fuzzed} = ${label}`, method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
        }
      }
    }
    assert.deepEqual(await app.state(), before, 'a fuzzed request changed data');
  });

  it('answers ids in bodies and query parameters with a 4xx and no leak', async () => {
    await app.get('/api/records/customer?limit=1'); // the cursor secret is made on first use, not by a fuzzed request
    const before = await app.state();
    for (const [label, inUrl, value] of FUZZ) {
      await check(`messages/read ${label}`, 'POST', '/api/messages/read', { ids: [value] });
      await check(`handover ${label}`, 'POST', '/api/handover', { from: value, to: [value] });
      await check(`assign ${label}`, 'POST', `/api/records/customer/${customerId}/assign`, { owner: value });
      await check(`bulk ${label}`, 'POST', '/api/records/customer/bulk', { operations: [{ op: 'update', id: value, data: {} }] });
      await check(`bulk assign ${label}`, 'POST', '/api/records/customer/bulk', { operations: [{ op: 'assign', id: customerId, owner: value }] });
      await check(`audit record_id ${label}`, 'GET', `/api/audit?record_id=${inUrl}`);
      await check(`audit actor_id ${label}`, 'GET', `/api/audit?actor_id=${inUrl}`);
      await check(`ref field ${label}`, 'POST', '/api/records/contact', { name: 'x', customer: value });
      await check(`filter on id ${label}`, 'GET', `/api/records/customer?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'id' }, value] }))}`, undefined, true);
      await check(`cursor ${label}`, 'GET', `/api/records/customer?cursor=${inUrl}`);
      await check(`user password ${label}`, 'POST', `/api/users/${inUrl}/password`, { password: 'x'.repeat(12) });
    }
    assert.deepEqual(await app.state(), before, 'a fuzzed request changed data');
  });
});
