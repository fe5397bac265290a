// 定时发送 over HTTP on the business clock: a weekly schedule sends on its weekday once per occurrence (running the
// jobs twice, or after a long downtime, still sends once), each recipient gets numbers under their own scope, a
// recipient without the right gets a message saying so instead of data, the file is theirs only; bad input is 422
// naming the path.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { SMTPServer } from 'smtp-server';
import { runDueJobs, setClockOffset } from '../../engine/jobs/index.ts';
import { configureMailer } from '../../engine/notify/index.ts';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;
const DAY_MS = 24 * 3600 * 1000;

describe('reports: scheduled delivery (定时发送) on the business clock', function () {
  this.timeout(240_000);
  let app: DemoApp;
  let code: string;
  before(async () => {
    app = await startDemoApp();
    const r = await app.as('sales_director').post('/api/reports', {
      labels: { 'zh-CN': '商机阶段周报' },
      definition: { entity: 'opportunity', group_by: [{ field: 'stage' }], measures: [{ op: 'count', as: 'n' }] },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    code = String(r.body.code);
  });
  after(async () => {
    if (app) await setClockOffset(app.engine.db.knex, app.engine.tenant, 0);
    await app?.close();
  });

  const put = (user: DemoUser, path: string, body: unknown) => app.send('PUT', path, body, { as: user });
  const runJobs = () => runDueJobs(app.engine.systemContext());
  const now = async () => new Date(String((await app.sql<{ now: string }>('select now() as now'))[0]!.now));
  /** Moves the business clock so that it reads `at` plus a minute. */
  const clockTo = async (at: Date) => setClockOffset(app.engine.db.knex, app.engine.tenant, Math.ceil((at.getTime() - (await now()).getTime()) / 1000) + 60);
  const deliveries = (user: DemoUser) => app.sql<Row>(`select * from ${app.table('crm_message')} where recipient = ? and kind = 'report_delivery' order by created_at`, [app.users[user].id]);
  const count = async (user: DemoUser) => (await app.as(user).get('/api/records/opportunity?count=exact&limit=1')).body.count as number;
  const download = async (user: DemoUser, id: string) => {
    const r = await fetch(`${app.url}/api/report-deliveries/${id}/file`, { headers: { authorization: `Bearer ${app.tokens[user]}` } });
    return { status: r.status, text: Buffer.from(await r.arrayBuffer()).toString('utf8') };
  };
  const totalOf = (csv: string) => {
    const rows = parse(csv.replace(/^\uFEFF/, '')) as string[][];
    return Number(rows.find((r) => r[0] === '合计')![1]);
  };

  it('sends a weekly schedule on its weekday once, each recipient their own numbers: a file, the rows in the message without the export right, a refusal without the read right', async () => {
    // Tomorrow's weekday in Shanghai, so the first occurrence is a day ahead of the clock.
    const tomorrow = new Date((await now()).getTime() + DAY_MS);
    const weekday = (new Date(tomorrow.toLocaleString('en-US', { timeZone: 'Asia/Shanghai' })).getDay() || 7);
    const created = await app.as('sales_director').post(`/api/reports/${code}/schedules`, {
      frequency: 'weekly', weekday, time: '08:30', format: 'csv',
      recipients: { users: [app.users.sales_mgr1.id, app.users.gm.id, app.users.service1.id, app.users.sales1.id] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const first = new Date(String(created.body.next_run_at));
    assert.equal(first.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }), '08:30');
    assert.ok(first.getTime() - (await now()).getTime() < 2 * DAY_MS);

    await runJobs();
    assert.equal((await deliveries('gm')).length, 0, 'not due yet');
    await clockTo(first);
    await Promise.all([runJobs(), runJobs()]);
    await runJobs();
    for (const user of ['gm', 'sales_mgr1', 'service1', 'sales1'] as const) assert.equal((await deliveries(user)).length, 1, `${user} gets one message`);

    const [gm] = await deliveries('gm');
    const [mgr] = await deliveries('sales_mgr1');
    assert.match(String(gm!.title), /^商机阶段周报 · \d{4}-\d{2}-\d{2}$/);
    const gmFile = await download('gm', String(gm!.record_id));
    const mgrFile = await download('sales_mgr1', String(mgr!.record_id));
    assert.equal(gmFile.status, 200);
    assert.equal(totalOf(gmFile.text), await count('gm'));
    assert.equal(totalOf(mgrFile.text), await count('sales_mgr1'));
    assert.ok(totalOf(gmFile.text) > totalOf(mgrFile.text), 'the manager sees only their departments');
    assert.equal((await download('gm', String(mgr!.record_id))).status, 404, 'nobody else fetches a recipient\'s file');
    assert.equal((await download('sales_director', String(mgr!.record_id))).status, 404, 'not even the owner');

    const [service] = await deliveries('service1');
    assert.match(String(service!.body), /没有查看此报表数据的权限/, 'service may not read opportunities at all');
    assert.equal(service!.record_id, null, 'a refusal links no file');
    // A salesman may read his opportunities but not export them: his own rows come in the message, with no file.
    const [rep] = await deliveries('sales1');
    assert.match(String(rep!.body), /您没有导出权限，数据附在消息中/);
    assert.equal(rep!.record_id, null, 'no file to download');
    const total = String(rep!.body).split('\n').find((line) => line.startsWith('合计 | '));
    const own = await count('sales1');
    assert.equal(Number(total!.split(' | ')[1]!.replaceAll(',', '')), own, 'his own rows, counted as his list counts them');
    assert.ok(own > 0 && own < (await count('gm')), `${own} of the company's opportunities`);

    const audit = await app.sql<Row>(`select actor_id from ${app.table('crm_audit')} where action = 'export' and entity = 'opportunity' and changes->>'report' = ?`, [code]);
    assert.deepEqual(audit.map((a) => a.actor_id).sort(), [app.users.gm.id, app.users.sales_mgr1.id].sort(), 'audited as each recipient\'s export');

    const listed = await app.as('sales_director').get(`/api/reports/${code}/schedules`);
    assert.equal(listed.status, 200);
    assert.equal(new Date(String(listed.body.data[0].next_run_at)).getTime(), first.getTime() + 7 * DAY_MS, 'the next occurrence is a week later');
  });

  it('after a long downtime sends a missed schedule once, not once per missed occurrence, and plans the next after now', async () => {
    const created = await app.as('sales_director').post(`/api/reports/${code}/schedules`, { frequency: 'daily', time: '07:00', recipients: { users: [app.users.gm.id] } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const sent = () => app.sql(`select 1 from ${app.table('crm_report_delivery')} where schedule_id = ?`, [created.body.id]);
    await clockTo(new Date(new Date(String(created.body.next_run_at)).getTime() + 9 * DAY_MS));
    await runJobs();
    await runJobs();
    assert.equal((await sent()).length, 1, 'ten missed days, one delivery');
    const [schedule] = (await app.as('sales_director').get(`/api/reports/${code}/schedules`)).body.data.filter((s: Row) => s.id === created.body.id);
    const [clock] = await app.sql<{ now: string }>(`select now() + (select value::numeric from ${app.table('crm_setting')} where key = 'clock_offset_seconds') * interval '1 second' as now`);
    const next = new Date(String(schedule.next_run_at)).getTime();
    assert.ok(next > new Date(String(clock!.now)).getTime() && next - new Date(String(clock!.now)).getTime() <= DAY_MS, 'next run within a day after now');
    assert.equal((await app.as('sales_director').delete(`/api/reports/${code}/schedules/${String(created.body.id)}`)).status, 204);
    assert.equal((await app.sql(`select 1 from ${app.table('crm_job')} where kind = 'report_schedule' and status = 'pending' and payload->>'schedule' = ?`, [created.body.id])).length, 0, 'its pending run goes with it');
  });

  it('refuses bad schedules with 422 naming each path, and schedules of a report that is not yours', async () => {
    const bad = await app.as('sales_director').post(`/api/reports/${code}/schedules`, {
      frequency: 'hourly', time: '25:00', format: 'pdf', colour: 'red',
      recipients: { users: ['00000000-0000-0000-0000-000000000000'], roles: ['no_such_role'], departments: [app.departments['销售一部'] ?? 'x', 'nope'] },
    });
    assert.equal(bad.status, 422, JSON.stringify(bad.body));
    assert.deepEqual(bad.body.error.details.map((d: Row) => d.path).sort(), ['/colour', '/format', '/frequency', '/recipients/departments/1', '/recipients/roles/0', '/recipients/users/0', '/time'].sort());
    const weekly = await app.as('sales_director').post(`/api/reports/${code}/schedules`, { frequency: 'weekly', time: '09:00', day_of_month: 3, recipients: {} });
    assert.deepEqual(weekly.body.error.details.map((d: Row) => d.path).sort(), ['/day_of_month', '/recipients', '/weekday']);
    assert.equal((await app.as('sales_director').post(`/api/reports/${code}/schedules`, { frequency: 'monthly', day_of_month: 0, time: '09:00', recipients: { roles: ['gm'] } })).body.error.details[0].path, '/day_of_month');
    assert.equal((await app.as('sales1').post(`/api/reports/${code}/schedules`, { frequency: 'daily', time: '09:00', recipients: { roles: ['gm'] } })).status, 404, 'not shared with them');
    assert.equal((await app.as('sales_director').post('/api/reports/opportunity_by_stage/schedules', { frequency: 'daily', time: '09:00', recipients: { roles: ['gm'] } })).status, 403, 'a built-in report is scheduled by an administrator');
    const builtin = await app.as('admin').post('/api/reports/opportunity_by_stage/schedules', { frequency: 'monthly', day_of_month: 31, time: '18:00', recipients: { roles: ['gm'] } });
    assert.equal(builtin.status, 201, JSON.stringify(builtin.body));
    const changed = await put('admin', `/api/reports/opportunity_by_stage/schedules/${String(builtin.body.id)}`, { frequency: 'daily', time: '06:00', recipients: { roles: ['gm'] } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.frequency, 'daily');
    assert.equal((await app.sql(`select 1 from ${app.table('crm_job')} where kind = 'report_schedule' and status = 'pending' and payload->>'schedule' = ?`, [builtin.body.id])).length, 1, 'one pending run after a change');
    assert.equal((await put('admin', `/api/reports/opportunity_by_stage/schedules/${String(builtin.body.id)}`, { frequency: 'daily', time: '6:00', recipients: { roles: ['gm'] } })).body.error.details[0].path, '/time');
    assert.equal((await app.as('admin').delete(`/api/reports/opportunity_by_stage/schedules/${String(builtin.body.id)}`)).status, 204);
    assert.equal((await app.as('admin').delete(`/api/reports/opportunity_by_stage/schedules/${String(builtin.body.id)}`)).status, 404);
  });

  it('mails a recipient the copy with their own file attached when SMTP is configured', async () => {
    const received: { to: string; data: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => (received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data }), callback()));
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    configureMailer({ url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, from: 'CRM <crm@hdjj.example.cn>' });
    try {
      assert.equal((await app.as('admin').patch(`/api/records/app_user/${app.users.gm.id}`, { email: 'gm@hdjj.example.cn' })).status, 200);
      const created = await app.as('sales_director').post(`/api/reports/${code}/schedules`, { frequency: 'monthly', day_of_month: 31, time: '18:00', recipients: { users: [app.users.gm.id] } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      await clockTo(new Date(String(created.body.next_run_at)));
      // The clock's jump makes other work due too (workflow timers mail gm as well): run until nothing is left.
      for (let i = 0; i < 20 && (await runJobs()) > 0; i++);
      // The weekly CSV schedule above comes round again on the way: this one is the workbook.
      const mail = received.find((m) => m.to === 'gm@hdjj.example.cn' && /Content-Type:\s+application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/.test(m.data));
      assert.ok(mail, 'the workbook is attached to gm\'s copy');
      assert.match(mail.data, /Content-Disposition: attachment/i);
      assert.equal((await app.as('sales_director').delete(`/api/reports/${code}/schedules/${String(created.body.id)}`)).status, 204);
    } finally {
      configureMailer(undefined);
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });

  it('removes a schedule at its run when its report was deleted, sending nothing', async () => {
    const other = await app.as('sales_director').post('/api/reports', { labels: { 'zh-CN': '将删除的报表' }, definition: { entity: 'opportunity', measures: [{ op: 'count', as: 'n' }] } });
    const created = await app.as('sales_director').post(`/api/reports/${String(other.body.code)}/schedules`, { frequency: 'daily', time: '12:00', recipients: { users: [app.users.gm.id] } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await app.as('sales_director').delete(`/api/reports/${String(other.body.code)}`)).status, 204);
    await clockTo(new Date(String(created.body.next_run_at)));
    await runJobs();
    assert.equal((await app.sql(`select 1 from ${app.table('crm_report_schedule')} where id = ?`, [created.body.id])).length, 0);
    assert.equal((await app.sql(`select 1 from ${app.table('crm_report_delivery')} where schedule_id = ?`, [created.body.id])).length, 0);
  });
});
