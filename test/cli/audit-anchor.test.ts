import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../engine/db/index.ts';
import { testDatabaseKind } from '../helpers/test-database.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'engine/cli/main.ts');

describe('cli/crm audit anchor and verify --anchor-file', function () {
  this.timeout(180_000);
  let work: string;
  let env: NodeJS.ProcessEnv;
  let anchors: string;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'crm-anchor-'));
    cpSync(join(ROOT, 'metadata'), join(work, 'metadata'), { recursive: true });
    anchors = join(work, 'anchors.txt');
    env = { ...process.env, CRM_ROOT: work, DATA_DIR: join(work, 'data'), CRM_SCHEMA: `anchor_${randomBytes(4).toString('hex')}`, CRM_NEW_PASSWORD: 'a-long-password-1' };
    delete env.DATABASE_URL;
    if (testDatabaseKind() === 'postgres') env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  });
  afterEach(async () => {
    if (env.DATABASE_URL) await asOwner(`drop schema if exists "${env.CRM_SCHEMA}" cascade`);
    rmSync(work, { recursive: true, force: true });
  });

  const crm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });

  /** Straight into the database as the tables' owner, as an attacker with those rights would. */
  async function asOwner(...statements: string[]): Promise<void> {
    const db = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.DATA_DIR! });
    try {
      for (const sql of statements) await db.knex.raw(sql);
    } finally {
      await db.close();
    }
  }

  it('appends the head to a file, verifies against it, and catches a cut tail with a rewound head that plain verify passes', async () => {
    assert.equal(crm('user', 'add', '--username', 'anchor_a').status, 0);
    const first = crm('audit', 'anchor', '--out', anchors);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /^Appended \d+:[0-9a-f]{64} to .*anchors\.txt/);
    assert.equal(crm('user', 'add', '--username', 'anchor_b').status, 0);
    const second = crm('audit', 'anchor', '--out', anchors);
    assert.equal(second.status, 0, second.stdout + second.stderr);
    const lines = readFileSync(anchors, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /^\d+:[0-9a-f]{64} \d{4}-\d\d-\d\dT/);
    const [seq] = lines[1]!.split(':');

    const intact = crm('audit', 'verify', '--anchor-file', anchors);
    assert.equal(intact.status, 0, intact.stdout + intact.stderr);
    assert.match(intact.stdout, new RegExp(`including the anchor ${seq}:`));

    // The owner switches the triggers off, cuts the newest entry and rewinds the head onto the one before.
    const s = `"${env.CRM_SCHEMA}"`;
    await asOwner(
      `alter table ${s}.crm_audit disable trigger user`,
      `alter table ${s}.crm_audit_head disable trigger user`,
      `delete from ${s}.crm_audit where seq = ${seq}`,
      `update ${s}.crm_audit_head h set seq = a.seq, hash = a.hash, prev_hash = a.prev_hash, logged_at = a.logged_at from ${s}.crm_audit a where a.seq = ${Number(seq) - 1}`,
    );
    assert.equal(crm('audit', 'verify').status, 0, 'without an anchor a consistent cut passes (the documented limit)');
    const broken = crm('audit', 'verify', '--anchor-file', anchors);
    assert.equal(broken.status, 1, broken.stdout + broken.stderr);
    assert.match(broken.stderr, new RegExp(`Audit log BROKEN at entry ${seq}: .*entry ${seq} was recorded earlier`));

    const refused = crm('audit', 'anchor', '--out', anchors);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /BROKEN.*Nothing was written/);
    assert.equal(readFileSync(anchors, 'utf8').trim().split('\n').length, 2, 'the broken chain is not anchored');
  });

  it('answers exit code 2 with a clear message for a missing, empty or malformed anchor file', () => {
    const missing = crm('audit', 'verify', '--anchor-file', join(work, 'nope.txt'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /anchor file .*nope\.txt does not exist/);
    writeFileSync(anchors, '# anchors\n\n');
    assert.match(crm('audit', 'verify', '--anchor-file', anchors).stderr, /holds no anchor/);
    writeFileSync(anchors, '12:abc\n');
    const malformed = crm('audit', 'verify', '--anchor-file', anchors);
    assert.equal(malformed.status, 2);
    assert.match(malformed.stderr, /anchors\.txt line 1 must be SEQ:HASH/);
    assert.equal(crm('audit', 'anchor').status, 2, '--out is required');
  });
});
