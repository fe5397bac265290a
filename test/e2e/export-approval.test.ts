// Export approval (导出审批): a list export above the tenant's threshold files an export request that the requester's
// manager approves in their inbox; only then, and only the requester, downloads the file, which is audited.
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { setClockOffset } from '../../engine/jobs/index.ts';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;

describe('e2e/export-approval: exports above the threshold wait for the manager\'s approval', function () {
  this.timeout(120_000);
  let app: DemoApp;
  let scoped: number;
  let initial: number;
  before(async () => {
    app = await startDemoApp();
    initial = Number((await app.as('sales1').get('/api/export-requests/settings')).body.threshold);
    scoped = Number((await app.as('sales_mgr1').get('/api/records/customer?count=exact&limit=1')).body.count);
    const set = await app.send('PUT', '/api/export-requests/settings', { threshold: scoped - 1 }, { as: 'admin' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
  });
  after(() => app?.close());

  const exportsLogged = async () => app.sql<Row>(`select actor_name, entity, changes from ${app.table('crm_audit')} where action = 'export' order by seq`);
  const fileRequest = async (query = '') => {
    const r = await app.as('sales_mgr1').get(`/api/records/customer/export?sort=name${query}`);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return r.body.data as { id: string; status: string; row_count: number; threshold: number };
  };
  const act = (as: 'sales_director' | 'sales_mgr1', id: string, action: string, body: unknown = {}) => app.as(as).post(`/api/records/export_request/${id}/actions/${action}`, body);

  it('keeps the default threshold at 5,000 rows and lets only an administrator change it', async () => {
    assert.equal(initial, 5000);
    const mine = await app.as('sales1').get('/api/export-requests/settings');
    assert.equal(mine.status, 200);
    assert.equal(mine.body.threshold, scoped - 1);
    const refused = await app.send('PUT', '/api/export-requests/settings', { threshold: 1 }, { as: 'sales_mgr1' });
    assert.equal(refused.status, 403);
    const bad = await app.send('PUT', '/api/export-requests/settings', { threshold: -1, extra: 1 }, { as: 'admin' });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path), ['/threshold', '/extra']);
  });

  it('streams an export at or under the threshold as before', async () => {
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'grade' }, 'A'] }));
    const r = await app.as('sales_mgr1').get(`/api/records/customer/export?filter=${filter}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.headers.get('content-type') ?? '', /^text\/csv/);
  });

  it('files a request above it (202, in approval, in the manager\'s inbox), and refuses its file until approved', async () => {
    const before = (await exportsLogged()).length;
    const request = await fileRequest('&reason=' + encodeURIComponent('季度客户盘点'));
    assert.equal(request.status, 'in_approval');
    assert.equal(request.row_count, scoped);
    assert.equal(request.threshold, scoped - 1);
    assert.equal((await exportsLogged()).length, before, 'nothing exported, nothing logged as an export');
    const inbox = await app.as('sales_director').get('/api/inbox');
    assert.ok(inbox.body.data.some((t: { record_id: string; entity: string }) => t.record_id === request.id && t.entity === 'export_request'), 'the manager sees the task');
    const early = await app.as('sales_mgr1').get(`/api/export-requests/${request.id}/file`);
    assert.equal(early.status, 409);
    assert.match(early.body.error.details[0].message, /审批中/);
    const listed = await app.as('sales_mgr1').get('/api/export-requests');
    assert.deepEqual(listed.body.data.map((r: { id: string }) => r.id), [request.id]);
    assert.equal((await app.as('sales2').get('/api/export-requests')).body.data.length, 0, 'another user sees none of them');
  });

  it('gives the requester, and only the requester, the approved file with the rows of their scope, audited', async () => {
    const request = await fileRequest('&fields=name,grade');
    assert.equal((await act('sales_director', request.id, 'approve', { comment: '同意' })).status, 200);
    const other = await app.as('sales2').get(`/api/export-requests/${request.id}/file`);
    assert.equal(other.status, 403);
    assert.match(other.body.error.details[0].message, /只有申请人/);
    const approver = await app.as('sales_director').get(`/api/export-requests/${request.id}/file`);
    assert.equal(approver.status, 403, 'the approver approves the export, the file stays the requester\'s');
    const before = (await exportsLogged()).length;
    const file = await app.as('sales_mgr1').get(`/api/export-requests/${request.id}/file`);
    assert.equal(file.status, 200, JSON.stringify(file.body));
    const [header, ...rows] = parse(file.body as string) as string[][];
    const labels = app.engine.model().entities.get('customer')!.fields;
    assert.deepEqual(header, [labels.get('name')!.labels['zh-CN'], labels.get('grade')!.labels['zh-CN']], 'the stored fields, in order');
    assert.equal(rows.length, scoped);
    const logged = await exportsLogged();
    assert.equal(logged.length, before + 1);
    assert.equal(logged.at(-1)!.actor_name, 'sales_mgr1');
    assert.equal((logged.at(-1)!.changes as Row).rows, scoped);
    const listed = (await app.as('sales_mgr1').get('/api/export-requests')).body.data.find((r: { id: string }) => r.id === request.id);
    assert.equal(listed.status, 'approved');
    assert.ok(listed.downloaded_at);
  });

  it('refuses the file of a rejected request', async () => {
    const request = await fileRequest();
    assert.equal((await act('sales_director', request.id, 'reject', { comment: '范围太大' })).status, 200);
    const r = await app.as('sales_mgr1').get(`/api/export-requests/${request.id}/file`);
    assert.equal(r.status, 409);
    assert.match(r.body.error.details[0].message, /驳回/);
  });

  it('refuses the file of an approved request once it has expired (7 days on the business clock)', async () => {
    const request = await fileRequest();
    assert.equal((await act('sales_director', request.id, 'approve')).status, 200);
    await setClockOffset(app.engine.db.knex, app.engine.tenant, 8 * 86_400);
    try {
      const r = await app.as('sales_mgr1').get(`/api/export-requests/${request.id}/file`);
      assert.equal(r.status, 409);
      assert.match(r.body.error.details[0].message, /已过期/);
    } finally {
      await setClockOffset(app.engine.db.knex, app.engine.tenant, 0);
    }
  });
});
