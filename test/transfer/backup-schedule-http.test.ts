// 定时备份 over HTTP on the business clock: the schedule backs up once per due time (two runners at the same time, or
// a long downtime, still make one file), keeps exactly the last N of its own files and nothing else in the folder,
// a failed run deletes nothing and is tried again (backup-retry-http.test.ts: until the administrators are told); bad
// settings are 422 naming the field with nothing changed, and only holders of the backup function see any of it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDueJobs, setClockOffset } from '../../engine/jobs/index.ts';
import { checkBackup } from '../../engine/transfer/index.ts';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;
const DAY_MS = 24 * 3600 * 1000;

describe('transfer: backup schedule (定时备份) over HTTP', function () {
  this.timeout(300_000);
  let app: DemoApp;
  let work: string;
  let folder: string;
  before(async () => {
    app = await startDemoApp();
    work = mkdtempSync(join(tmpdir(), 'crm-backup-schedule-'));
    folder = join(work, 'backups');
  });
  after(async () => {
    if (app) await setClockOffset(app.engine.db.knex, app.engine.tenant, 0);
    await app?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const schema = () => app.engine.tenant.schema;
  const settings = () => app.as('admin').get('/api/admin/backups/settings');
  const put = (body: unknown) => app.send('PUT', '/api/admin/backups/settings', body, { as: 'admin' });
  const runJobs = () => runDueJobs(app.engine.systemContext());
  const now = async () => new Date(String((await app.sql<{ now: string }>('select now() as now'))[0]!.now));
  /** Moves the business clock so that it reads `at` plus a minute. */
  const clockTo = async (at: Date) => setClockOffset(app.engine.db.knex, app.engine.tenant, Math.ceil((at.getTime() - (await now()).getTime()) / 1000) + 60);
  const scheduled = () => readdirSync(folder).filter((n) => n.includes('-scheduled-') && n.endsWith('.tar.gz')).sort();
  const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  const nameOf = (at: Date) => `crm-${schema()}-scheduled-${stamp(at)}.tar.gz`;
  const nextRun = async () => new Date(String((await settings()).body.next_run_at));

  it('refuses bad settings with 422 naming each field and changes nothing', async () => {
    const before = (await settings()).body;
    assert.equal(before.enabled, false, 'off until an administrator turns it on');
    const aFile = join(work, 'not-a-folder');
    writeFileSync(aFile, 'x');
    const good = { enabled: true, frequency: 'daily', time: '03:00', keep_count: 2, folder };
    const cases: [Row, string][] = [
      [{ ...good, frequency: 'hourly' }, '/frequency'],
      [{ ...good, frequency: 'weekly' }, '/weekday'],
      [{ ...good, time: '25:00' }, '/time'],
      [{ ...good, keep_count: 0 }, '/keep_count'],
      [{ ...good, keep_count: null, keep_days: null }, '/keep_count'],
      [{ ...good, folder: join(aFile, 'backups') }, '/folder'],
      [{ ...good, colour: 'red' }, '/colour'],
    ];
    for (const [body, path] of cases) {
      const r = await put(body);
      assert.equal(r.status, 422, `${path}: ${JSON.stringify(r.body)}`);
      assert.deepEqual(r.body.error.details.map((d: Row) => d.path), [path], JSON.stringify(r.body));
    }
    const folderRefusal = (await put(cases[5]![0])).body.error.details[0].message;
    assert.match(folderRefusal, /是一个文件，不是文件夹/, 'in the administrator\'s language');
    assert.deepEqual((await settings()).body, before, 'nothing changed');
    assert.equal((await app.sql(`select 1 from ${app.table('crm_job')} where kind = 'backup_schedule'`)).length, 0, 'no run planned');
    assert.equal(existsSync(folder), false, 'no folder made');
  });

  it('answers 403 to a user without the backup function', async () => {
    for (const [method, path] of [['GET', '/api/admin/backups/settings'], ['PUT', '/api/admin/backups/settings'], ['GET', '/api/admin/backups'], ['POST', '/api/admin/backups']] as const) {
      const r = await app.send(method, path, method === 'PUT' ? { enabled: false } : undefined, { as: 'sales_director' });
      assert.equal(r.status, 403, `${method} ${path}: ${JSON.stringify(r.body)}`);
    }
  });

  it('backs up once per due time, keeps exactly the last N of its own files, and a failed run deletes nothing and succeeds on its retry', async () => {
    mkdirSync(folder, { recursive: true });
    // Not the schedule's: never deleted by its retention.
    const others = [`crm-${schema()}-20200101-000000.tar.gz`, 'other-system.tar.gz', 'notes.txt'];
    for (const name of others) writeFileSync(join(folder, name), 'kept');
    const saved = await put({ enabled: true, frequency: 'daily', time: '03:00', keep_count: 2, folder });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.folder_path, folder);
    const first = new Date(String(saved.body.next_run_at));
    assert.equal(first.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }), '03:00');
    const changed = await app.sql<Row>(`select actor_id, changes from ${app.table('crm_audit')} where action = 'metadata_change' and changes->'backup_schedule' is not null`);
    assert.equal(changed.length, 1, 'the change is audited');
    assert.equal(changed[0]!.actor_id, app.users.admin.id);

    await runJobs();
    assert.deepEqual(scheduled(), [], 'not due yet');
    await clockTo(first);
    await Promise.all([runJobs(), runJobs()]);
    await runJobs();
    assert.deepEqual(scheduled(), [nameOf(first)], 'two runners at the same due time: one backup');
    const check = await checkBackup(join(folder, nameOf(first)), { databaseUrl: app.config.databaseUrl });
    assert.deepEqual(check.differences, [], 'taken inside the job, it restores equal to its manifest');
    const afterFirst = (await settings()).body;
    assert.equal(afterFirst.last_run.status, 'ok', JSON.stringify(afterFirst.last_run));
    assert.equal(new Date(afterFirst.next_run_at).getTime(), first.getTime() + DAY_MS, 'the next run is a day later');

    const second = await nextRun();
    await clockTo(second);
    await runJobs();
    assert.deepEqual(scheduled(), [nameOf(first), nameOf(second)]);

    const manual = await app.as('admin').post('/api/admin/backups');
    assert.equal(manual.status, 201, JSON.stringify(manual.body));
    assert.equal(manual.body.kind, 'manual');
    assert.ok(manual.body.size > 0 && manual.body.tables > 0);

    // The third run fails: its partial file's place is taken by a folder. It deletes nothing, says why in Chinese,
    // tells nobody yet and is tried again 5 minutes later, when (the obstacle gone) it succeeds.
    const third = await nextRun();
    const obstacle = join(folder, `${nameOf(third)}.partial`);
    mkdirSync(join(obstacle, 'inside'), { recursive: true });
    await clockTo(third);
    await runJobs();
    assert.deepEqual(scheduled(), [nameOf(first), nameOf(second)], 'a failed run deletes nothing');
    const failed = (await settings()).body;
    assert.equal(failed.last_run.status, 'failed');
    assert.equal(failed.last_run.attempt, 1);
    assert.ok(failed.last_run.error);
    assert.equal(failed.last_run.reason, '备份文件的位置被同名的文件夹或文件占用');
    const retryAfter = Date.parse(failed.last_run.retry_at) - third.getTime();
    assert.ok(retryAfter >= 6 * 60_000 && retryAfter < 7 * 60_000, `retried 5 minutes after the attempt, a minute past the due time: ${retryAfter} ms`);
    assert.equal(new Date(failed.next_run_at).getTime(), third.getTime() + DAY_MS, 'the next run is still the next due time');
    const [audit] = await app.sql<Row>(`select actor_kind, changes from ${app.table('crm_audit')} where action = 'backup' and changes->>'status' = 'failed'`);
    assert.equal(audit?.actor_kind, 'system');
    assert.equal((await app.sql(`select 1 from ${app.table('crm_message')} where kind = 'backup'`)).length, 0, 'nobody is told while a retry is coming');
    rmSync(obstacle, { recursive: true });
    await clockTo(new Date(failed.last_run.retry_at));
    await Promise.all([runJobs(), runJobs()]);
    const retried = (await settings()).body.last_run;
    assert.deepEqual([retried.status, retried.attempt, retried.retry_at], ['ok', 2, undefined], JSON.stringify(retried));
    assert.deepEqual(scheduled(), [nameOf(second), nameOf(third)], 'the retry wrote the due time\'s file, once, and the retention applied');

    // Three days without a server: the missed run is taken once, and the retention leaves exactly two.
    const fourth = await nextRun();
    await clockTo(new Date(fourth.getTime() + 3 * DAY_MS));
    await runJobs();
    await runJobs();
    assert.deepEqual(scheduled(), [nameOf(third), nameOf(fourth)], 'exactly the last two of the schedule\'s backups');
    for (const name of [...others, manual.body.name]) assert.ok(existsSync(join(folder, name)), `${name} is not the schedule's and stays`);

    const listed = await app.as('admin').get('/api/admin/backups');
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const expected = [[nameOf(fourth), 'scheduled'], [nameOf(third), 'scheduled'], [manual.body.name, 'manual'], [others[0], 'manual']];
    assert.deepEqual(listed.body.data.map((f: Row) => [f.name, f.kind]).sort(), expected.sort(), 'this tenant\'s backups, nothing else');
    const times = listed.body.data.map((f: Row) => Date.parse(String(f.created_at)));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    assert.ok(listed.body.data.every((f: Row) => Number(f.size) > 0 && !Number.isNaN(Date.parse(String(f.created_at)))));
  });
});
