import assert from 'node:assert/strict';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

describe('e2e/workflow: sales order approval with a credit check per customer grade', function () {
  this.timeout(120_000);
  let app: DemoApp;
  before(async () => (app = await startDemoApp()));
  after(() => app?.close());

  /** A fresh customer of sales1 with the given grade and limit, and 300000 still unpaid on a receivable. */
  async function customer(grade: string, limit: number): Promise<string> {
    const c = await app.as('sales1').post('/api/records/customer', { name: `信用测试 ${grade} ${Math.random()}` });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const patched = await app.as('admin').patch(`/api/records/customer/${c.body.id}`, { grade, credit_limit: limit });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const contract = await app.as('admin').post('/api/records/contract', { name: '信用测试合同', customer: c.body.id, amount: 300000, contract_type: 'equipment' });
    assert.equal(contract.status, 201, JSON.stringify(contract.body));
    const r = await app.as('admin').post('/api/records/receivable', { customer: c.body.id, contract: contract.body.id, installment: 'advance', due_date: '2026-12-31', amount: 300000 });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return String(c.body.id);
  }
  async function submitOrder(customerId: string, total: number) {
    const product = String((await app.sql<{ id: string }>(`select id from ${app.table('product')} limit 1`))[0]!.id);
    // The order amount is the sum of its lines (a rollup), so one line carries the total.
    const o = await app.as('sales1').post('/api/records/sales_order', { customer: customerId, order_date: '2026-11-24', lines: [{ product, quantity: 1, unit_price: total }] });
    assert.equal(o.status, 201, JSON.stringify(o.body));
    return { id: String(o.body.id), submit: await app.as('sales1').post(`/api/records/sales_order/${o.body.id}/actions/submit`, {}) };
  }
  const creditStatus = async (id: string) => (await app.sql<{ credit_status: string }>(`select credit_status from ${app.table('sales_order')} where id = ?`, [id]))[0]!.credit_status;

  it('blocks a grade C customer over the limit with the reason, and lets an order within the limit through', async () => {
    const c = await customer('C', 500000);
    const over = await submitOrder(c, 250000);
    assert.equal(over.submit.status, 422);
    assert.match(over.submit.body.error.details[0].message, /信用额度/);
    const within = await submitOrder(c, 100000);
    assert.equal(within.submit.status, 200, JSON.stringify(within.submit.body));
    assert.equal(await creditStatus(within.id), 'ok');
  });

  it('adds a GM step for a grade B customer over the limit (exposure counts receivables and open orders)', async () => {
    const c = await customer('B', 500000);
    const first = await submitOrder(c, 150000); // 300000 unpaid + 150000 = 450000: within
    assert.equal(await creditStatus(first.id), 'ok');
    const second = await submitOrder(c, 100000); // + the first open order: 550000 > 500000
    assert.equal(await creditStatus(second.id), 'over_limit');
    const afterManager = await app.as('sales_mgr1').post(`/api/records/sales_order/${second.id}/actions/approve`, {});
    assert.equal(afterManager.body.approval.step, 'credit_gm');
    const afterGm = await app.as('gm').post(`/api/records/sales_order/${second.id}/actions/approve`, {});
    assert.equal(afterGm.body.state.code, 'confirmed');
  });

  it('only warns for a grade A customer over the limit', async () => {
    const c = await customer('A', 100000);
    const o = await submitOrder(c, 50000);
    assert.equal(await creditStatus(o.id), 'warning');
    const r = await app.as('sales_mgr1').post(`/api/records/sales_order/${o.id}/actions/approve`, {});
    assert.equal(r.body.state.code, 'confirmed');
  });
});
