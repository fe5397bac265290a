// `npm test`: type-check (engine, tests and the UI), then the mocha suites on embedded PGlite, then the browser
// suite against the real server on PGlite; then both again on the PostgreSQL server in TEST_DATABASE_URL when
// one is given.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
const UNIT = ['test/**/*.test.ts', '--ignore', 'test/browser/**'];
const BROWSER = ['--timeout', '60000', 'test/browser/**/*.test.ts'];

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Extra arguments go to one mocha run on PGlite (a spec file, --grep …).
if (process.argv.length > 2) {
  run('npx', ['mocha', ...process.argv.slice(2)], { CRM_TEST_DB: 'pglite' });
  process.exit(0);
}

const browsers = existsSync(CHROMIUM);
if (!browsers && process.env.CI) {
  console.error(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run).`);
  process.exit(1);
}
const browserRun = (label, env) => {
  if (!browsers) {
    console.log(`\n(${CHROMIUM} not found: skipped the browser tests ${label}; apt-get install chromium to run them)`);
    return;
  }
  console.log(`\n== browser tests ${label} ==`);
  run('npx', ['mocha', ...BROWSER], env);
};

run('npx', ['tsc', '--noEmit', '-p', '.']);
run('npx', ['tsc', '--noEmit', '-p', 'ui']);
console.log('\n== tests on embedded PostgreSQL (PGlite) ==');
run('npx', ['mocha', ...UNIT], { CRM_TEST_DB: 'pglite' });
browserRun('on embedded PostgreSQL (PGlite)', { CRM_TEST_DB: 'pglite' });
if (process.env.TEST_DATABASE_URL) {
  console.log('\n== tests on PostgreSQL server (TEST_DATABASE_URL) ==');
  run('npx', ['mocha', ...UNIT], { CRM_TEST_DB: 'postgres' });
  browserRun('on PostgreSQL server (TEST_DATABASE_URL)', { CRM_TEST_DB: 'postgres' });
} else {
  console.log('\n(TEST_DATABASE_URL not set: skipped the runs on a PostgreSQL server)');
}
