// The real server on its own throwaway PostgreSQL cluster, restarted five times under a write load: the process stays
// up, answers 503 with Retry-After while the database is away, loses no acknowledged write, leaves no gap in the
// business numbers and keeps the audit chain whole.
import { strict as assert } from 'node:assert';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { cliEnvironment, finished, spawnCrm } from '../helpers/crm-cli.ts';
import { PROJECT_ROOT } from '../helpers/plugin-root.ts';
import { testDatabaseKind } from '../helpers/test-database.ts';

const run = promisify(execFile);
const SCRIPT = join(PROJECT_ROOT, 'scripts/throwaway-postgres.sh');
const WORKERS = 4;
const RESTARTS: ('fast' | 'immediate')[] = ['fast', 'fast', 'immediate', 'fast', 'fast'];

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  const bin = versions.map((v) => join(root, v, 'bin')).reverse().find((b) => existsSync(join(b, 'pg_ctl')));
  return bin;
}

interface Answer {
  status: number;
  retryAfter: string | null;
  code?: string;
  name: string;
  number?: string;
}

describe('PostgreSQL restarts under write load (real server, own cluster)', function () {
  this.timeout(150_000);
  let pgDir: string | undefined;
  let pgUrl = '';
  let bin = '';
  let dataDir = '';
  let server: ChildProcess | undefined;
  let serverOutput = '';
  const exits: string[] = [];

  before(async function () {
    const found = postgresBin();
    if (testDatabaseKind() !== 'postgres' || !found) {
      console.log(`      (skipped: needs CRM_TEST_DB=postgres and the PostgreSQL server binaries; ${found ? 'CRM_TEST_DB is not postgres' : 'no pg_ctl found'})`);
      this.skip();
    }
    bin = found!;
    const { stdout } = await run(SCRIPT, ['start']);
    pgDir = /PG_TMP_DIR=(\S+)/.exec(stdout)![1]!;
    pgUrl = /PG_TMP_URL=(\S+)/.exec(stdout)![1]!;
    dataDir = mkdtempSync(join(tmpdir(), 'crm-restart-'));
  });

  after(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (pgDir) await run(SCRIPT, ['stop', pgDir]);
  });

  it('stays up, answers 503 with Retry-After while the database is away, and keeps every acknowledged write', async () => {
    server = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'engine/cli/main.ts'), 'serve'], {
      cwd: PROJECT_ROOT,
      env: cliEnvironment({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CRM_MODE: 'demo', DATABASE_URL: pgUrl }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => (serverOutput += d));
    server.stderr!.on('data', (d) => (serverOutput += d));
    server.once('exit', (code, signal) => exits.push(`exit ${code} ${signal}`));
    const url = await waitForUrl(server, () => serverOutput);

    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo1234' }) });
    const { token } = (await login.json()) as { token: string };
    const answers: Answer[] = [];
    let next = 0;
    let stop = false;
    const create = async (): Promise<Answer> => {
      const name = `restart-${++next}`;
      try {
        const res = await fetch(`${url}/api/records/customer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ name, status: 'active' }),
        });
        const body = (await res.json()) as { customer_no?: string; error?: { code: string } };
        return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.error?.code, name, number: body.customer_no };
      } catch (e) {
        return { status: 0, retryAfter: null, code: String((e as Error).message), name };
      }
    };
    const worker = async () => {
      while (!stop) {
        const answer = await create();
        answers.push(answer);
        if (answer.status !== 201 && answer.status !== 200) await sleep(100);
      }
    };
    const load = Array.from({ length: WORKERS }, worker);

    const pgCtl = (mode: string) => run('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', join(pgDir!, 'data'), '-m', mode, '-w', 'restart', '-l', join(pgDir!, 'server.log')]);
    const pgCtlAsUser = (mode: string) => run(join(bin, 'pg_ctl'), ['-D', join(pgDir!, 'data'), '-m', mode, '-w', 'restart', '-l', join(pgDir!, 'server.log')]);
    const restart = (mode: string) => (process.getuid?.() === 0 ? pgCtl(mode) : pgCtlAsUser(mode));
    for (const mode of RESTARTS) {
      await sleep(1500);
      await restart(mode);
      assert.deepEqual(exits, [], `the server exited after a ${mode} restart:\n${serverOutput.slice(-3000)}`);
    }
    // Recovered on its own: creates succeed again within a few seconds of the last restart.
    const deadline = Date.now() + 20_000;
    const since = answers.length;
    while (!answers.slice(since).some((a) => a.status === 201) && Date.now() < deadline) await sleep(200);
    stop = true;
    await Promise.all(load);

    assert.deepEqual(exits, [], `the server exited:\n${serverOutput.slice(-3000)}`);
    assert.ok(answers.slice(since).some((a) => a.status === 201), 'creates succeed again after the last restart');
    const failed = answers.filter((a) => a.status !== 201);
    const wrong = failed.filter((a) => a.status !== 503 || !a.retryAfter || !['DATABASE_UNAVAILABLE', 'DATABASE_BUSY'].includes(a.code ?? ''));
    assert.deepEqual(wrong, [], 'every failed create is a 503 with Retry-After');
    assert.ok(failed.length > 0, 'some creates met the database away (the load overlapped the restarts)');
    const acknowledged = answers.filter((a) => a.status === 201);
    assert.ok(acknowledged.length >= 20, `enough acknowledged writes (${acknowledged.length})`);

    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; customer_no: string }>('select name, customer_no from crm.customer');
      const stored = new Map(rows.map((r) => [r.name, r.customer_no]));
      const missing = acknowledged.filter((a) => stored.get(a.name) !== a.number);
      assert.deepEqual(missing, [], 'every acknowledged create is stored with the number it was answered with');
      // Gap-free: the counter hands out 1…n to the customers that exist, a create that rolled back took no number.
      const seqs = rows.map((r) => Number(/(\d+)$/.exec(r.customer_no)![1])).sort((a, b) => a - b);
      assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'customer numbers run 1…n without gaps');
    } finally {
      await client.end();
    }

    const verify = await finished(spawnCrm({ DATABASE_URL: pgUrl, DATA_DIR: dataDir }, ['audit', 'verify']));
    assert.equal(verify.status, 0, `crm audit verify:\n${verify.stdout}\n${verify.stderr}`);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /CRM is running at (http:\/\/\S+)/.exec(output());
      if (m) {
        clearInterval(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`crm serve exited (${code}) before listening:\n${output()}`));
    });
  });
}
