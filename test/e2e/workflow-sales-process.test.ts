import assert from 'node:assert/strict';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

describe('e2e/workflow: admin-defined sales processes for opportunities', function () {
  this.timeout(120_000);
  let app: DemoApp;
  let customer: string;
  before(async () => {
    app = await startDemoApp();
    customer = String((await app.sql<{ id: string }>(`select id from ${app.table('customer')} where owner = ? limit 1`, [app.users.sales1.id]))[0]!.id);
  });
  after(() => app?.close());

  const create = async (sales_process: string) => {
    const r = await app.as('sales1').post('/api/records/opportunity', { name: `商机 ${sales_process}`, customer, open_date: '2026-11-01', sales_process });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return String(r.body.id);
  };
  const act = (id: string, action: string, body: unknown = {}) => app.as('sales1').post(`/api/records/opportunity/${id}/actions/${action}`, body);
  const patch = (id: string, body: unknown) => app.as('sales1').patch(`/api/records/opportunity/${id}`, body);
  const row = async (id: string) => (await app.sql<{ stage: string; probability: number; actual_close_date: string | null }>(`select stage, probability, actual_close_date from ${app.table('opportunity')} where id = ?`, [id]))[0]!;

  it('promotes a project opportunity stage by stage, requiring each stage\'s fields and setting its win probability', async () => {
    const id = await create('project');
    const view = (await app.as('sales1').get(`/api/records/opportunity/${id}/workflow`)).body;
    assert.equal(view.workflow.name, 'opportunity_project');
    assert.ok(view.actions.some((a: { action: string }) => a.action === 'to_bidding'), 'the project process has a bidding stage');
    const missing = await act(id, 'to_needs');
    assert.equal(missing.status, 422);
    assert.equal(missing.body.error.details[0].path, '/requirement');
    assert.equal((await patch(id, { requirement: '年产 2 万件电机壳体,需要 4 台立加' })).status, 200);
    assert.equal((await act(id, 'to_needs')).status, 200);
    assert.deepEqual([(await row(id)).stage, (await row(id)).probability], ['needs', 20]);
    assert.equal((await patch(id, { amount: 1200000, expected_close_date: '2027-03-31' })).status, 200);
    assert.equal((await act(id, 'to_bidding')).status, 200);
    assert.equal((await row(id)).probability, 60);
    assert.equal((await act(id, 'win')).status, 422, 'a win needs its reason');
    await patch(id, { win_loss_reason: 'technology' });
    assert.equal((await act(id, 'win')).status, 200);
    const won = await row(id);
    assert.deepEqual([won.stage, won.probability], ['won', 100]);
    assert.ok(won.actual_close_date);
    const history = (await app.as('sales1').get(`/api/records/opportunity/${id}/workflow`)).body.history;
    assert.deepEqual(
      history.filter((h: { to_state: string | null }) => h.to_state).map((h: { to_state: string }) => h.to_state),
      ['initial', 'needs', 'bidding', 'won'],
      'the stage history the funnel is built from',
    );
  });

  it('runs a standard-product opportunity through its shorter process', async () => {
    const id = await create('standard');
    const view = (await app.as('sales1').get(`/api/records/opportunity/${id}/workflow`)).body;
    assert.equal(view.workflow.name, 'opportunity_standard');
    assert.ok(!view.actions.some((a: { action: string }) => a.action === 'to_bidding'));
    const lost = await act(id, 'lose', { comment: '价格没谈拢' });
    assert.equal(lost.status, 422, 'losing needs a reason');
    await patch(id, { win_loss_reason: 'price' });
    assert.equal((await act(id, 'lose', { comment: '价格没谈拢' })).status, 200);
    assert.equal((await row(id)).probability, 0);
  });
});
