// `crm import` on a database of its own: exit statuses, the error file, and resuming after kill -9 halfway so that
// every row lands exactly once with gap-free numbers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../engine/db/index.ts';
import { finished, runCrm, spawnCrm } from '../helpers/crm-cli.ts';
import { PROJECT_ROOT } from '../helpers/plugin-root.ts';
import { testDatabaseKind } from '../helpers/test-database.ts';

describe('cli/crm import', function () {
  this.timeout(300_000);
  let work: string;
  let env: NodeJS.ProcessEnv;
  let schema: string;
  const rows = 300;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'crm-import-'));
    cpSync(join(PROJECT_ROOT, 'metadata'), join(work, 'metadata'), { recursive: true });
    schema = `imp_${randomBytes(4).toString('hex')}`;
    env = { CRM_ROOT: work, CRM_SCHEMA: schema, DATA_DIR: join(work, 'data'), CRM_NEW_PASSWORD: 'Quartz-Lamp-88', CRM_MODE: 'production' };
    if (testDatabaseKind() === 'postgres') env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    const added = await runCrm(env, ['user', 'add', '--username', 'importer', '--admin'], 120_000);
    assert.equal(added.status, 0, added.stderr);
    const lines = ['客户名称,客户状态,员工人数'];
    for (let i = 1; i <= rows; i++) lines.push(`批量导入客户${String(i).padStart(4, '0')},,${i}`);
    writeFileSync(join(work, 'many.csv'), `\uFEFF${lines.join('\n')}\n`);
    writeFileSync(join(work, 'bad.csv'), '客户名称,员工人数\n好客户甲,10\n坏客户乙,很多\n');
  });
  after(async () => {
    if (env.DATABASE_URL) {
      const db = await openDatabase({ url: env.DATABASE_URL });
      await db.knex.raw(`drop schema if exists "${schema}" cascade`).finally(() => db.close());
    }
    rmSync(work, { recursive: true, force: true });
  });

  const customers = async () => {
    const db = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.DATA_DIR });
    try {
      return (await db.knex.raw(`select name, customer_no from "${schema}".customer where name like '批量导入客户%' order by customer_no`)).rows as { name: string; customer_no: string }[];
    } finally {
      await db.close();
    }
  };

  it('answers 2 for usage errors and imports nothing', async () => {
    assert.equal((await runCrm(env, ['import', 'customer'])).status, 2);
    assert.equal((await runCrm(env, ['import', 'customer', join(work, 'nope.csv'), '--user', 'importer'])).status, 2);
    assert.equal((await runCrm(env, ['import', 'customer', join(work, 'bad.csv'), '--mode', 'some'])).status, 2);
    assert.equal((await runCrm(env, ['import', 'nothing', join(work, 'bad.csv'), '--user', 'importer'])).status, 2);
  });

  it('answers 1 when rows are rejected and writes them with their reasons to the error file', async () => {
    const errors = join(work, 'errors.csv');
    const r = await runCrm(env, ['import', 'customer', join(work, 'bad.csv'), '--user', 'importer', '--errors', errors], 120_000);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /created 1.*rejected 1/);
    const text = readFileSync(errors, 'utf8');
    assert.match(text, /坏客户乙/);
    assert.match(text, /第3行 \[员工人数\]/);
    assert.doesNotMatch(text, /好客户甲/);
  });

  it('lands every row exactly once, with gap-free numbers, when run again after kill -9 halfway', async () => {
    const child = spawnCrm(env, ['import', 'customer', join(work, 'many.csv'), '--user', 'importer', '--key', 'name']);
    const exit = finished(child, 240_000);
    await new Promise<void>((resolve) => {
      let seen = '';
      child.stderr!.on('data', (d) => {
        seen += d;
        if (/imported \d+ of 300 rows/.test(seen)) resolve(); // the first tenth has landed
      });
      child.once('close', () => resolve());
    });
    child.kill('SIGKILL');
    const killed = await exit;
    const partial = await customers();
    assert.equal(killed.signal, 'SIGKILL', 'killed before it finished');
    assert.ok(partial.length > 0 && partial.length < rows, `halfway: ${partial.length}`);

    const again = await runCrm(env, ['import', 'customer', join(work, 'many.csv'), '--user', 'importer', '--key', 'name'], 240_000);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /had landed in an earlier run/);
    const all = await customers();
    assert.equal(all.length, rows);
    assert.equal(new Set(all.map((c) => c.name)).size, rows, 'no row twice');
    const numbers = all.map((c) => Number(/(\d+)$/.exec(c.customer_no)![1]));
    for (let i = 1; i < numbers.length; i++) assert.equal(numbers[i], numbers[i - 1]! + 1, 'numbers without gaps');
  });
});
