// A scheduled backup that keeps failing (定时备份失败) on the business clock: tried again after 5, 15 and 60 minutes,
// each attempt once however many runners poll at once, every failure audited and shown with its reason in Chinese;
// after the last retry the administrators get one in-app message, nothing is deleted, and the next due time stands.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDueJobs, setClockOffset } from '../../engine/jobs/index.ts';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;
const MINUTE = 60_000;

describe('transfer: a failed scheduled backup is retried, then the administrators are told', function () {
  this.timeout(300_000);
  let app: DemoApp;
  let work: string;
  before(async () => {
    app = await startDemoApp();
    work = mkdtempSync(join(tmpdir(), 'crm-backup-retry-'));
  });
  after(async () => {
    if (app) await setClockOffset(app.engine.db.knex, app.engine.tenant, 0);
    await app?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const settings = async () => (await app.as('admin').get('/api/admin/backups/settings')).body;
  const runners = () => Promise.all([runDueJobs(app.engine.systemContext()), runDueJobs(app.engine.systemContext())]);
  const now = async () => new Date(String((await app.sql<{ now: string }>('select now() as now'))[0]!.now));
  const clockTo = async (at: Date) => setClockOffset(app.engine.db.knex, app.engine.tenant, Math.ceil((at.getTime() - (await now()).getTime()) / 1000) + 1);
  const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');

  it('retries after 5, 15 and 60 minutes, once each, and tells the administrators once after the last', async () => {
    const folder = join(work, 'backups');
    const saved = await app.send('PUT', '/api/admin/backups/settings', { enabled: true, frequency: 'daily', time: '04:00', keep_count: 3, folder }, { as: 'admin' });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const due = new Date(String(saved.body.next_run_at));
    // The injected failure: the place of the run's partial file is taken by a folder, for every attempt.
    mkdirSync(join(folder, `crm-${app.engine.tenant.schema}-scheduled-${stamp(due)}.tar.gz.partial`, 'inside'), { recursive: true });

    await clockTo(due);
    await runners();
    let last = (await settings()).last_run;
    for (let attempt = 1; attempt <= 3; attempt++) {
      assert.deepEqual([last.status, last.attempt], ['failed', attempt], JSON.stringify(last));
      assert.equal(last.reason, '备份文件的位置被同名的文件夹或文件占用');
      assert.equal((await app.sql(`select 1 from ${app.table('crm_message')} where kind = 'backup'`)).length, 0, 'nobody is told while a retry is coming');
      const retryAt = new Date(last.retry_at);
      await clockTo(new Date(retryAt.getTime() - MINUTE));
      await runners();
      assert.equal((await settings()).last_run.attempt, attempt, 'not before its time');
      await clockTo(retryAt);
      await runners();
      last = (await settings()).last_run;
    }
    assert.deepEqual([last.status, last.attempt, last.retry_at], ['failed', 4, undefined], JSON.stringify(last));

    const attempts = await app.sql<Row>(`select status, attempts from ${app.table('crm_job')} where key like ? order by id`, [`backup_schedule:${due.toISOString()}%`]);
    assert.deepEqual(attempts.map((j) => [j.status, Number(j.attempts)]), [['done', 1], ['done', 1], ['done', 1], ['done', 1]], 'one job per attempt, each run once');
    const retryDues = await app.sql<{ key: string; due_at: string }>(`select key, due_at from ${app.table('crm_job')} where key like ? order by id`, [`backup_schedule:${due.toISOString()}:retry%`]);
    const gaps = retryDues.map((j, i) => Math.round((Date.parse(j.due_at) - (i === 0 ? due.getTime() : Date.parse(retryDues[i - 1]!.due_at))) / MINUTE));
    assert.deepEqual(gaps, [5, 15, 60], 'each retry 5, 15, 60 minutes after the attempt before it');
    const audited = await app.sql<Row>(`select actor_kind, changes from ${app.table('crm_audit')} where action = 'backup' and changes->>'at' = ? order by seq`, [due.toISOString()]);
    assert.deepEqual(audited.map((a) => [a.actor_kind, (a.changes as Row).status, (a.changes as Row).attempt]), [1, 2, 3, 4].map((n) => ['system', 'failed', n]));

    const messages = await app.sql<Row>(`select recipient, title, body from ${app.table('crm_message')} where kind = 'backup'`);
    assert.deepEqual(messages.map((m) => m.recipient), [app.users.admin.id], 'one message, to the administrator only');
    assert.equal(messages[0]!.title, '定时备份失败');
    assert.match(String(messages[0]!.body), /重试 3 次后仍未完成：备份文件的位置被同名的文件夹或文件占用/);
    assert.deepEqual(readdirSync(folder).filter((n) => n.endsWith('.tar.gz')), [], 'no backup written');
    const pending = await app.sql<{ due_at: string }>(`select due_at from ${app.table('crm_job')} where kind = 'backup_schedule' and status = 'pending'`);
    assert.deepEqual(pending.map((j) => Date.parse(j.due_at)), [due.getTime() + 24 * 60 * MINUTE], 'the next due time, planned once');
  });
});
