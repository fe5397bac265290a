// `npm test`: type-check, then the whole mocha suite on embedded PGlite, then again on the PostgreSQL server in
// TEST_DATABASE_URL when one is given.
import { spawnSync } from 'node:child_process';

// Extra arguments go to mocha (a spec file, --grep …); without them the whole suite runs.
const extra = process.argv.length > 2 ? process.argv.slice(2) : ['test/**/*.test.ts'];
const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('npx', ['tsc', '--noEmit', '-p', '.']);
console.log('\n== tests on embedded PostgreSQL (PGlite) ==');
run('npx', ['mocha', ...extra], { CRM_TEST_DB: 'pglite' });
if (process.env.TEST_DATABASE_URL) {
  console.log('\n== tests on PostgreSQL server (TEST_DATABASE_URL) ==');
  run('npx', ['mocha', ...extra], { CRM_TEST_DB: 'postgres' });
} else {
  console.log('\n(TEST_DATABASE_URL not set: skipped the run on a PostgreSQL server)');
}
