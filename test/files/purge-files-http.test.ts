// Files of deleted records: kept (unreachable) through the retention period, then purged by the daily job with a
// `file_purge` audit entry each; bytes another file shares stay. Driven over HTTP with the business clock moved.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAudit } from '../../engine/audit/index.ts';
import { runDueJobs, setClockOffset } from '../../engine/jobs/index.ts';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

describe('files/purge of a deleted record\'s files after the retention period', function () {
  this.timeout(300_000);
  let app: DemoApp;
  let kept: string;

  before(async () => {
    app = await startDemoApp();
    const [row] = await app.sql<{ id: string }>(`select id from ${app.table('contract')} order by created_at limit 1`);
    kept = String(row!.id);
  });
  after(async () => {
    if (app) await setClockOffset(app.engine.db.knex, app.engine.tenant, 0);
    await app?.close();
  });

  const upload = async (id: string, content: string, name: string) => {
    const r = await fetch(`${app.url}/api/records/contract/${id}/files/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.tokens.admin}`, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) },
      body: `%PDF-1.4\n${content}\n`,
    });
    assert.equal(r.status, 201, await r.clone().text());
    return (await r.json()) as { id: string; sha256: string };
  };
  const blobPath = (sha: string) => join(app.config.dataDir, 'files', app.engine.tenant.schema, sha.slice(0, 2), sha);
  const runJobs = async () => {
    for (let i = 0; i < 50 && (await runDueJobs(app.systemContext(), 20)) === 20; i++);
  };
  const fileRow = async (id: string) => (await app.sql<{ orphaned_at: Date | null }>(`select orphaned_at from ${app.table('crm_file')} where id = ?`, [id]))[0];

  it('keeps the files of a deleted record for the retention period, then purges them and their unshared bytes', async () => {
    const [template] = await app.sql<Record<string, unknown>>(`select customer, contract_type from ${app.table('contract')} where id = ?`, [kept]);
    const created = await app.as('admin').post('/api/records/contract', { name: '待删除的合同', customer: template!.customer, contract_type: template!.contract_type, amount: 1000 });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const doomed = String(created.body.id);
    const own = await upload(doomed, '只属于待删合同的附件', '技术协议.pdf');
    const shared = await upload(doomed, '两份合同共有的内容', '共用.pdf');
    const other = await upload(kept, '两份合同共有的内容', '共用.pdf');
    assert.equal((await app.as('admin').delete(`/api/records/contract/${doomed}`)).status, 204);

    await runJobs();
    assert.ok((await fileRow(own.id))?.orphaned_at, 'the deleted record\'s file is noted as orphaned, not removed');
    assert.equal((await fileRow(other.id))?.orphaned_at, null, 'a file of a record that exists is untouched');
    assert.equal((await app.as('admin').get(`/api/files/${own.id}`)).status, 404, 'and it cannot be fetched');
    assert.ok(existsSync(blobPath(own.sha256)));

    await setClockOffset(app.engine.db.knex, app.engine.tenant, 29 * 86_400);
    await runJobs();
    assert.ok(await fileRow(own.id), 'still kept within the 30 days');

    await setClockOffset(app.engine.db.knex, app.engine.tenant, 31 * 86_400);
    await runJobs();
    assert.equal(await fileRow(own.id), undefined);
    assert.equal(await fileRow(shared.id), undefined);
    assert.ok(await fileRow(other.id), 'the other record\'s file stays');
    assert.equal(existsSync(blobPath(own.sha256)), false, 'unshared bytes are removed');
    assert.ok(existsSync(blobPath(other.sha256)), 'bytes another file shares stay');
    const audit = await app.sql<{ record_id: string; changes: Record<string, { file_id: string }> }>(`select record_id, changes from ${app.table('crm_audit')} where action = 'file_purge'`);
    assert.deepEqual(audit.map((a) => a.changes.attachments!.file_id).sort(), [own.id, shared.id].sort());
    assert.ok(audit.every((a) => a.record_id === doomed));
    assert.equal((await verifyAudit(app.engine.db.knex, app.engine.tenant)).ok, true, 'the audit chain still verifies');
  });
});
