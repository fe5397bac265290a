#!/usr/bin/env node
// `npm run bench`: the engine's HTTP API against a hand-written express + pg baseline on the same PostgreSQL data.
//
//   npm run bench                       # throwaway PostgreSQL cluster, 100k customers, all scenarios (~3 min)
//   npm run bench -- --write-docs       # also add the results to docs/benchmarks.md (newest first)
//   npm run bench -- --profile          # run our server under --cpu-prof and print where its CPU time went
//   npm run bench -- --profile=both     # the same for both servers, to compare them
//   npm run bench -- --only=get,create  # some scenarios only
//   npm run bench -- --only=configurator  # the product configurator only (in process, no database)
//   npm run bench -- --reports          # the funnel and aging reports against hand-written SQL (scripts/bench/reports-bench.ts;
//                                       # BENCH_REPORT_ROWS, default 1000000 opportunities and receivables)
//   npm run bench -- --import           # crm import of 100,000 customers from CSV (and killed halfway, then resumed)
//                                       # against a hand-written COPY loader (scripts/bench/import-bench.ts; BENCH_IMPORT_ROWS)
//
// Settings (environment): BENCH_DATABASE_URL (use this server instead of a throwaway cluster; the schema
// BENCH_SCHEMA, default "bench", is dropped and recreated), BENCH_ROWS (100000), BENCH_DURATION (seconds measured
// per server per scenario, 10), BENCH_WARMUP (seconds, 3), BENCH_ROUNDS (2), BENCH_CONNECTIONS (10), BENCH_COMMIT
// (label for the report when not run in a git checkout).
//
// Each server runs in its own child process, so autocannon here never shares their event loop. Per scenario: a
// warm-up of each server, then BENCH_ROUNDS rounds of ours, baseline, baseline, ours (equal slices of the duration),
// so drift and other load on the machine hit both alike; the spread of the per-round ratios shows how noisy it was.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { summariseProfile } from './bench/cpu-profile-summary.mjs';
import { processCpuSeconds } from './bench/process-cpu.mjs';
import { configuratorReport, cpuBusyPercent, fmtRate, fmtSpread, machineInfo, markdownReport, writeDocs } from './bench/report.mjs';
import { buildUi, firstLoadSize, uiIsStale } from './build-ui.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2).filter((a) => !a.startsWith('--only=')));
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const profiled = args.has('--profile=both') ? ['ours', 'baseline'] : args.has('--profile') ? ['ours'] : [];
for (const a of args) {
  if (!['--write-docs', '--profile', '--profile=both', '--reports', '--import'].includes(a)) {
    console.error(`unknown option ${a}; see the top of scripts/bench.mjs`);
    process.exit(2);
  }
}
const env = process.env;
const settings = {
  schema: env.BENCH_SCHEMA ?? 'bench',
  rows: Number(env.BENCH_ROWS ?? 100_000),
  duration: Number(env.BENCH_DURATION ?? 10),
  warmup: Number(env.BENCH_WARMUP ?? 3),
  connections: Number(env.BENCH_CONNECTIONS ?? 10),
  rounds: Number(env.BENCH_ROUNDS ?? 2),
  // The engine's pg pool size (engine/db/open-database.ts default); the baseline gets the same.
  poolMax: 10,
};

/** Bearer tokens of the benchmark users' sessions: `admin` (every customer) and `manager` (department and below). */
const tokens = {};
const authOf = (s) => ({ authorization: `Bearer ${tokens[s.as ?? 'admin']}` });

/** Responses each server gave, warm-ups included (to turn profile time into CPU per request). */
const served = { ours: 0, baseline: 0 };

const LIST_FILTER = JSON.stringify({ and: [{ '==': [{ var: 'grade' }, 'A'] }, { '>=': [{ var: 'credit_limit' }, 100000] }] });
const REGION_FILTER = JSON.stringify({ '==': [{ var: 'region' }, 'east'] });
const listPath = (filter, extra) => `/api/records/customer?filter=${encodeURIComponent(filter)}&${extra}`;

/** What each scenario sends; `next(server)` gives one request's {method, path, body}. */
function scenarios(ids) {
  let idIndex = 0;
  let created = 0;
  const runTag = Date.now().toString(36);
  return [
    {
      key: 'list',
      title: 'list: grade = A and credit_limit ≥ 100000, sort -credit_limit,name, limit 50',
      aim: 0.9,
      next: () => ({ method: 'GET', path: listPath(LIST_FILTER, 'sort=-credit_limit,name&limit=50') }),
    },
    {
      key: 'list-by-name',
      title: 'list: region = east, sort name, limit 50 (walks the name index: little database work)',
      aim: 0.9,
      next: () => ({ method: 'GET', path: listPath(REGION_FILTER, 'sort=name&limit=50') }),
    },
    {
      key: 'list-dept',
      title: 'list as in "list-by-name", as a sales manager whose scope is department and below (3 of 5 departments)',
      aim: 0.9,
      as: 'manager',
      next: () => ({ method: 'GET', path: listPath(REGION_FILTER, 'sort=name&limit=50') }),
    },
    {
      key: 'list-count',
      title: 'list as in "list" plus count=exact',
      aim: 0.9,
      next: () => ({ method: 'GET', path: listPath(LIST_FILTER, 'sort=-credit_limit,name&limit=50&count=exact') }),
    },
    {
      key: 'get',
      title: `get by id, rotating through ${ids.length} ids`,
      aim: 0.9,
      next: () => ({ method: 'GET', path: `/api/records/customer/${ids[idIndex++ % ids.length]}` }),
    },
    {
      key: 'create',
      title: 'create: POST name, status, grade, industry, region (unique name per request)',
      aim: 0.8,
      next: (server) => ({
        method: 'POST',
        path: '/api/records/customer',
        body: JSON.stringify({ name: `压测客户-${server}-${runTag}-${++created}`, status: 'prospect', grade: 'C', industry: 'mould', region: 'east' }),
      }),
    },
  ].filter((s) => !only || only.includes(s.key));
}

// ---------------------------------------------------------------------------------------------------------------
const cleanups = [];
let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length) {
      try {
        await cleanups.pop()();
      } catch (e) {
        console.error('cleanup:', e?.message ?? e);
      }
    }
  })();
  return cleaning;
}
process.on('uncaughtException', (e) => {
  console.error('\nbench failed:', e?.stack ?? e);
  void cleanup().then(() => process.exit(1));
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping servers and the database`);
    void cleanup().then(() => process.exit(130));
  });
}

try {
  await main();
  await cleanup();
} catch (e) {
  console.error('\nbench failed:', e?.stack ?? e);
  await cleanup();
  process.exit(1);
}

/** The reports or import bench: its own script on a throwaway cluster (or BENCH_DATABASE_URL), printing its table. */
function runScriptBench(name, script) {
  let url = env.BENCH_DATABASE_URL;
  if (!url) {
    const pg = startThrowawayPostgres();
    cleanups.push(() => stopThrowawayPostgres(pg.dir));
    url = pg.url;
  }
  log(`${name} bench: ${machineInfo(root, env).cpu ?? ''}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...env, TEST_DATABASE_URL: url, CRM_MODE: 'demo' }, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${name} bench failed (exit ${r.status ?? r.signal})`);
}

async function main() {
  if (args.has('--reports')) return runScriptBench('reports', 'scripts/bench/reports-bench.ts');
  if (args.has('--import')) return runScriptBench('import', 'scripts/bench/import-bench.ts');
  const started = Date.now();
  const machine = machineInfo(root, env);
  machine.busyBefore = await cpuBusyPercent(2000);
  if (machine.busyBefore > 15) log(`warning: the CPUs were ${machine.busyBefore.toFixed(0)}% busy before the bench started; other work is running and the results will be noisy`);
  if (only?.every((k) => k === 'configurator')) return finish(machine, configuratorSection(machine));
  let databaseUrl = env.BENCH_DATABASE_URL;
  let databaseNote = 'BENCH_DATABASE_URL';
  if (!databaseUrl) {
    const pg = startThrowawayPostgres();
    cleanups.push(() => stopThrowawayPostgres(pg.dir));
    databaseUrl = pg.url;
    databaseNote = 'throwaway cluster (scripts/throwaway-postgres.sh: fsync off, loopback)';
  }
  log(`database: ${databaseNote}`);

  const childEnv = { ...env, DATABASE_URL: databaseUrl, CRM_SCHEMA: settings.schema, CRM_MODE: 'production', BENCH_POOL_MAX: String(settings.poolMax) };
  log(`loading ${settings.rows} customers into schema "${settings.schema}" …`);
  const setup = runSetup({ ...childEnv, BENCH_ROWS: String(settings.rows) });
  machine.postgres = setup.pgVersion;

  const profileDir = profiled.length ? mkdtempSync(join(os.tmpdir(), 'crm-bench-prof-')) : undefined;
  const profileArgs = (name) => (profiled.includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : []);
  const ours = await startServer('ours', 'scripts/bench/ours-server.ts', childEnv, profileArgs('ours'));
  cleanups.push(() => ours.stop());
  const baseline = await startServer('baseline', 'scripts/bench/baseline-server.ts', childEnv, profileArgs('baseline'));
  cleanups.push(() => baseline.stop());

  // One sign-in per user through the engine; the session serves both servers (the baseline reads the same table).
  for (const [as, user] of [['admin', setup.user], ['manager', setup.manager]]) {
    const login = await fetch(`${ours.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    if (!login.ok) throw new Error(`sign-in as ${user.username} failed: ${login.status} ${await login.text()}`);
    tokens[as] = (await login.json()).token;
    log(`signed in as ${user.username}`);
  }

  const list = scenarios(setup.ids);
  for (const s of list) await checkSameResponses(s, ours, baseline);
  log('both servers give the same responses for every scenario');

  const results = [];
  for (const s of list) {
    log(`\n${s.key}: ${s.title}`);
    await load(ours, s, settings.warmup);
    await load(baseline, s, settings.warmup);
    const slice = settings.duration / (2 * settings.rounds);
    const runs = { ours: [], baseline: [] };
    const roundRatios = [];
    for (let round = 0; round < settings.rounds; round++) {
      const here = { ours: [], baseline: [] };
      for (const server of [ours, baseline, baseline, ours]) here[server.name].push(await load(server, s, slice));
      roundRatios.push(merge(here.ours).rps / merge(here.baseline).rps);
      runs.ours.push(...here.ours);
      runs.baseline.push(...here.baseline);
    }
    const r = { scenario: s, ours: merge(runs.ours), baseline: merge(runs.baseline), spread: [Math.min(...roundRatios), Math.max(...roundRatios)] };
    r.ratio = r.ours.rps / r.baseline.rps;
    log(`  ours ${fmtRate(r.ours)}   baseline ${fmtRate(r.baseline)}   ratio ${r.ratio.toFixed(2)} (rounds ${fmtSpread(r.spread)})`);
    results.push(r);
  }

  // The web app's first-load weight (issue: under 600 KB of gzipped JavaScript), reported with the API numbers.
  if (uiIsStale()) await buildUi({ quiet: true });
  machine.ui = firstLoadSize();
  let report = markdownReport(machine, results, { settings, env, databaseNote, seconds: (Date.now() - started) / 1000, profiled });
  if (!only || only.includes('configurator')) report += `\n\n${configuratorSection(machine)}`;
  finish(machine, report);

  for (const server of [ours, baseline].filter((s) => profiled.includes(s.name))) {
    await server.stop();
    const dir = join(profileDir, server.name);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
    console.log(`\n== ${server.name} ==\n${summariseProfile(join(dir, file), 30, served[server.name])}`);
    console.log(`\n(open ${join(dir, file)} in Chrome DevTools › Performance for the flame chart)`);
  }
}

function finish(machine, report) {
  console.log(`\n${report}`);
  if (args.has('--write-docs')) {
    if (profiled.length) log('not writing docs/benchmarks.md: profiled numbers are not comparable');
    else writeDocs(root, report);
  }
}

/** The configurator's configure / options / decode against a hand-written one, in its own process. */
function configuratorSection(machine) {
  log('\nconfigurator: engine against a hand-written configurator of the same 3051C template …');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/configurator-bench.ts'], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`the configurator bench failed (exit ${r.status ?? r.signal})`);
  return configuratorReport(machine, JSON.parse(r.stdout.trim().split('\n').pop()), settings.rounds);
}

// --- database and children -------------------------------------------------------------------------------------
function startThrowawayPostgres() {
  const r = spawnSync(join(root, 'scripts/throwaway-postgres.sh'), ['start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const dir = /^PG_TMP_DIR=(.*)$/m.exec(r.stdout ?? '')?.[1];
  const url = /^PG_TMP_URL=(.*)$/m.exec(r.stdout ?? '')?.[1];
  if (r.status !== 0 || !dir || !url) {
    if (dir) stopThrowawayPostgres(dir);
    throw new Error(`scripts/throwaway-postgres.sh start failed (exit ${r.status})`);
  }
  return { dir, url };
}

function stopThrowawayPostgres(dir) {
  spawnSync(join(root, 'scripts/throwaway-postgres.sh'), ['stop', dir], { stdio: 'inherit' });
  log(`stopped the throwaway cluster (${dir})`);
}

function runSetup(childEnv) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/setup.ts'], {
    cwd: root,
    env: childEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`setup failed (exit ${r.status ?? r.signal})`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function startServer(name, script, childEnv, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], { cwd: root, env: childEnv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal)));
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send('stop');
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    })());
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} server did not start within 60 s`));
    }, 60_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      log(`${name} server: pid ${m.pid}, http://127.0.0.1:${m.port}${nodeArgs.length ? ` (${nodeArgs.join(' ')})` : ''}`);
      resolveReady({ name, url: `http://127.0.0.1:${m.port}`, pid: m.pid, stop });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} server exited before it was ready (${code})`));
    });
  });
}

// --- checks and measurement ------------------------------------------------------------------------------------
/** Same status and the same records from both servers (creates: same fields, equal apart from ids, names, numbers, times). */
async function checkSameResponses(s, ours, baseline) {
  const shared = s.next('check');
  const fetchOne = async (server) => {
    const req = shared.method === 'GET' ? shared : s.next(server.name);
    const headers = { ...authOf(s), ...(req.body ? { 'content-type': 'application/json' } : {}) };
    const res = await fetch(server.url + req.path, { method: req.method, body: req.body, headers });
    return { status: res.status, body: await res.json() };
  };
  const [a, b] = [await fetchOne(ours), await fetchOne(baseline)];
  const strip = (r) => {
    if (s.key === 'create') {
      const { id, name, customer_no, created_at, updated_at, ...rest } = r.body;
      return { status: r.status, fields: Object.keys(r.body).sort(), rest, shapes: [typeof id, typeof name, typeof customer_no, typeof created_at, typeof updated_at] };
    }
    const { next_cursor, ...rest } = r.body;
    return { status: r.status, ...rest, has_next: next_cursor === undefined ? undefined : next_cursor !== null };
  };
  const [x, y] = [canonical(strip(a)), canonical(strip(b))];
  if (a.status >= 300 || x !== y) {
    throw new Error(`${s.key}: the two servers answer differently\n ours:     ${x.slice(0, 1500)}\n baseline: ${y.slice(0, 1500)}`);
  }
  if (s.key.startsWith('list') && !(a.body.data?.length > 0)) throw new Error(`${s.key}: the list is empty; the data load went wrong`);
}

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

/** One autocannon run; latencies are kept raw so runs can be merged exactly. */
async function load(server, s, seconds) {
  const latencies = [];
  let ok = 0;
  let failed = 0;
  let errors = 0;
  const first = s.next(server.name);
  const cpuBefore = processCpuSeconds(server.pid);
  const instance = autocannon({
    url: server.url,
    connections: settings.connections,
    duration: seconds,
    requests: [
      {
        method: first.method,
        headers: { ...authOf(s), ...(first.body ? { 'content-type': 'application/json' } : {}) },
        setupRequest: (req) => {
          const r = s.next(server.name);
          req.path = r.path;
          if (r.body) req.body = r.body;
          return req;
        },
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    served[server.name]++;
    if (status >= 200 && status < 300) {
      ok++;
      latencies.push(ms);
    } else failed++;
  });
  instance.on('reqError', () => errors++);
  const result = await instance;
  const cpu = processCpuSeconds(server.pid) - cpuBefore;
  return { ok, failed, errors: errors + (result.timeouts ?? 0), seconds: result.duration, latencies, cpu, answered: ok + failed };
}

function merge(runs) {
  const latencies = Float64Array.from(runs.flatMap((r) => r.latencies)).sort();
  const at = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN);
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  // The server's own CPU per answer (µs): what the engine costs per request, whatever else the machine was doing.
  const cpuPerRequest = (1e6 * sum('cpu')) / sum('answered');
  return { rps: sum('ok') / sum('seconds'), ok: sum('ok'), failed: sum('failed'), errors: sum('errors'), p50: at(0.5), p99: at(0.99), cpuPerRequest };
}

function log(line) {
  console.error(line);
}
