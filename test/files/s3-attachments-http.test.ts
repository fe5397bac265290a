// Attachments kept on S3-compatible storage (CRM_S3_BUCKET …): the same HTTP surface as on disk, the bytes in the
// bucket under the tenant's prefix; a backup reads them from the bucket and a restore puts them back.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackup, restoreBackup } from '../../engine/transfer/index.ts';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';
import { fakeS3Env, startFakeS3, type FakeS3 } from '../helpers/fake-s3.ts';

const PDF = Buffer.from('%PDF-1.4\n% 终验收报告\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('files/attachments on S3-compatible storage: upload, download, backup and restore', function () {
  this.timeout(300_000);
  let s3: FakeS3;
  let app: DemoApp;
  let contract: string;
  let work: string;

  before(async () => {
    s3 = await startFakeS3();
    app = await startDemoApp(undefined, fakeS3Env(s3, 'tenant-a/'));
    const [row] = await app.sql<{ id: string }>(`select id from ${app.table('contract')} where owner = ? order by created_at limit 1`, [app.users.sales1.id]);
    contract = String(row!.id);
    work = mkdtempSync(join(tmpdir(), 'crm-s3-backup-'));
  });
  after(async () => {
    await app?.close();
    await s3?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const upload = (body: BodyInit) =>
    fetch(`${app.url}/api/records/contract/${contract}/files/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.tokens.sales1}`, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('终验收报告.pdf') },
      body,
    });

  it('keeps an uploaded file in the bucket, serves it byte for byte under the record\'s permissions', async () => {
    const r = await upload(new Blob([PDF]));
    assert.equal(r.status, 201, await r.clone().text());
    const file = (await r.json()) as { id: string; sha256: string };
    assert.deepEqual(s3.objects.get(`tenant-a/${file.sha256.slice(0, 2)}/${file.sha256}`), PDF);
    const got = await fetch(`${app.url}/api/files/${file.id}`, { headers: { authorization: `Bearer ${app.tokens.sales1}` } });
    assert.equal(got.status, 200);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), PDF);
    const outsider = await fetch(`${app.url}/api/files/${file.id}`, { headers: { authorization: `Bearer ${app.tokens.sales3}` } });
    assert.equal(outsider.status, 404, 'a user outside the record\'s scope gets 404, as on disk');
  });

  it('answers 503 with a retry hint when the bucket cannot be reached, and records nothing', async () => {
    const before = await app.sql(`select id from ${app.table('crm_file')}`);
    s3.failNext(20);
    const r = await upload('%PDF-1.4\n% another\n');
    s3.failNext(0);
    assert.equal(r.status, 503);
    assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'FILE_STORAGE_UNAVAILABLE');
    assert.ok(r.headers.get('retry-after'));
    assert.equal((await app.sql(`select id from ${app.table('crm_file')}`)).length, before.length);
  });

  it('backs the bucket\'s files up and puts them back on restore', async () => {
    const archive = join(work, 'backup.tar.gz');
    const manifest = await createBackup({ db: app.engine.db, files: app.engine.files, schema: app.engine.tenant.schema, dataDir: app.config.dataDir, databaseUrl: app.config.databaseUrl }, archive);
    const key = [...s3.objects.keys()].find((k) => k.startsWith('tenant-a/'))!;
    assert.ok(manifest.entries.some((e) => e.path === `files/${app.engine.tenant.schema}/${key.slice('tenant-a/'.length)}`), 'the blob is in the archive');
    await app.stop();
    s3.objects.clear();
    const report = await restoreBackup(archive, { kind: app.engine.db.kind, schema: app.engine.tenant.schema, dataDir: app.config.dataDir, databaseUrl: app.config.databaseUrl, s3: app.config.s3 });
    assert.deepEqual(report.differences, []);
    assert.deepEqual(s3.objects.get(key), PDF, 'the file is back in the bucket');
  });
});
