// `npm test`: type-check (engine, tests and the UI), then the mocha suites and the browser suite on embedded PGlite;
// and, when TEST_DATABASE_URL names a PostgreSQL server, the same on that server.
//
// With a server the two databases run side by side, each as one stream of "unit suites, then browser suites": each
// stream is mostly one core's work (PGlite runs in its mocha process; the other splits between mocha and
// PostgreSQL), so on a two-core machine (CI) the whole run takes about as long as one database's. Every unit and
// HTTP suite runs on both databases. The browser suites drive the same server code over HTTP, so with a server each
// browser file runs on ONE of the two (in name order, two in five on PGlite), which halves the slowest part of the
// run while every screen is still tested; TEST_BROWSER_BOTH=1 runs every browser file on both. The embedded stream prints
// live; the server's stream is written to test-output/logs/postgres.log and printed when it ends. The two never share
// a database, a port (all are picked by the OS), a data folder or a screenshot folder, and the web app is built once
// before either starts.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { buildUi, uiIsStale } from './build-ui.mjs';

const CHROMIUM = '/usr/bin/chromium';
const UNIT = ['test/**/*.test.ts', '--ignore', 'test/browser/**'];
const BROWSER = ['--timeout', '60000'];
const BROWSER_DIR = 'test/browser';
const LOGS = 'test-output/logs';

const runNow = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Extra arguments go to one mocha run on PGlite (a spec file, --grep …).
if (process.argv.length > 2) {
  runNow('npx', ['mocha', ...process.argv.slice(2)], { CRM_TEST_DB: 'pglite' });
  process.exit(0);
}

const browsers = existsSync(CHROMIUM);
if (!browsers && process.env.CI) {
  console.error(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run).`);
  process.exit(1);
}
if (!browsers) console.log(`\n(${CHROMIUM} not found: the browser tests are skipped; apt-get install chromium to run them)`);

/** Runs a command to its end; `log` (a write stream) takes its output instead of the terminal. Resolves to the exit status. */
function run(cmd, args, env, log) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: log ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, ...env } });
    if (log) {
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
    }
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** One database's stream: the mocha suites, then (if they pass) its browser files. Resolves to the first failing status or 0. */
async function stream(db, label, browserFiles, log) {
  const say = (line) => (log ? log.write(`${line}\n`) : console.log(line));
  say(`\n== tests on ${label} ==`);
  const unit = await run('npx', ['mocha', ...UNIT], { CRM_TEST_DB: db }, log);
  if (unit !== 0 || !browsers || !browserFiles.length) return unit;
  say(`\n== browser tests on ${label} (${browserFiles.length} files) ==`);
  return run('npx', ['mocha', ...BROWSER, ...browserFiles], { CRM_TEST_DB: db }, log);
}

const typeChecks = await Promise.all([run('npx', ['tsc', '--noEmit', '-p', '.']), run('npx', ['tsc', '--noEmit', '-p', 'ui'])]);
if (typeChecks.some((s) => s !== 0)) process.exit(1);
if (browsers && uiIsStale()) await buildUi({ quiet: true });

const browserFiles = readdirSync(BROWSER_DIR).filter((f) => f.endsWith('.test.ts')).sort().map((f) => `${BROWSER_DIR}/${f}`);
const server = !!process.env.TEST_DATABASE_URL;
const both = !server || process.env.TEST_BROWSER_BOTH === '1';
// The embedded database's unit suites take longer, so it gets two browser files in five and the server three.
const onPglite = (i) => i % 5 === 0 || i % 5 === 2;
const share = (db) => (both ? browserFiles : browserFiles.filter((_, i) => onPglite(i) === (db === 'pglite')));
const streams = [stream('pglite', 'embedded PostgreSQL (PGlite)', share('pglite'))];
let serverLog;
if (server) {
  mkdirSync(LOGS, { recursive: true });
  serverLog = `${LOGS}/postgres.log`;
  const log = createWriteStream(serverLog);
  console.log(`(the PostgreSQL server's run goes on beside this one; its output: ${serverLog}, printed when both end)`);
  streams.push(stream('postgres', 'PostgreSQL server (TEST_DATABASE_URL)', share('postgres'), log).then((status) => new Promise((r) => log.end(() => r(status)))));
} else {
  console.log('\n(TEST_DATABASE_URL not set: skipped the runs on a PostgreSQL server)');
}
const [embedded, serverStatus] = await Promise.all(streams);
if (serverLog) process.stdout.write(`\n${readFileSync(serverLog, 'utf8')}`);
console.log(`\n== embedded PostgreSQL (PGlite): ${embedded === 0 ? 'passed' : `FAILED (exit ${embedded})`}` + (serverLog ? `; PostgreSQL server: ${serverStatus === 0 ? 'passed' : `FAILED (exit ${serverStatus})`}` : ''));
process.exit(embedded || serverStatus || 0);
