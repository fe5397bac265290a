// The flow designer's server side: an admin's edited copy of a shipped flow replaces it as a new published version,
// an approval started before finishes on its version while a new submission takes the new one, the designer sees
// how many records run on each version, broken copies are refused at their pointer, and removing the copy restores
// the shipped flow.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPluginRoot, PROJECT_ROOT } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

type Flow = Record<string, any>;
const shipped = (): Flow => JSON.parse(readFileSync(join(PROJECT_ROOT, 'metadata/workflows/quote_flow.json'), 'utf8'));

/** The shipped quote flow with a general-manager step for quotes of 500000 and more. */
function withGmStep(): Flow {
  const flow = shipped();
  delete flow.$schema;
  flow.approval.steps.push({ id: 'general_manager', labels: { 'zh-CN': '总经理审批', en: 'General manager' }, approvers: [{ kind: 'role', role: 'gm' }], when: { '>=': [{ var: 'total_amount' }, 500000] } });
  return flow;
}

describe('http/admin workflows: an edited copy replaces a shipped flow as a new version', function () {
  this.timeout(180_000);
  let app: PluginServer;
  const tokens: Record<string, string> = {};
  const as = (user: string) => ({
    post: (path: string, body: unknown = {}) => app.send('POST', path, body, tokens[user]),
    get: (path: string) => app.send('GET', path, undefined, tokens[user]),
  });
  let product = '';
  let customer = '';
  const submitQuote = async (amount: number) => {
    const q = await as('sales1').post('/api/records/quote', { subject: `数控机床报价 ${amount}`, customer, quote_date: '2026-12-01', valid_until: '2026-12-31', lines: [{ product, quantity: 1, unit_price: amount }] });
    assert.equal(q.status, 201, JSON.stringify(q.body));
    const submitted = await as('sales1').post(`/api/records/quote/${q.body.id}/actions/submit`);
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    return { id: String(q.body.id), view: submitted.body };
  };
  const quoteFlow = async () => ((await app.get('/api/admin/workflows')).body.data as Flow[]).find((f) => f.name === 'quote_flow')!;

  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: [] }));
    for (const user of ['sales1', 'sales_mgr1', 'gm']) tokens[user] = String((await app.send('POST', '/api/auth/login', { username: user, password: 'demo1234' })).body.token);
    product = String((await app.sql<{ id: string }>(`select id from ${app.table('product')} limit 1`))[0]!.id);
    customer = String((await app.sql<{ id: string }>(`select id from ${app.table('customer')} where owner = (select id from ${app.table('app_user')} where username = 'sales1') limit 1`))[0]!.id);
  });
  after(() => app?.close());

  let older = '';
  it('lists the shipped flow on version 1 with the approvals running on it', async () => {
    older = (await submitQuote(600000)).id;
    const flow = await quoteFlow();
    assert.equal(flow.origin, 'shipped');
    assert.equal(flow.currentVersion, 1);
    assert.deepEqual(flow.running, { '1': 1 });
    assert.equal(flow.labels['zh-CN'], '报价流程');
  });

  it('publishes the edited copy as version 2: a new quote over the threshold reaches the general manager', async () => {
    const plan = await app.send('PUT', '/api/admin/metadata/workflows/quote_flow?dry_run=true', withGmStep());
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    assert.equal(plan.body.applied, false);
    assert.equal((await quoteFlow()).currentVersion, 1, 'a dry run publishes nothing');
    const put = await app.send('PUT', '/api/admin/metadata/workflows/quote_flow', withGmStep());
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const flow = await quoteFlow();
    assert.equal(flow.origin, 'admin');
    assert.equal(flow.currentVersion, 2);

    const fresh = await submitQuote(600000);
    assert.equal(fresh.view.workflow.version, 2);
    const afterManager = await as('sales_mgr1').post(`/api/records/quote/${fresh.id}/actions/approve`);
    assert.equal(afterManager.status, 200, JSON.stringify(afterManager.body));
    assert.equal(afterManager.body.approval.step, 'general_manager');
    const inbox = await as('gm').get('/api/inbox');
    assert.ok(JSON.stringify(inbox.body.data).includes(fresh.id), 'the general manager has the task in the inbox');
    const afterGm = await as('gm').post(`/api/records/quote/${fresh.id}/actions/approve`);
    assert.equal(afterGm.body.state.code, 'approved');
  });

  it('shows the versions with the record still running on version 1, which finishes there without the new step', async () => {
    const versions = await app.get('/api/admin/workflows/quote_flow/versions');
    assert.equal(versions.status, 200, JSON.stringify(versions.body));
    assert.deepEqual(versions.body.versions.map((v: Flow) => [v.version, v.current, v.running]), [[1, false, 1], [2, true, 0]]);
    assert.deepEqual(versions.body.records.map((r: Flow) => [r.recordId, r.version]), [[older, 1]]);
    assert.equal((await as('sales1').get(`/api/records/quote/${older}/workflow`)).body.approval.version, 1);
    const approved = await as('sales_mgr1').post(`/api/records/quote/${older}/actions/approve`);
    assert.equal(approved.body.state.code, 'approved', 'version 1 has no general-manager step');
    assert.deepEqual((await quoteFlow()).running, {});
  });

  it('refuses an unreachable state, an unknown field and an unknown role at their pointers, and keeps version 2', async () => {
    const flow = withGmStep();
    flow.transitions = flow.transitions.filter((t: Flow) => t.action !== 'accept');
    flow.states.in_approval.required = ['no_such_field'];
    flow.approval.steps[1].approvers[0].role = 'no_such_role';
    const r = await app.send('PUT', '/api/admin/metadata/workflows/quote_flow', flow);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    const at = (r.body.error.details as Flow[]).filter((d) => d.file === 'admin:workflows/quote_flow').map((d) => d.pointer);
    assert.ok(at.includes('/states/accepted'), JSON.stringify(r.body.error.details));
    assert.ok(at.includes('/states/in_approval/required/0'), JSON.stringify(r.body.error.details));
    // Roles are checked once the flows load; an unknown role alone is refused with its pointer too.
    const roleOnly = withGmStep();
    roleOnly.approval.steps[1].approvers[0].role = 'no_such_role';
    const role = await app.send('PUT', '/api/admin/metadata/workflows/quote_flow', roleOnly);
    assert.equal(role.status, 422, JSON.stringify(role.body));
    assert.ok(role.body.error.details.some((d: Flow) => d.file === 'admin:workflows/quote_flow' && d.pointer === '/approval/steps/1/approvers/0/role'), JSON.stringify(role.body.error.details));
    assert.equal((await quoteFlow()).currentVersion, 2);
  });

  it('restores the shipped flow when the copy is removed; new submissions follow it again', async () => {
    const r = await app.send('DELETE', '/api/admin/metadata/workflows/quote_flow');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const flow = await quoteFlow();
    assert.equal(flow.origin, 'shipped');
    assert.equal(flow.currentVersion, 1, 'the shipped content keeps the version it was first published as');
    const again = await submitQuote(600000);
    assert.equal(again.view.workflow.version, 1);
    const approved = await as('sales_mgr1').post(`/api/records/quote/${again.id}/actions/approve`);
    assert.equal(approved.body.state.code, 'approved');
  });

  it('answers 404 for an unknown flow and 403 without the metadata function', async () => {
    assert.equal((await app.get('/api/admin/workflows/no_such_flow/versions')).status, 404);
    assert.equal((await as('sales1').get('/api/admin/workflows')).status, 403);
  });
});
