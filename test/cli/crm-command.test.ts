import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { testDatabaseKind } from '../helpers/test-database.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'engine/cli/main.ts');

describe('cli/crm: serve, schema plan|apply, seed demo', function () {
  this.timeout(120_000);
  let work: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'crm-cli-'));
    cpSync(join(ROOT, 'metadata'), join(work, 'metadata'), { recursive: true });
    env = { ...process.env, CRM_ROOT: work, DATA_DIR: join(work, 'data'), PORT: '0', HOST: '127.0.0.1', CRM_SCHEMA: `cli_${randomBytes(4).toString('hex')}` };
    delete env.DATABASE_URL;
    if (testDatabaseKind() === 'postgres') env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const crm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, encoding: 'utf8', timeout: 90_000 });

  function serve(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
      child.stdout!.on('data', () => {
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve({ child, url: m[1]!.replace('localhost', '127.0.0.1'), output: () => out });
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
    });
  }

  const stop = (child: ChildProcess) => new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

  it('prints help', () => {
    const r = crm('--help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /schema plan/);
    assert.equal(crm('frobnicate').status, 2);
  });

  it('refuses to start on broken metadata, listing every problem with file and pointer, and migrates nothing', () => {
    const file = join(work, 'metadata/entities/customer.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.fields.grade.type = 'grade_type';
    writeFileSync(file, JSON.stringify(doc));
    const other = join(work, 'metadata/entities/contact.json');
    writeFileSync(other, JSON.stringify({ ...JSON.parse(readFileSync(other, 'utf8')), displayField: 'nope' }));
    const r = crm('serve');
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stderr, /metadata\/entities\/customer\.json \/fields\/grade\/type: unknown field type "grade_type"/);
    assert.match(r.stderr, /metadata\/entities\/contact\.json \/displayField: unknown field "nope"/);
    assert.match(r.stderr, /2 problem\(s\)/, 'one typo is reported once, not once per file that refers to the entity');
    if (testDatabaseKind() === 'pglite') assert.ok(!existsSync(join(work, 'data')) || readdirSync(join(work, 'data')).length === 0, 'the database was touched');
  });

  it('serves the API and demo data; CLI commands work through the running server; a second server is refused', async () => {
    const { child, url } = await serve();
    try {
      const health = await (await fetch(`${url}/api/health`)).json();
      assert.equal(health.status, 'ok');
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo1234' }) });
      assert.equal(login.status, 200, 'the demo admin signs in with the demo password');
      const { token } = await login.json();
      const customers = await (await fetch(`${url}/api/records/customer?count=exact&limit=1`, { headers: { authorization: `Bearer ${token}` } })).json();
      assert.ok(customers.count >= 5, 'demo customers are loaded');
      assert.equal((await fetch(`${url}/api/records/customer`)).status, 401, 'records need a session');
      const plan = crm('schema', 'plan');
      assert.equal(plan.status, 0, plan.stderr);
      assert.match(plan.stdout, /up to date/);
      const seed = crm('seed', 'demo');
      assert.match(seed.stdout, /already loaded/);
      if (testDatabaseKind() === 'pglite') {
        assert.match(plan.stderr, /through the running server/);
        const second = crm('serve');
        assert.equal(second.status, 1);
        assert.match(second.stderr, /is using/);
      }
    } finally {
      await stop(child);
    }
    if (testDatabaseKind() === 'pglite') assert.ok(!existsSync(join(work, 'data/crm.lock.json')), 'the lock is released on shutdown');
  });

  it('plans and applies an added field, keeping the data', async () => {
    assert.equal(crm('schema', 'apply').status, 0);
    const file = join(work, 'metadata/entities/competitor.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.fields.stock_code = { type: 'string', maxLength: 20, labels: { 'zh-CN': '股票代码', en: 'Stock code' } };
    writeFileSync(file, JSON.stringify(doc));
    const plan = crm('schema', 'plan');
    assert.match(plan.stdout, /\[instant\] add column competitor\.stock_code varchar\(20\)/);
    const apply = crm('schema', 'apply');
    assert.equal(apply.status, 0, apply.stderr);
    assert.match(crm('schema', 'plan').stdout, /up to date/);
  });
});
