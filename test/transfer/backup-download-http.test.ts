// A backup downloaded over HTTP (备份 › 下载): the very bytes of the file in the backup folder, streamed to a holder
// of the backup function and audited with who and which; refused to anyone else, and no name from the caller reaches
// the file system unless the folder's listing holds it (another tenant's, a traversal, a link, a folder: 400 or 404).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;

describe('transfer: backup download over HTTP', function () {
  this.timeout(300_000);
  let app: DemoApp;
  let work: string;
  let folder: string;
  before(async () => {
    app = await startDemoApp();
    work = mkdtempSync(join(tmpdir(), 'crm-backup-download-'));
    folder = join(work, 'backups');
    const saved = await app.send('PUT', '/api/admin/backups/settings', { enabled: false, folder }, { as: 'admin' });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  });
  after(async () => {
    await app?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const download = (name: string, as: 'admin' | 'sales_director' = 'admin') =>
    fetch(`${app.url}/api/admin/backups/${name}/file`, { headers: { authorization: `Bearer ${app.tokens[as]}` } });
  const downloadsLogged = () => app.sql<Row>(`select actor_id, changes from ${app.table('crm_audit')} where action = 'file_download' and changes->>'backup' is not null order by seq`);
  const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  it('streams the backup\'s bytes to an administrator and audits who downloaded which', async () => {
    const taken = await app.as('admin').post('/api/admin/backups');
    assert.equal(taken.status, 201, JSON.stringify(taken.body));
    const name = String(taken.body.name);
    const res = await download(name);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/gzip');
    assert.match(res.headers.get('content-disposition') ?? '', new RegExp(`attachment; filename="${name.replace(/\./g, '\\.')}"`));
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(Number(res.headers.get('content-length')), bytes.length);
    assert.equal(sha256(bytes), sha256(readFileSync(join(folder, name))), 'the file as it lies in the folder');
    const logged = await downloadsLogged();
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.actor_id, app.users.admin.id);
    assert.equal((logged[0]!.changes as Row).backup, name);
    assert.equal((logged[0]!.changes as Row).size, bytes.length);
  });

  it('refuses a user without the backup function (403), names that are not backups (400) and those not listed (404), logging none', async () => {
    const schema = app.engine.tenant.schema;
    const [listed] = (await app.as('admin').get('/api/admin/backups')).body.data as { name: string }[];
    const before = (await downloadsLogged()).length;
    assert.equal((await download(listed!.name, 'sales_director')).status, 403);
    // Things in the folder that look like backups but are not files it may hand out.
    mkdirSync(join(folder, `crm-${schema}-a-folder.tar.gz`));
    symlinkSync('/etc/hostname', join(folder, `crm-${schema}-a-link.tar.gz`));
    writeFileSync(join(work, 'secret.tar.gz'), 'outside the folder');
    const cases: [string, number][] = [
      [`crm-${schema}-20990101-000000.tar.gz`, 404],
      [`crm-${schema}-a-folder.tar.gz`, 404],
      [`crm-${schema}-a-link.tar.gz`, 404],
      [encodeURIComponent('../secret.tar.gz'), 400],
      [encodeURIComponent(`crm-${schema}-../../secret.tar.gz`), 400],
      [`crm-${schema}-..%2F..%2Fsecret.tar.gz`, 400],
      [`crm-other_tenant-20260101-000000.tar.gz`, 400],
      ['notes.txt', 400],
    ];
    for (const [name, status] of cases) {
      const res = await download(name);
      const body = (await res.json()) as { error: { details: { path: string; message: string }[] } };
      assert.equal(res.status, status, `${name}: ${JSON.stringify(body)}`);
      assert.equal(body.error.details[0]!.path, 'name', name);
    }
    const refused = (await (await download('notes.txt')).json()) as { error: { details: { message: string }[] } };
    assert.match(refused.error.details[0]!.message, /须为本系统的备份文件名/, 'in the caller\'s language');
    assert.equal((await downloadsLogged()).length, before, 'nothing handed out, nothing logged');
  });
});
