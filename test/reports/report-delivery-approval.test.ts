// 定时发送 held to export approval (导出审批) on the business clock: a scheduled report whose result for a recipient has
// more rows than the tenant's threshold is not attached; the recipient's message carries the totals and links an
// export request filed for them under their own rights, which their manager approves like any export (someone with
// nobody above them is approved at once); the approved download is the report made under the recipient's rights, with
// the values of the due day. Under the threshold the file is delivered as before. Once per due time.
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { businessClock } from './business-clock.ts';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;

describe('reports: a scheduled delivery above the export approval threshold is held for approval', function () {
  this.timeout(240_000);
  let app: DemoApp;
  let code: string;
  let stages: number;
  const definition = { entity: 'opportunity', group_by: [{ field: 'stage' }], measures: [{ op: 'count', as: 'n' }] };
  before(async () => {
    app = await startDemoApp();
    const r = await app.as('sales_director').post('/api/reports', { labels: { 'zh-CN': '阶段日报' }, definition });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    code = String(r.body.code);
    stages = ((await app.as('sales_mgr1').post('/api/reports/run', definition)).body.rows as Row[]).length;
    assert.ok(stages >= 3, `${stages} stages`);
  });
  const clock = businessClock(() => app);
  after(async () => {
    if (app) await clock.reset();
    await app?.close();
  });

  const messages = (user: DemoUser) => app.sql<Row>(`select * from ${app.table('crm_message')} where recipient = ? and kind = 'report_delivery' and title like '阶段日报%' order by created_at`, [app.users[user].id]);
  const requests = (user: DemoUser) => app.sql<Row>(`select * from ${app.table('export_request')} where owner = ? order by created_at`, [app.users[user].id]);
  const exportsOf = (user: DemoUser) => app.sql<Row>(`select changes from ${app.table('crm_audit')} where action = 'export' and actor_id = ? and changes->>'report' = ?`, [app.users[user].id, code]);
  const totalLine = (text: string) => Number(text.split('\n').find((l) => l.startsWith('合计'))!.split(/ \| |,/)[1]!.replaceAll(',', ''));

  it('holds the file above the threshold: the message has the totals and links the recipient\'s export request, approved by their manager', async () => {
    const set = await app.send('PUT', '/api/export-requests/settings', { threshold: stages - 1 }, { as: 'admin' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const created = await app.as('sales_director').post(`/api/reports/${code}/schedules`, { frequency: 'daily', time: '07:30', format: 'csv', recipients: { users: [app.users.sales_mgr1.id, app.users.gm.id] } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await clock.to(new Date(String(created.body.next_run_at)));
    await Promise.all([clock.runAll(), clock.runAll()]);

    const [message, ...more] = await messages('sales_mgr1');
    assert.ok(message, 'the manager is told');
    assert.equal(more.length, 0, 'once per due time');
    assert.match(String(message.body), new RegExp(`共 ${stages} 行，超过导出审批阈值 ${stages - 1} 行，未附文件：已为您提交导出申请，批准后在「导出申请」中下载`));
    const own = (await app.as('sales_mgr1').post('/api/reports/run', definition)).body;
    assert.equal(totalLine(String(message.body)), own.totals.n, 'the totals under the manager\'s own rights');
    assert.equal(String(message.body).split('\n').filter((l) => l.includes(' | ')).length, 2, 'the header and the totals, not the rows');
    assert.equal(message.entity, 'export_request');
    const [request, ...others] = await requests('sales_mgr1');
    assert.equal(others.length, 0, 'one request, whatever ran the jobs twice');
    assert.equal(message.record_id, request!.id, 'the message links the request');
    assert.equal(request!.status, 'in_approval');
    assert.equal(request!.row_count, stages);
    assert.equal(request!.format, 'csv');
    assert.match(String(request!.reason), /^定时发送：阶段日报 · \d{4}-\d{2}-\d{2}$/);
    assert.equal((request!.report as Row).code, code);
    const [delivery] = await app.sql<Row>(`select filename, body, rows from ${app.table('crm_report_delivery')} where recipient = ? and report_code = ?`, [app.users.sales_mgr1.id, code]);
    assert.deepEqual(delivery, { filename: null, body: null, rows: stages }, 'no file kept for the delivery');
    assert.equal((await exportsOf('sales_mgr1')).length, 0, 'nothing exported yet');
    assert.equal((await app.as('sales_mgr1').get(`/api/export-requests/${String(request!.id)}/file`)).status, 409, 'not before approval');

    const inbox = await app.as('sales_director').get('/api/inbox');
    assert.ok(inbox.body.data.some((t: Row) => t.record_id === request!.id), 'in the manager\'s manager\'s inbox');
    assert.equal((await app.as('sales_director').post(`/api/records/export_request/${String(request!.id)}/actions/approve`, { comment: '同意' })).status, 200);
    const file = await app.as('sales_mgr1').get(`/api/export-requests/${String(request!.id)}/file`);
    assert.equal(file.status, 200, JSON.stringify(file.body));
    const rows = parse(String(file.body).replace(/^\uFEFF/, '')) as string[][];
    assert.equal(rows.length, stages + 2, 'header, the rows and the totals');
    assert.equal(Number(rows.at(-1)![1]), own.totals.n, 'made under the recipient\'s rights');
    assert.equal((await exportsOf('sales_mgr1')).length, 1, 'audited as the recipient\'s export once downloaded');
  });

  it('approves the general manager\'s at once (nobody above them) and says so; under the threshold the file comes attached again', async () => {
    const [message] = await messages('gm');
    assert.match(String(message!.body), /已为您提交导出申请，已直接批准，可在「导出申请」中下载/);
    const [request] = await requests('gm');
    assert.equal(request!.status, 'approved');
    assert.equal((await app.as('gm').get(`/api/export-requests/${String(request!.id)}/file`)).status, 200);

    const gmRows = ((await app.as('gm').post('/api/reports/run', definition)).body.rows as Row[]).length;
    assert.equal((await app.send('PUT', '/api/export-requests/settings', { threshold: gmRows }, { as: 'admin' })).status, 200);
    const [schedule] = (await app.as('sales_director').get(`/api/reports/${code}/schedules`)).body.data as Row[];
    await clock.to(new Date(String(schedule!.next_run_at)));
    await clock.runAll();
    const latest = (await messages('gm')).at(-1)!;
    assert.notEqual(latest.id, message!.id, 'the next day\'s');
    assert.equal(latest.entity, null);
    const file = await fetch(`${app.url}/api/report-deliveries/${String(latest.record_id)}/file`, { headers: { authorization: `Bearer ${app.tokens.gm}` } });
    assert.equal(file.status, 200, 'at the threshold the file is attached');
    assert.equal((await requests('gm')).length, 1, 'and no request filed');
  });
});
