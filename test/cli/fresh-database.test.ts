import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../engine/db/index.ts';
import { testDatabaseKind } from '../helpers/test-database.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'engine/cli/main.ts');

describe('cli/crm on a database that does not exist yet', function () {
  this.timeout(240_000);
  let work: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'crm-fresh-'));
    cpSync(join(ROOT, 'metadata'), join(work, 'metadata'), { recursive: true });
    cpSync(join(ROOT, 'plugins'), join(work, 'plugins'), { recursive: true });
    // No DATA_DIR: the embedded database is the project's ./data, here the copy's.
    env = { ...process.env, CRM_ROOT: work, CRM_SCHEMA: `fresh_${randomBytes(4).toString('hex')}` };
    delete env.DATA_DIR;
    delete env.DATABASE_URL;
    if (testDatabaseKind() === 'postgres') env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  });
  afterEach(async () => {
    if (env.DATABASE_URL) {
      const db = await openDatabase({ url: env.DATABASE_URL });
      await db.knex.raw(`drop schema if exists "${env.CRM_SCHEMA}" cascade`).finally(() => db.close());
    }
    rmSync(work, { recursive: true, force: true });
  });

  const crm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, encoding: 'utf8', timeout: 200_000 });

  it('says which database it opened, that it created it empty, and installs a plugin there without its demo data, saying why', () => {
    const install = crm('plugin', 'install', 'machine-tool-projects');
    assert.equal(install.status, 0, install.stdout + install.stderr);
    if (testDatabaseKind() === 'pglite') {
      assert.match(install.stderr, new RegExp(`database: none in ${join(work, 'data').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; creating an empty embedded PGlite database there`));
    } else {
      assert.match(install.stderr, new RegExp(`database: PostgreSQL .*, schema ${env.CRM_SCHEMA}\\)`));
      assert.doesNotMatch(install.stderr, /:[^/@]*@/, 'no password is printed');
    }
    assert.match(install.stdout, /machine-tool-projects [\d.]+: installed\./);
    assert.match(install.stdout, /Note: Its demo data \(seed\/demo\.json\) was not loaded: it builds on the demo company, which this database does not hold/);

    const list = crm('plugin', 'list');
    assert.equal(list.status, 0, list.stdout + list.stderr);
    if (testDatabaseKind() === 'pglite') assert.match(list.stderr, /database: embedded PGlite in .*data, schema fresh_/);
    assert.match(list.stdout, /machine-tool-projects\s+\S+\s+installed/);
  });
});
