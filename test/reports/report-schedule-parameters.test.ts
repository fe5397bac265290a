// 定时发送 with parameter values over HTTP on the business clock: a schedule keeps relative dates (last quarter…) that
// are resolved at each run from the due day in the tenant's time zone; values are checked against the report's
// parameters (422 at their pointer); delivered files are removed after the retention period by a daily job, and
// their messages then say so instead of linking a file that is gone; its URL answers 410 Gone saying what and when.
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { businessClock } from './business-clock.ts';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;
const DAY_MS = 24 * 3600 * 1000;
const ZONE = 'Asia/Shanghai';

describe('reports: scheduled delivery with parameter values and relative periods', function () {
  this.timeout(240_000);
  let app: DemoApp;
  let code: string;
  const between = { and: [{ '>=': [{ var: 'expected_close_date' }, { var: '$param.from' }] }, { '<=': [{ var: 'expected_close_date' }, { var: '$param.to' }] }] };
  before(async () => {
    app = await startDemoApp();
    const r = await app.as('sales_director').post('/api/reports', {
      labels: { 'zh-CN': '季度预计成交' },
      definition: {
        entity: 'opportunity',
        parameters: [
          { name: 'from', type: 'date', required: true, labels: { 'zh-CN': '开始日期', en: 'From' } },
          { name: 'to', type: 'date', required: true, labels: { 'zh-CN': '结束日期', en: 'To' } },
          { name: 'min', type: 'number', labels: { 'zh-CN': '最小金额', en: 'Minimum' } },
        ],
        filter: between,
        group_by: [{ field: 'stage' }],
        measures: [{ op: 'count', as: 'n' }],
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    code = String(r.body.code);
  });
  const clock = businessClock(() => app);
  after(async () => {
    if (app) await clock.reset();
    await app?.close();
  });

  /** gm's messages of this report (the only schedule sending it). */
  const messages = () => app.sql<Row>(`select * from ${app.table('crm_message')} where kind = 'report_delivery' and recipient = ? and title like '季度预计成交%' order by created_at`, [app.users.gm.id]);
  const download = async (id: string) => {
    const r = await fetch(`${app.url}/api/report-deliveries/${id}/file`, { headers: { authorization: `Bearer ${app.tokens.gm}` } });
    return { status: r.status, text: Buffer.from(await r.arrayBuffer()).toString('utf8') };
  };
  const schedule = (parameters: unknown) => app.as('sales_director').post(`/api/reports/${code}/schedules`, { frequency: 'daily', time: '08:00', format: 'csv', recipients: { users: [app.users.gm.id] }, parameters });
  /** Last quarter's first and last day, counted by hand from a day. */
  const lastQuarter = (day: string): [string, string] => {
    const [y, m] = day.split('-').map(Number) as [number, number];
    const q = Math.floor((m - 1) / 3);
    const [sy, sq] = q === 0 ? [y - 1, 3] : [y, q - 1];
    const ends = ['03-31', '06-30', '09-30', '12-31'];
    return [`${sy}-${String(sq * 3 + 1).padStart(2, '0')}-01`, `${sy}-${ends[sq]}`];
  };

  it('refuses parameter values that do not fit the report, each at its pointer, and stores nothing', async () => {
    const bad = await schedule({ from: { period: 'last_decade', edge: 'start' }, to: { period: 'last_month', edge: 'middle' }, min: { period: 'this_month', edge: 'start' }, colour: 'red' });
    assert.equal(bad.status, 422, JSON.stringify(bad.body));
    assert.deepEqual(bad.body.error.details.map((d: Row) => d.path).sort(), ['/parameters/colour', '/parameters/from/period', '/parameters/min', '/parameters/to/edge']);
    const missing = await schedule({ from: '2026-13-01' });
    assert.deepEqual(missing.body.error.details.map((d: Row) => d.path).sort(), ['/parameters/from', '/parameters/to']);
    assert.match(missing.body.error.details.find((d: Row) => d.path === '/parameters/to').message, /required/);
    const extra = await schedule({ from: { period: 'today', edge: 'start', days: 3 }, to: '2026-12-31' });
    assert.deepEqual(extra.body.error.details.map((d: Row) => d.path), ['/parameters/from/days']);
    assert.equal((await app.sql(`select 1 from ${app.table('crm_report_schedule')} where report_code = ?`, [code])).length, 0);
  });

  it('resolves relative dates at each run from the due day in the tenant\'s time zone: the message names them, the file holds that period\'s rows', async () => {
    const created = await schedule({ from: { period: 'last_quarter', edge: 'start' }, to: { period: 'last_quarter', edge: 'end' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.parameters, { from: { period: 'last_quarter', edge: 'start' }, to: { period: 'last_quarter', edge: 'end' } }, 'kept as given, resolved when it runs');
    const due = new Date(String(created.body.next_run_at));
    await clock.to(due);
    await clock.runAll();
    const [message] = await messages();
    assert.ok(message, 'gm got the report');
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(due);
    const [from, to] = lastQuarter(day);
    assert.match(String(message.body), new RegExp(`^参数：开始日期 ${from}，结束日期 ${to}\n`));
    const file = await download(String(message.record_id));
    assert.equal(file.status, 200);
    const rows = parse(file.text.replace(/^\uFEFF/, '')) as string[][];
    const total = Number(rows.find((r) => r[0] === '合计')?.[1] ?? 0);
    const filter = encodeURIComponent(JSON.stringify({ and: [{ '>=': [{ var: 'expected_close_date' }, from] }, { '<=': [{ var: 'expected_close_date' }, to] }] }));
    const listed = await app.as('gm').get(`/api/records/opportunity?count=exact&limit=1&filter=${filter}`);
    assert.equal(total, listed.body.count, `gm's opportunities closing ${from} … ${to}`);

    // The next day's run counts from its own day: still last quarter unless the quarter turned.
    const next = new Date(due.getTime() + DAY_MS);
    await clock.to(next);
    await clock.runAll();
    assert.equal((await messages()).length, 2, 'one message per due time');
  });

  it('keeps delivered files for the retention period (an administrator\'s setting), then removes them and says so in the message', async () => {
    assert.equal((await app.as('gm').get('/api/report-deliveries/settings')).body.retention_days, 90);
    const bad = await app.send('PUT', '/api/report-deliveries/settings', { retention_days: 0, keep: true }, { as: 'admin' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.map((d: Row) => d.path), ['/retention_days', '/keep']);
    assert.equal((await app.send('PUT', '/api/report-deliveries/settings', { retention_days: 5 }, { as: 'sales_director' })).status, 403);
    const set = await app.send('PUT', '/api/report-deliveries/settings', { retention_days: 5 }, { as: 'admin' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.retention_days, 5);

    const [schedule] = await app.sql<{ id: string }>(`select id from ${app.table('crm_report_schedule')} where report_code = ?`, [code]);
    const kept = await app.sql<{ id: string; occurrence: string }>(`select id, occurrence from ${app.table('crm_report_delivery')} where schedule_id = ? order by occurrence`, [schedule!.id]);
    assert.equal(kept.length, 2);
    const [first] = kept;
    // Six days after the first delivery: it is past five days, the later ones (daily since) are not all.
    await clock.to(new Date(new Date(first!.occurrence).getTime() + 6 * DAY_MS));
    await clock.runAll();
    // Gone, not missing: 410 saying which delivery's file went and on which day (the clock's today, when the job ran).
    const gone = await download(first!.id);
    assert.equal(gone.status, 410, gone.text);
    const answer = JSON.parse(gone.text) as { error: { code: string; details: { path: string; message: string; info: Row }[] } };
    assert.equal(answer.error.code, 'GONE');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(await clock.now());
    const dueDay = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(first!.occurrence));
    assert.deepEqual(answer.error.details, [{ path: 'id', message: `报表文件「季度预计成交 · ${dueDay}」已超过保留期限，已于 ${today} 删除`, info: { title: `季度预计成交 · ${dueDay}`, removed_on: today } }]);
    const english = await fetch(`${app.url}/api/report-deliveries/${first!.id}/file`, { headers: { authorization: `Bearer ${app.tokens.gm}`, 'accept-language': 'en' } });
    assert.equal(((await english.json()) as { error: { details: { message: string }[] } }).error.details[0]!.message, `The file of "季度预计成交 · ${dueDay}" passed its retention period and was removed on ${today}`);
    // Whoever it was not delivered to, and an id that never was, still get 404: a 410 would tell them it existed.
    const notTheirs = await fetch(`${app.url}/api/report-deliveries/${first!.id}/file`, { headers: { authorization: `Bearer ${app.tokens.sales_director}` } });
    assert.equal(notTheirs.status, 404);
    assert.equal((await download('00000000-0000-4000-8000-000000000000')).status, 404);
    const [removedMessage] = await app.sql<Row>(`select body, record_id from ${app.table('crm_message')} where kind = 'report_delivery' and recipient = ? and body like ? order by created_at limit 1`, [app.users.gm.id, '%已删除%']);
    assert.ok(removedMessage, 'the message says the file went');
    assert.equal(removedMessage.record_id, null, 'and no longer links it');
    assert.match(String(removedMessage.body), /（文件已超过保留期限 5 天，已删除）$/);
    const recent = await app.sql<{ id: string }>(`select id from ${app.table('crm_report_delivery')} where schedule_id = ? and body is not null order by occurrence desc limit 1`, [schedule!.id]);
    assert.ok(recent.length, 'deliveries within the period keep their files');
    assert.equal((await download(recent[0]!.id)).status, 200);
    const audit = await app.sql<Row>(`select changes from ${app.table('crm_audit')} where action = 'metadata_change' and changes->>'report_delivery_retention_days' is not null`);
    assert.deepEqual((audit[0]!.changes as Row).report_delivery_retention_days, [90, 5]);
  });
});
