// Operations surface over HTTP: request logs, Prometheus metrics, readiness and the API docs page.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { openDatabase, quoteIdent, type Database } from '../../engine/db/index.ts';
import { createApp } from '../../engine/http/index.ts';
import { createLogger } from '../../engine/observe/index.ts';
import { runEngineMigrations } from '../../engine/schema/index.ts';
import { shopModel } from '../helpers/shop-model.ts';
import { testDatabaseKind } from '../helpers/test-database.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** The value of one sample in Prometheus exposition text (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return 0;
}

async function listen(app: ReturnType<typeof createApp>): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('http/observability', () => {
  let s: TestServer;
  const lines: Record<string, unknown>[] = [];
  const capture = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  before(async () => {
    s = await startTestServer(shopModel(), 'obs', {
      logger: createLogger({ level: 'info', destination: capture }),
      runLocal: async () => {
        throw new Error('the disk caught fire');
      },
    });
  });
  after(() => s.close());

  it('logs one line per request with request id, user id, route pattern, method, status and duration, and no URL, token or filter', async () => {
    lines.length = 0;
    const created = await s.request('POST', '/api/records/account', { title: '华东机床' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'title' }, '华东机床'] }));
    const listed = await s.request('GET', `/api/records/account?filter=${filter}`);
    assert.equal(listed.status, 200);
    const got = await s.request('GET', `/api/records/account/${created.body.id}`);
    assert.equal(got.status, 200);
    const line = lines.find((l) => l.reqId === got.headers.get('x-request-id'));
    assert.ok(line, JSON.stringify(lines));
    assert.equal(line.route, '/api/records/:entity/:id');
    assert.equal(line.method, 'GET');
    assert.equal(line.status, 200);
    assert.equal(typeof line.durationMs, 'number');
    assert.equal(typeof line.userId, 'string');
    assert.equal(lines.filter((l) => l.reqId === got.headers.get('x-request-id')).length, 1, 'one line per request');
    const text = JSON.stringify(lines);
    assert.ok(!text.includes(s.token), 'no session token');
    assert.ok(!text.includes('华东机床') && !text.includes('filter'), 'no filter values or bodies');
    assert.ok(!text.includes(String(created.body.id)), 'no record ids from the URL');
  });

  it('logs a failed sign-in without the username', async () => {
    lines.length = 0;
    const r = await s.request('POST', '/api/auth/login', { username: 'zhang.wei.private', password: 'wrong-password' }, { authorization: '' });
    assert.equal(r.status, 401);
    const line = lines.find((l) => l.reqId === r.headers.get('x-request-id'));
    assert.equal(line?.route, '/api/auth/login');
    assert.ok(!JSON.stringify(lines).includes('zhang.wei.private'));
  });

  it('logs an unexpected error with the request id its error body shows', async () => {
    lines.length = 0;
    const r = await s.request('POST', '/api/local/run', { operation: 'anything', args: {} }, { 'x-crm-admin-token': 'test-admin-token' });
    assert.equal(r.status, 500);
    assert.equal(r.body.error.code, 'INTERNAL_ERROR');
    const id = /request ([\w.-]+)\)/.exec(r.body.error.message)?.[1];
    assert.ok(id, r.body.error.message);
    assert.ok(!r.body.error.message.includes('disk'), 'the cause stays in the log');
    const mine = lines.filter((l) => l.reqId === id);
    const error = mine.find((l) => l.msg === 'unexpected error') as { err?: { message?: string } } | undefined;
    assert.equal(error?.err?.message, 'the disk caught fire');
    const request = mine.find((l) => l.msg === 'request');
    assert.equal(request?.status, 500);
    assert.equal(request?.route, '/api/local/run');
  });

  it('serves Prometheus metrics without sign-in, and the request counters move', async () => {
    const labels = { route: '/api/records/:entity', method: 'GET', status_class: '2xx' };
    const before = await s.request('GET', '/metrics', undefined, { authorization: '' });
    assert.equal(before.status, 200);
    assert.match(before.headers.get('content-type') ?? '', /^text\/plain/);
    await s.request('GET', '/api/records/account');
    await s.request('GET', '/api/records/account?limit=1');
    const after = (await s.request('GET', '/metrics', undefined, { authorization: '' })).body as string;
    assert.equal(sample(after, 'crm_http_requests_total', labels) - sample(before.body, 'crm_http_requests_total', labels), 2);
    assert.equal(sample(after, 'crm_http_request_duration_seconds_count', labels) - sample(before.body, 'crm_http_request_duration_seconds_count', labels), 2);
    assert.ok(sample(after, 'crm_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' }) >= 2);
    assert.ok(!/route="\/api\/records\/account"/.test(after), 'labels are route patterns, not URLs');
    assert.ok(sample(after, 'crm_db_pool_connections', { state: 'total' }) >= 1);
    assert.match(after, /^crm_jobs_due \d+$/m);
    assert.match(after, /^crm_jobs_lag_seconds \d+(\.\d+)?$/m);
    assert.equal(sample(after, 'crm_model_info', { version: s.model.version }), 1);
    assert.match(after, /^crm_model_reloads_total \d+$/m);
    assert.ok(sample(after, 'process_cpu_user_seconds_total') > 0, 'process default metrics');
  });

  it('counts due jobs and their lag', async () => {
    const table = `${quoteIdent(s.tenant.schema)}.crm_job`;
    await s.db.knex.raw(`insert into ${table} (kind, key, due_at, payload) values ('test', 'obs-late', now() - interval '90 seconds', '{}'), ('test', 'obs-later', now() + interval '1 day', '{}')`);
    const text = (await s.request('GET', '/metrics')).body as string;
    assert.equal(sample(text, 'crm_jobs_due'), 1);
    assert.ok(sample(text, 'crm_jobs_lag_seconds') >= 90);
    await s.db.knex.raw(`delete from ${table} where key like 'obs-%'`);
  });

  it('asks for METRICS_TOKEN as a bearer token when one is set', async () => {
    const app = createApp({ db: s.db, tenant: s.tenant, model: () => s.model, metricsToken: 'scrape-secret' });
    const server = await listen(app);
    try {
      assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
      assert.equal((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-secret!' } })).status, 401);
      const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } });
      assert.equal(ok.status, 200);
      assert.match(await ok.text(), /crm_http_requests_total/);
    } finally {
      await server.close();
    }
  });

  it('serves the API docs page and its assets from this server only, without sign-in', async () => {
    const page = await fetch(`${s.url}/api/docs`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(refs.length >= 4, html);
    assert.ok(!/https?:\/\//.test(html), 'no asset from another host');
    for (const ref of refs) {
      assert.match(ref, /^\/api\/docs\//);
      const asset = await fetch(s.url + ref);
      assert.equal(asset.status, 200, ref);
      assert.ok((await asset.arrayBuffer()).byteLength > 0, ref);
    }
    const init = await (await fetch(`${s.url}/api/docs/init.js`)).text();
    assert.match(init, /url: '\/api\/openapi\.json'/);
    assert.equal((await fetch(`${s.url}/api/docs/package.json`)).status, 404, 'only the viewer\'s assets are served');
  });
});

describe('http/readiness', () => {
  let db: Database;
  const schema = `ready_${Date.now().toString(36)}`;
  before(async () => {
    db = await openDatabase({ url: testDatabaseKind() === 'postgres' ? process.env.TEST_DATABASE_URL : undefined });
  });

  it('is ready only when the database answers and the engine migrations have run', async () => {
    const tenant = { schema };
    await db.knex.raw(`create schema ${quoteIdent(schema)}`);
    const server = await listen(createApp({ db, tenant, model: () => shopModel() }));
    try {
      const pending = await fetch(`${server.url}/api/ready`);
      assert.equal(pending.status, 503);
      const body = (await pending.json()) as { checks: { database: string; migrations: string } };
      assert.equal(body.checks.database, 'ok');
      assert.match(body.checks.migrations, /^pending: 001_engine_tables\.ts/);

      await runEngineMigrations(db.knex, tenant);
      const ready = await fetch(`${server.url}/api/ready`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
      assert.equal((await fetch(`${server.url}/api/health`)).status, 200, 'liveness unchanged');

      await db.knex.raw(`drop schema ${quoteIdent(schema)} cascade`);
      await db.close();
      const down = await fetch(`${server.url}/api/ready`);
      assert.equal(down.status, 503);
      assert.deepEqual(await down.json(), { status: 'not ready', checks: { database: 'unreachable', migrations: 'unknown' } });
    } finally {
      await server.close();
    }
  });
});
