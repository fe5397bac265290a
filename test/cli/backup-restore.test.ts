// `crm backup`, `crm restore --check` and `crm restore` on a database of their own (PGlite folder or a schema on the
// test server): backup → change and wipe → restore gives back the records, the attachment files and an audit chain
// that verifies; a damaged archive and a running server are refused with nothing changed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../engine/db/index.ts';
import { runCrm } from '../helpers/crm-cli.ts';
import { PROJECT_ROOT } from '../helpers/plugin-root.ts';
import { testDatabaseKind } from '../helpers/test-database.ts';

describe('cli/crm backup and restore', function () {
  this.timeout(600_000);
  let work: string;
  let env: NodeJS.ProcessEnv;
  let schema: string;
  let archive: string;
  const attachment = () => join(work, 'data', 'files', schema, 'ab', 'ab'.padEnd(64, '0'));

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'crm-backup-'));
    cpSync(join(PROJECT_ROOT, 'metadata'), join(work, 'metadata'), { recursive: true });
    schema = `bak_${randomBytes(4).toString('hex')}`;
    env = { CRM_ROOT: work, CRM_SCHEMA: schema, DATA_DIR: join(work, 'data'), CRM_NEW_PASSWORD: 'Quartz-Lamp-88', CRM_MODE: 'production' };
    if (testDatabaseKind() === 'postgres') env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    const added = await runCrm(env, ['user', 'add', '--username', 'keeper', '--admin'], 240_000);
    assert.equal(added.status, 0, added.stderr);
    mkdirSync(join(attachment(), '..'), { recursive: true });
    writeFileSync(attachment(), '报价单 v1');
    // A backup takes the blobs the file rows refer to, so the blob gets its row (of a record deleted since: no record).
    await sql(`insert into "${schema}".crm_file (id, entity, record_id, field, name, content_type, size, sha256, storage_key, created_by)
               values (gen_random_uuid(), 'contract', gen_random_uuid(), 'attachments', '报价单.pdf', 'application/pdf', 12, '${'ab'.padEnd(64, '0')}', 'ab/${'ab'.padEnd(64, '0')}', gen_random_uuid())`);
    archive = join(work, 'backup.tar.gz');
  });
  after(async () => {
    if (env.DATABASE_URL) {
      const db = await openDatabase({ url: env.DATABASE_URL });
      await db.knex.raw(`drop schema if exists "${schema}" cascade`).finally(() => db.close());
    }
    rmSync(work, { recursive: true, force: true });
  });

  const sql = async <T>(text: string): Promise<T[]> => {
    const db = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.DATA_DIR });
    try {
      return (await db.knex.raw(text)).rows as T[];
    } finally {
      await db.close();
    }
  };
  const usernames = async () => (await sql<{ username: string }>(`select username from "${schema}".app_user order by username`)).map((r) => r.username);
  const changedAfterBackup = async () => (await sql(`select 1 from "${schema}".crm_setting where key = 'after_backup'`)).length === 1;

  it('writes one archive with a manifest, and --check restores a scratch copy that compares equal (exit 0)', async () => {
    const backup = await runCrm(env, ['backup', archive], 240_000);
    assert.equal(backup.status, 0, backup.stdout + backup.stderr);
    assert.match(backup.stdout, testDatabaseKind() === 'postgres' ? /pg_dump custom format/ : /copy of the database folder/);
    assert.match(backup.stdout, /1 attachment files/);
    const check = await runCrm(env, ['restore', '--check', archive], 240_000);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /crm_audit\s+\d+\s+\d+\s+equal/);
    assert.match(check.stdout, /All \d+ tables equal \(row counts and checksums\); 1 attachment files intact/);
  });

  it('refuses a truncated or damaged archive with a clear message and changes nothing', async () => {
    await sql(`insert into "${schema}".crm_setting (key, value) values ('after_backup', 'x')`);
    const bytes = readFileSync(archive);
    const truncated = join(work, 'truncated.tar.gz');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const damaged = join(work, 'damaged.tar.gz');
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 3)]! ^= 0xff;
    writeFileSync(damaged, flipped);
    const cut = await runCrm(env, ['restore', truncated], 240_000);
    assert.equal(cut.status, 1, cut.stdout + cut.stderr);
    assert.match(cut.stderr, /truncated\.tar\.gz is not a complete backup archive/);
    const check = await runCrm(env, ['restore', '--check', damaged], 240_000);
    assert.equal(check.status, 1, check.stdout + check.stderr);
    assert.match(check.stderr, /damaged\.tar\.gz (is not a complete backup archive|cannot be restored)/);
    assert.ok(await changedAfterBackup(), 'the database was not touched');
    assert.equal(readFileSync(attachment(), 'utf8'), '报价单 v1');
  });

  it('refuses to restore while a server holds the database, naming it', async () => {
    // A server announces itself in the data folder's lock file; this test process stands in for it (it is alive).
    mkdirSync(env.DATA_DIR!, { recursive: true });
    const lock = join(env.DATA_DIR!, 'crm.lock.json');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, kind: 'server', port: 3999, token: 'x', startedAt: new Date().toISOString() }));
    try {
      const r = await runCrm(env, ['restore', archive], 240_000);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, new RegExp(`A crm server \\(pid ${process.pid}, port 3999\\) is running on this database: stop it before restoring`));
    } finally {
      rmSync(lock, { force: true });
    }
    assert.ok(await changedAfterBackup());
  });

  it('restores the records, the attachments and an audit chain that verifies, after the data was changed and the files wiped', async () => {
    rmSync(join(work, 'data', 'files'), { recursive: true, force: true });
    const restore = await runCrm(env, ['restore', archive], 240_000);
    assert.equal(restore.status, 0, restore.stdout + restore.stderr);
    assert.match(restore.stdout, /All \d+ tables equal/);
    assert.deepEqual(await usernames(), ['keeper']);
    assert.ok(!(await changedAfterBackup()), 'the change made after the backup is gone');
    assert.equal(readFileSync(attachment(), 'utf8'), '报价单 v1');
    assert.ok(!existsSync(join(env.DATA_DIR!, 'crm.lock.json')), 'the lock is released');
    const verify = await runCrm(env, ['audit', 'verify'], 240_000);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /Audit log intact/);
  });
});
