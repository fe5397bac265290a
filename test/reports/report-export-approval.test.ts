// Export approval (导出审批) for reports: a report export of more rows than the tenant's threshold is not streamed but
// filed as an export request, approved like a list's by the requester's manager; once approved only the requester
// downloads the report's file, made then under their rights and audited as an export.
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;

describe('reports: exports above the approval threshold go through export approval', function () {
  this.timeout(120_000);
  let app: DemoApp;
  let stages: number;
  before(async () => {
    app = await startDemoApp();
    stages = ((await app.as('sales_mgr1').post('/api/reports/opportunity_by_stage/run', {})).body.rows as Row[]).length;
    assert.ok(stages >= 3, `${stages} stages`);
    const set = await app.send('PUT', '/api/export-requests/settings', { threshold: stages - 1 }, { as: 'admin' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
  });
  after(() => app?.close());

  const exportsLogged = async () => app.sql<Row>(`select actor_name, changes from ${app.table('crm_audit')} where action = 'export' and entity = 'opportunity' order by seq`);
  const post = (user: 'sales_mgr1' | 'sales_director', path: string, body: unknown) => app.send('POST', path, body, { as: user });

  it('files a saved report\'s export above the threshold (202, in the manager\'s inbox) and exports nothing', async () => {
    const before = (await exportsLogged()).length;
    const r = await post('sales_mgr1', `/api/reports/opportunity_by_stage/export?format=csv&reason=${encodeURIComponent('周会材料')}`, {});
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const request = r.body.data as Row;
    assert.equal(request.status, 'in_approval');
    assert.equal(request.row_count, stages);
    assert.equal(request.threshold, stages - 1);
    assert.equal(request.entity_name, 'opportunity');
    assert.match(String(request.title), /^销售漏斗\(按阶段\) \d+ 行$/);
    assert.equal(request.reason, '周会材料');
    assert.equal((await exportsLogged()).length, before, 'nothing exported');
    const inbox = await app.as('sales_director').get('/api/inbox');
    assert.ok(inbox.body.data.some((t: Row) => t.record_id === request.id && t.entity === 'export_request'), 'the manager approves it');
    assert.equal((await app.as('sales_mgr1').get(`/api/export-requests/${String(request.id)}/file`)).status, 409, 'not before approval');
  });

  it('gives the requester alone the approved report file, made under their rights and audited with the report', async () => {
    const r = await post('sales_mgr1', '/api/reports/opportunity_by_stage/export?format=csv', {});
    const id = String(r.body.data.id);
    assert.equal((await app.as('sales_director').post(`/api/records/export_request/${id}/actions/approve`, { comment: '同意' })).status, 200);
    assert.equal((await app.as('sales_director').get(`/api/export-requests/${id}/file`)).status, 403, 'the approver does not get the file');
    const before = (await exportsLogged()).length;
    const file = await app.as('sales_mgr1').get(`/api/export-requests/${id}/file`);
    assert.equal(file.status, 200, JSON.stringify(file.body));
    assert.match(file.headers.get('content-disposition') ?? '', /filename\*=UTF-8''%E9%94%80%E5%94%AE%E6%BC%8F%E6%96%97/, 'named after the report');
    const [header, ...rows] = parse(String(file.body).replace(/^\uFEFF/, '')) as string[][];
    assert.deepEqual(header, ['销售阶段', '商机数', '预计金额', '加权金额']);
    const direct = await app.as('sales_mgr1').post('/api/reports/opportunity_by_stage/run', {});
    assert.equal(rows.length, stages + 1, 'the report\'s rows and the totals');
    assert.equal(Number(rows.at(-1)![1]), direct.body.totals.opportunities, 'the manager\'s own numbers');
    const logged = await exportsLogged();
    assert.equal(logged.length, before + 1);
    assert.equal(logged.at(-1)!.actor_name, 'sales_mgr1');
    assert.equal((logged.at(-1)!.changes as Row).report, 'opportunity_by_stage');
    const listed = (await app.as('sales_mgr1').get('/api/export-requests')).body.data.find((x: Row) => x.id === id);
    assert.ok(listed.downloaded_at, 'marked downloaded');
  });

  it('holds an unsaved definition\'s export too, streams one at or under the threshold, and refuses a bad reason', async () => {
    const definition = { entity: 'opportunity', group_by: [{ field: 'stage' }], measures: [{ op: 'count', as: 'n' }] };
    const held = await post('sales_mgr1', '/api/reports/export?format=xlsx', definition);
    assert.equal(held.status, 202, JSON.stringify(held.body));
    assert.equal(held.body.data.format, 'xlsx');
    const small = await post('sales_mgr1', '/api/reports/export?format=csv', { ...definition, limit: stages - 1 });
    assert.equal(small.status, 200);
    assert.match(small.headers.get('content-type') ?? '', /^text\/csv/);
    const reason = await post('sales_mgr1', `/api/reports/opportunity_by_stage/export?reason=${'长'.repeat(501)}`, {});
    assert.equal(reason.status, 400);
    assert.equal(reason.body.error.details[0].path, 'reason');
  });

  it('lets a requester with nobody above them (the general manager) download at once, still on record', async () => {
    const r = await app.as('gm').post('/api/reports/opportunity_by_stage/export?format=csv', {});
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal(r.body.data.status, 'approved');
    const file = await app.as('gm').get(`/api/export-requests/${String(r.body.data.id)}/file`);
    assert.equal(file.status, 200);
  });
});
