// `npm run bench -- --import`: BENCH_IMPORT_ROWS customers (default 100,000) from one UTF-8 CSV into PostgreSQL,
// three ways in the same run, each into a fresh tenant schema:
//   1. `crm import customer FILE --key name` as a user would run it (every row validated, numbered, de-duplicated,
//      audited, journalled), timed from start to exit;
//   2. the same command killed with SIGKILL once half the rows have landed, then run again: every row must be there
//      exactly once, numbers without gaps, the audit chain intact (`crm audit verify`);
//   3. a hand-written loader: csv-parse, labels to codes, numbers counted in the loader, one COPY … FROM STDIN.
// Prints the times and the ratio COPY ÷ ours (the issue aims at under 30 s for ours). Needs TEST_DATABASE_URL
// (bench.mjs passes its throwaway cluster); the schemas are dropped at the end.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const ROOT = join(import.meta.dirname, '../..');
const url = process.env.TEST_DATABASE_URL;
const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const log = (line: string) => console.error(line);
const suffix = randomBytes(3).toString('hex');
const schemas = { ours: `bimp_a_${suffix}`, resumed: `bimp_b_${suffix}`, copy: `bimp_c_${suffix}` };

type Options = { value: string; labels: { 'zh-CN': string } }[];
const customer = JSON.parse(readFileSync(join(ROOT, 'metadata/entities/customer.json'), 'utf8')) as { fields: Record<string, { options?: Options }> };
const labelsOf = (field: string) => customer.fields[field]!.options!.map((o) => [o.labels['zh-CN'], o.value] as const);
const columns = { 客户名称: 'name', 客户状态: 'status', 客户类型: 'customer_type', 所属行业: 'industry', 员工人数: 'employee_count' } as const;

function generate(file: string): void {
  const status = labelsOf('status');
  const type = labelsOf('customer_type');
  const industry = labelsOf('industry');
  const lines = [Object.keys(columns).join(',')];
  for (let i = 1; i <= rows; i++) {
    lines.push([`导入基准客户${String(i).padStart(6, '0')}机械有限公司`, status[i % status.length]![0], type[i % type.length]![0], industry[i % industry.length]![0], (i * 37) % 5000 + 5].join(','));
  }
  writeFileSync(file, `\uFEFF${lines.join('\n')}\n`);
}

const cliEnv = (schema: string) => ({ ...process.env, DATABASE_URL: url, CRM_ROOT: ROOT, CRM_SCHEMA: schema, CRM_MODE: 'production', CRM_NEW_PASSWORD: 'Bench-Import-2026' });
const cli = (schema: string, args: string[]) => ['--import', 'tsx', join(ROOT, 'engine/cli/main.ts'), ...args] as const;

function prepare(schema: string): void {
  const r = spawnSync(process.execPath, cli(schema, ['user', 'add', '--username', 'bench_importer', '--admin']), { env: cliEnv(schema), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`user add in ${schema}: ${r.stderr}`);
}

/** Runs `crm import`; with killAt, sends SIGKILL once that many rows are reported landed. */
function runImport(schema: string, file: string, killAt?: number): Promise<{ seconds: number; killed: boolean; stdout: string }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, cli(schema, ['import', 'customer', file, '--user', 'bench_importer', '--key', 'name']), { env: cliEnv(schema), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    const landed = [...stderr.matchAll(/imported (\d+) of/g)].map((m) => Number(m[1])).pop() ?? 0;
    if (killAt !== undefined && landed >= killAt) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) =>
    child.once('close', (status, signal) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (signal === 'SIGKILL') resolve({ seconds, killed: true, stdout });
      else if (status !== 0) reject(new Error(`crm import exited ${status}: ${stdout}\n${stderr}`));
      else resolve({ seconds, killed: false, stdout });
    }),
  );
}

/** The landed customers: how many, how many distinct names, and whether their numbers run without a gap. */
async function check(db: pg.Client, schema: string): Promise<{ count: number; names: number; gapFree: boolean }> {
  const { rows: [r] } = await db.query(
    `select count(*)::int as count, count(distinct name)::int as names,
            max(substring(customer_no from '\\d+$')::int) - min(substring(customer_no from '\\d+$')::int) + 1 = count(*) as gap_free
       from "${schema}".customer where name like '导入基准客户%'`,
  );
  return { count: r.count, names: r.names, gapFree: r.gap_free };
}

/** What a developer would write by hand: parse, map labels, number, COPY. No validation, de-duplication or audit. */
async function copyLoad(db: pg.Client, schema: string, file: string): Promise<number> {
  const started = process.hrtime.bigint();
  const maps = Object.fromEntries(['status', 'customer_type', 'industry'].map((f) => [f, new Map(labelsOf(f))]));
  const [header, ...body] = parse(readFileSync(file), { bom: true }) as string[][];
  const fields = header!.map((h) => columns[h as keyof typeof columns]);
  const { rows: [user] } = await db.query(`select id from "${schema}".app_user where username = 'bench_importer'`);
  await db.query('begin');
  const stream = db.query(copyFrom(`copy "${schema}".customer (customer_no, ${fields.join(', ')}, owner, created_by, updated_by) from stdin (format csv)`));
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = body.map((cells, i) => {
    const values = cells.map((c, j) => maps[fields[j]!]?.get(c) ?? c);
    return `KH-${String(i + 1).padStart(5, '0')},${values.map(quote).join(',')},${user.id},${user.id},${user.id}\n`;
  });
  await pipeline(Readable.from(lines), stream);
  await db.query(`insert into "${schema}".crm_sequence (key, value) values ('customer.customer_no:all', $1) on conflict (key) do update set value = excluded.value`, [body.length]);
  await db.query('commit');
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  if (!url) throw new Error('TEST_DATABASE_URL is not set (run it through npm run bench -- --import)');
  const work = mkdtempSync(join(tmpdir(), 'crm-import-bench-'));
  const file = join(work, 'customers.csv');
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    generate(file);
    for (const schema of Object.values(schemas)) prepare(schema);
    log(`${rows} rows generated; importing with crm import …`);
    const ours = await runImport(schemas.ours, file);
    const oursCheck = await check(db, schemas.ours);
    log(`crm import: ${ours.seconds.toFixed(1)} s; ${oursCheck.count} rows`);

    const first = await runImport(schemas.resumed, file, Math.floor(rows / 2));
    const halfway = await check(db, schemas.resumed);
    const second = await runImport(schemas.resumed, file);
    const resumed = await check(db, schemas.resumed);
    const verify = spawnSync(process.execPath, cli(schemas.resumed, ['audit', 'verify']), { env: cliEnv(schemas.resumed), encoding: 'utf8' });
    log(`kill -9 at ${halfway.count} rows, then again: ${resumed.count} rows, ${resumed.names} names, gap-free ${resumed.gapFree}, audit verify exit ${verify.status}`);

    const copySeconds = await copyLoad(db, schemas.copy, file);
    const copyCheck = await check(db, schemas.copy);
    const ok = oursCheck.count === rows && first.killed && halfway.count > 0 && halfway.count < rows && resumed.count === rows && resumed.names === rows && resumed.gapFree && verify.status === 0 && copyCheck.count === rows;
    console.log(
      [
        '',
        `rows: ${rows} customers from one CSV (${(readFileSync(file).length / 1e6).toFixed(1)} MB)`,
        '',
        '| loader | seconds | rows/s |',
        '|---|---|---|',
        `| crm import (validated, numbered, de-duplicated on name, audited, journalled) | ${ours.seconds.toFixed(1)} | ${(rows / ours.seconds).toFixed(0)} |`,
        `| hand-written COPY loader (csv-parse, labels → codes, one COPY) | ${copySeconds.toFixed(1)} | ${(rows / copySeconds).toFixed(0)} |`,
        '',
        `ratio COPY ÷ crm import: ${(copySeconds / ours.seconds).toFixed(3)}`,
        `kill -9 halfway: killed at ${halfway.count} rows landed after ${first.seconds.toFixed(1)} s; run again: ${second.seconds.toFixed(1)} s, ` +
          `${resumed.count} rows, ${resumed.names} distinct, numbers gap-free: ${resumed.gapFree}, audit chain: ${verify.status === 0 ? 'intact' : `BROKEN ${verify.stdout}`}`,
        ok ? 'all checks passed' : 'CHECKS FAILED',
      ].join('\n'),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    for (const schema of Object.values(schemas)) await db.query(`drop schema if exists "${schema}" cascade`);
    await db.end();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
