import assert from 'node:assert/strict';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

describe('e2e/workflow: contract approval along the org chart', function () {
  this.timeout(120_000);
  let app: DemoApp;
  let customer: string;
  before(async () => {
    app = await startDemoApp();
    customer = String((await app.sql<{ id: string }>(`select id from ${app.table('customer')} where owner = ? limit 1`, [app.users.sales1.id]))[0]!.id);
  });
  after(() => app?.close());

  const newContract = async (as: DemoUser, amount: number) => {
    const r = await app.as(as).post('/api/records/contract', { name: `合同 ${amount}`, customer, amount, contract_type: 'equipment' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'draft');
    return String(r.body.id);
  };
  const act = (as: DemoUser, id: string, action: string, body: unknown = {}) => app.as(as).post(`/api/records/contract/${id}/actions/${action}`, body);
  const view = async (as: DemoUser, id: string) => (await app.as(as).get(`/api/records/contract/${id}/workflow`)).body;

  it('takes an 800000 contract from sales1 through sales_mgr1, sales_director and gm to approved', async () => {
    const id = await newContract('sales1', 800000);
    assert.deepEqual((await view('sales1', id)).actions.map((a: { action: string }) => a.action), ['submit']);
    const submitted = await act('sales1', id, 'submit');
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    assert.equal(submitted.body.state.code, 'in_approval');
    assert.equal(submitted.body.approval.step, 'dept_manager');
    for (const [approver, next] of [['sales_mgr1', 'upper_manager'], ['sales_director', 'general_manager'], ['gm', null]] as const) {
      const inbox = await app.as(approver).get('/api/inbox');
      assert.ok(inbox.body.data.some((t: { record_id: string }) => t.record_id === id), `${approver} sees the task in the inbox`);
      const r = await act(approver, id, 'approve', { comment: '同意' });
      assert.equal(r.status, 200, `${approver}: ${JSON.stringify(r.body)}`);
      if (next) assert.equal(r.body.approval.step, next);
    }
    const done = await view('sales1', id);
    assert.equal(done.state.code, 'approved');
    assert.equal(done.approval, null);
    assert.deepEqual(
      done.history.map((h: { action: string }) => h.action),
      ['create', 'submit', 'step_started', 'approve', 'step_started', 'approve', 'step_started', 'approve', 'approved'],
    );
    const messages = await app.as('sales1').get('/api/messages');
    assert.ok(messages.body.data.some((m: { kind: string; record_id: string }) => m.kind === 'approved' && m.record_id === id));
  });

  it('needs only the department manager under 100000', async () => {
    const id = await newContract('sales1', 50000);
    await act('sales1', id, 'submit');
    const r = await act('sales_mgr1', id, 'approve');
    assert.equal(r.body.state.code, 'approved');
  });

  it('locks the record while in approval, and keeps the state field out of clients\' hands', async () => {
    const id = await newContract('sales1', 60000);
    const direct = await app.as('sales1').patch(`/api/records/contract/${id}`, { status: 'approved' });
    assert.equal(direct.status, 422);
    await act('sales1', id, 'submit');
    const edit = await app.as('sales1').patch(`/api/records/contract/${id}`, { amount: 1 });
    assert.equal(edit.status, 409);
  });

  it('rejects back to rejected (or draft), returns to the previous step with a comment, and lets the submitter withdraw before any decision', async () => {
    const id = await newContract('sales1', 300000);
    await act('sales1', id, 'submit');
    await act('sales_mgr1', id, 'approve');
    const noComment = await act('sales_director', id, 'return');
    assert.equal(noComment.status, 422);
    const returned = await act('sales_director', id, 'return', { comment: '请补充交货条款' });
    assert.equal(returned.status, 200, JSON.stringify(returned.body));
    assert.equal(returned.body.approval.step, 'dept_manager');
    const rejected = await act('sales_mgr1', id, 'reject', { comment: '价格过低', to: 'draft' });
    assert.equal(rejected.body.state.code, 'draft');

    const second = await newContract('sales1', 300000);
    await act('sales1', second, 'submit');
    const withdrawn = await act('sales1', second, 'withdraw');
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    assert.equal(withdrawn.body.state.code, 'draft');
    await act('sales1', second, 'submit');
    await act('sales_mgr1', second, 'approve');
    assert.equal((await act('sales1', second, 'withdraw')).status, 409, 'no withdrawal after a decision');
  });

  it('transfers a task to another user, who can then decide', async () => {
    const id = await newContract('sales1', 20000);
    await act('sales1', id, 'submit');
    const t = await act('sales_mgr1', id, 'transfer', { to: app.users.sales_director.id, comment: '出差中' });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    assert.equal((await act('sales_mgr1', id, 'approve')).status, 409);
    assert.equal((await act('sales_director', id, 'approve')).body.state.code, 'approved');
  });

  it('falls back to the next level up when the department has no manager (销售二部)', async () => {
    const mine = String((await app.sql<{ id: string }>(`select id from ${app.table('customer')} where owner = ? limit 1`, [app.users.sales3.id]))[0]!.id);
    const r = await app.as('sales3').post('/api/records/contract', { name: '二部合同', customer: mine, amount: 30000, contract_type: 'equipment' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const submitted = await act('sales3', r.body.id, 'submit');
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    assert.deepEqual(submitted.body.approval.tasks.map((t: { approver: string }) => t.approver), [app.users.sales_director.id]);
  });

  it('lets exactly one of 50 concurrent approvals of one task through', async () => {
    const id = await newContract('sales1', 10000);
    await act('sales1', id, 'submit');
    const results = await Promise.all(Array.from({ length: 50 }, () => act('sales_mgr1', id, 'approve')));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 409).length, 49);
    const approvals = await app.sql(`select * from ${app.table('crm_wf_history')} where record_id = ? and action = 'approve'`, [id]);
    assert.equal(approvals.length, 1);
    const messages = await app.sql(`select * from ${app.table('crm_message')} where record_id = ? and kind = 'approved'`, [id]);
    assert.equal(messages.length, 1);
  });

  it('refuses actions to users outside the flow', async () => {
    const id = await newContract('sales1', 10000);
    assert.equal((await act('sales2', id, 'submit')).status, 403, 'another salesman may read but not submit');
    await act('sales1', id, 'submit');
    assert.equal((await act('sales2', id, 'approve')).status, 403);
    assert.equal((await act('sales1', id, 'approve')).status, 403, 'no self-approval');
    assert.equal((await act('sales3', id, 'approve')).status, 404, 'a record outside the reader scope does not exist for them');
    assert.equal((await act('service1', id, 'approve')).status, 403, 'a reader who is no approver');
  });
});
