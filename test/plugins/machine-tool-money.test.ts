// The money flow over HTTP on a running server with the machine-tool bundle: a project's payment nodes must add up to
// 100 %; passing a gate (or reaching a node's date) creates the node's receivable once, with its amount and due date;
// the owner is reminded before the due date and the receivable marked overdue the day after, once each, on the
// business clock; receipts allocate to receivables (partial, several, an advance), a receipt beyond what is
// outstanding is refused with nothing changed; invoices count against receivables; the customer's ledger balances.
import assert from 'node:assert/strict';
import { runDueJobs, setClockOffset } from '../../engine/jobs/index.ts';
import { DEFAULT_TIME_ZONE, todayIn } from '../../engine/rules/index.ts';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

const DAY = 86_400;
const CONTRACT_AMOUNT = 1_788_001;
type Row = Record<string, any>;

describe('plugins/machine-tool projects: payment nodes become receivables, receipts and invoices keep the ledger', function () {
  this.timeout(240_000);
  let app: PluginServer;
  let customer = '';
  let contract = '';
  let project = '';
  let sales1 = '';
  const nodes: Record<string, string> = {};

  // Days on the tenant's wall clock (Asia/Shanghai), as the engine counts them.
  const today = (offsetDays = 0) => todayIn(new Date(Date.now() + offsetDays * DAY * 1000), DEFAULT_TIME_ZONE);
  // Days from the start of today in the tenant's time zone (30.5: noon of the 30th day), whatever the hour the test
  // runs at; 0 puts the clock back to now.
  const dayStart = () => {
    const offset = new Intl.DateTimeFormat('en', { timeZone: DEFAULT_TIME_ZONE, timeZoneName: 'longOffset' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')!.value.slice(3);
    return Date.parse(`${today()}T00:00:00${offset || 'Z'}`);
  };
  const clock = (days: number) => setClockOffset(app.engine.db.knex, app.engine.tenant, days === 0 ? 0 : Math.round((dayStart() + days * DAY * 1000 - Date.now()) / 1000));
  const runJobs = () => runDueJobs(app.engine.systemContext());
  const act = async (action: string, values: Row = {}) => {
    if (Object.keys(values).length) await patchProject(values);
    const r = await app.post(`/api/records/mt_project/${project}/actions/${action}`);
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  };
  const patchProject = async (values: Row) => {
    const current = await app.get(`/api/records/mt_project/${project}`);
    return app.send('PATCH', `/api/records/mt_project/${project}`, { ...values, version: current.body.version });
  };
  const receivables = () => app.sql<Row>(`select * from ${app.table('receivable')} where mt_project = ? order by due_date, amount`, [project]);
  const receivableOf = async (node: string) => (await app.sql<Row>(`select * from ${app.table('receivable')} where mt_plan_line = ?`, [nodes[node]]))[0];
  const messages = (recordId: string, kind: string) => app.sql<Row>(`select * from ${app.table('crm_message')} where record_id = ? and kind = ? and recipient = ?`, [recordId, kind, sales1]);
  const customerRow = async () => (await app.get(`/api/records/customer/${customer}`)).body;

  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: ['machine-tool-projects'] }));
    const installed = await app.post('/api/admin/plugins/machine-tool-projects/install');
    assert.equal(installed.status, 200, JSON.stringify(installed.body));
    sales1 = String((await app.sql<{ id: string }>(`select id from ${app.table('app_user')} where username = 'sales1'`))[0]!.id);
    const c = await app.post('/api/records/customer', { name: '江苏恒力精密机械有限公司', customer_type: 'end_user', grade: 'B', status: 'active' });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    customer = c.body.id;
    const k = await app.post('/api/records/contract', { name: '恒力 2 台龙门加工中心', contract_type: 'equipment', customer, amount: CONTRACT_AMOUNT });
    assert.equal(k.status, 201, JSON.stringify(k.body));
    contract = k.body.id;
  });
  after(async () => {
    await setClockOffset(app.engine.db.knex, app.engine.tenant, 0);
    await app?.close();
  });

  it('refuses a payment plan that does not add up to 100 %, naming the plan, and keeps the project unchanged', async () => {
    const r = await app.post('/api/records/mt_project', {
      name: '恒力龙门加工中心项目',
      customer,
      payments: [
        { installment: 'advance', percent: 30, gate: 'contract', net_days: 30 },
        { installment: 'delivery', percent: 30, gate: 'shipment', net_days: 30 },
        { installment: 'acceptance', percent: 30, gate: 'warranty', net_days: 30 },
      ],
    });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(r.body.error.details.map((d: Row) => d.path), ['/payments']);
    assert.match(r.body.error.details[0].message, /100%/);
    assert.equal((await app.sql(`select 1 from ${app.table('mt_project')} where name = '恒力龙门加工中心项目'`)).length, 0);
  });

  it('accepts 30/30/30/10 with the retention tied to a date; a broken edit of the plan later is refused the same way', async () => {
    const r = await app.post('/api/records/mt_project', {
      name: '恒力龙门加工中心项目',
      customer,
      payments: [
        { installment: 'advance', percent: 30, gate: 'contract', net_days: 30 },
        { installment: 'delivery', percent: 30, gate: 'shipment', net_days: 30 },
        { installment: 'acceptance', percent: 30, gate: 'warranty', net_days: 30 },
        { installment: 'retention', percent: 10, due_date: today(40), net_days: 0 },
      ],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    project = r.body.id;
    // The project belongs to sales1: reminders go to the owner of the receivables its nodes create.
    const assigned = await app.post(`/api/records/mt_project/${project}/assign`, { owner: sales1 });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    const lines = await app.sql<Row>(`select id, installment from ${app.table('mt_payment_plan')} where project = ?`, [project]);
    for (const l of lines) nodes[l.installment] = l.id;
    const body = (await app.get(`/api/records/mt_project/${project}`)).body;
    assert.equal(body.plan_percent_total, 100);
    const broken = await patchProject({ payments: lines.map((l) => ({ id: l.id, ...(l.installment === 'retention' ? { percent: 5 } : {}) })) });
    assert.equal(broken.status, 422, JSON.stringify(broken.body));
    assert.deepEqual(broken.body.error.details.map((d: Row) => d.path), ['/payments']);
    const after = await app.sql<Row>(`select percent from ${app.table('mt_payment_plan')} where id = ?`, [nodes.retention]);
    assert.equal(Number(after[0]!.percent), 10);
  });

  it('creates no receivable before the contract gate; entering 合同 creates the 30 % node once, due 30 days later, linked back', async () => {
    await act('to_bidding');
    await act('to_won', { bid_date: today() });
    assert.equal((await receivables()).length, 0);
    await app.upload('mt_project', project, 'tech_agreement', '技术协议(双方签字).pdf');
    await act('to_contract', { contract, contract_amount: CONTRACT_AMOUNT });
    const created = await receivables();
    assert.equal(created.length, 1);
    const advance = created[0]!;
    assert.equal(Number(advance.amount), 536400.3);
    assert.equal(advance.due_date, today(30));
    assert.equal(advance.mt_plan_line, nodes.advance);
    assert.equal(advance.customer, customer);
    assert.equal(advance.contract, contract);
    assert.equal(advance.installment, 'advance');
    assert.equal(advance.owner, sales1);
    assert.equal(advance.status, 'pending');
    assert.match(String(advance.receivable_no), /^YS-\d{6}-\d{4}$/);
    const audit = await app.sql(`select 1 from ${app.table('crm_audit')} where entity = 'receivable' and record_id = ? and action = 'create'`, [advance.id]);
    assert.equal(audit.length, 1);
  });

  it('creates the 发货 node at the shipment gate and nothing at the gates no node is tied to', async () => {
    await act('to_production', { planned_delivery: today(20) });
    assert.equal((await receivables()).length, 1);
    // The 发货 gate: every milestone up to 出厂检验 done and the factory acceptance record attached.
    const done = ['drawings', 'castings', 'machining', 'subassembly', 'final_assembly', 'test_run', 'factory_test'];
    await patchProject({ milestones: done.map((type) => ({ name: type, milestone_type: type, planned_start: today(-30), planned_date: today(-1), status: 'done' })) });
    await app.upload('mt_project', project, 'factory_acceptance_record', '出厂验收记录.pdf');
    await act('to_shipment', { actual_delivery: today() });
    const delivery = await receivableOf('delivery');
    assert.equal(Number(delivery!.amount), 536400.3);
    assert.equal(delivery!.installment, 'shipment');
    assert.equal((await receivables()).length, 2);
  });

  it('reminds the owner 7 days before the due date and marks the receivable overdue the day after it, each once', async () => {
    const advance = (await receivableOf('advance'))!;
    await clock(22);
    await runJobs();
    assert.equal((await messages(advance.id, 'remind')).length, 0, 'not yet: 8 days before');
    await clock(23.5);
    await Promise.all([runJobs(), runJobs()]);
    await runJobs();
    assert.equal((await messages(advance.id, 'remind')).length, 1);
    assert.equal((await receivableOf('advance'))!.dunning, 'reminded');
    await clock(30.5);
    await runJobs();
    assert.equal((await receivableOf('advance'))!.status, 'pending', 'due today is not overdue');
    await clock(31.5);
    await runJobs();
    await runJobs();
    const overdue = (await receivableOf('advance'))!;
    assert.equal(overdue.dunning, 'overdue');
    assert.equal(overdue.status, 'overdue');
    assert.equal((await messages(advance.id, 'mark_overdue')).length, 1);
  });

  it('creates the dated retention node on its day, once, however often the jobs run', async () => {
    await clock(39);
    await runJobs();
    assert.equal(await receivableOf('retention'), undefined);
    await clock(40.5);
    await Promise.all([runJobs(), runJobs()]);
    await runJobs();
    const retention = (await receivableOf('retention'))!;
    assert.equal(Number(retention.amount), 178800.1);
    assert.equal(retention.due_date, today(40));
    assert.equal(retention.installment, 'retention');
    assert.equal((await receivables()).length, 3);
    await clock(0);
    await runJobs();
  });

  it('refuses a receipt allocating more than is outstanding, or larger than its allocations unless an advance, and changes nothing', async () => {
    const advance = (await receivableOf('advance'))!;
    const before = await app.sql(`select count(*)::int as n from ${app.table('receipt')}`);
    const over = await app.post('/api/records/receipt', { customer, receipt_date: today(), amount: 600000, method: 'bank_transfer', allocations: [{ receivable: advance.id, amount: 600000 }] });
    assert.equal(over.status, 422, JSON.stringify(over.body));
    assert.match(JSON.stringify(over.body.error.details), /allocations\/0\/receivable/);
    const unallocated = await app.post('/api/records/receipt', { customer, receipt_date: today(), amount: 600000, method: 'bank_transfer', allocations: [{ receivable: advance.id, amount: 500000 }] });
    assert.equal(unallocated.status, 422, JSON.stringify(unallocated.body));
    assert.deepEqual(unallocated.body.error.details.map((d: Row) => d.path), ['/amount']);
    assert.deepEqual(await app.sql(`select count(*)::int as n from ${app.table('receipt')}`), before);
    assert.equal(Number((await receivableOf('advance'))!.received_amount), 0);
  });

  it('allocates receipts partially and across receivables, keeps an advance, and rolls up to the nodes and the project', async () => {
    const advance = (await receivableOf('advance'))!;
    const retention = (await receivableOf('retention'))!;
    const first = await app.post('/api/records/receipt', { customer, receipt_date: today(), amount: 300000, method: 'acceptance_bill', bank_reference: '承兑 0001', allocations: [{ receivable: advance.id, amount: 300000 }] });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    let a = (await app.get(`/api/records/receivable/${advance.id}`)).body;
    assert.equal(a.received_amount, 300000);
    assert.equal(a.outstanding, 236400.3);
    assert.equal(a.status, 'overdue', 'still overdue while partly paid');
    const second = await app.post('/api/records/receipt', {
      customer,
      receipt_date: today(),
      amount: 400000,
      method: 'bank_transfer',
      bank_reference: 'ICBC-0002',
      is_advance: true,
      allocations: [
        { receivable: advance.id, amount: 236400.3 },
        { receivable: retention.id, amount: 100000 },
      ],
    });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.equal(second.body.advance_amount, 63599.7);
    a = (await app.get(`/api/records/receivable/${advance.id}`)).body;
    assert.equal(a.status, 'received');
    assert.equal(a.outstanding, 0);
    const r = (await app.get(`/api/records/receivable/${retention.id}`)).body;
    assert.equal(r.status, 'partial');
    assert.equal(r.received_amount, 100000);
    const node = (await app.get(`/api/records/mt_payment_plan/${nodes.advance}`)).body;
    assert.equal(node.received_amount, 536400.3);
    const p = (await app.get(`/api/records/mt_project/${project}`)).body;
    assert.equal(p.received_total, 636400.3);
    assert.equal(p.billed_total, 1251600.7);
    assert.equal(p.retention_balance, 78800.1, 'what is left of the 10 % retention');
  });

  it("records invoices against receivables and keeps the customer's ledger balanced, also when a receipt is deleted", async () => {
    const advance = (await receivableOf('advance'))!;
    const inv = await app.post('/api/records/invoice', { invoice_no: '32002600119999', invoice_type: 'vat_special', customer, receivable: advance.id, invoice_date: today(), amount: 536400.3, tax_rate: 13 });
    assert.equal(inv.status, 201, JSON.stringify(inv.body));
    assert.equal(inv.body.tax_amount, 61709.77);
    assert.equal((await app.get(`/api/records/receivable/${advance.id}`)).body.invoiced_amount, 536400.3);
    const ledger = async () => {
      const c = await customerRow();
      const [sums] = await app.sql<Row>(
        `select (select coalesce(sum(amount), 0) from ${app.table('receivable')} where customer = ?) as billed,
                (select coalesce(sum(amount), 0) from ${app.table('receipt')} where customer = ?) as received,
                (select coalesce(sum(amount), 0) from ${app.table('invoice')} where customer = ?) as invoiced`,
        [customer, customer, customer],
      );
      assert.equal(c.ledger_receivable, Number(sums!.billed));
      assert.equal(c.ledger_received, Number(sums!.received));
      assert.equal(c.ledger_invoiced, Number(sums!.invoiced));
      assert.equal(c.ledger_balance, Number((Number(sums!.billed) - Number(sums!.received)).toFixed(2)));
      return c;
    };
    let c = await ledger();
    assert.equal(c.ledger_received, 700000);
    assert.equal(c.ledger_advance, 63599.7);
    assert.equal(c.open_receivables, Number((536400.3 + 178800.1 - 100000 + 536400.3 - 536400.3).toFixed(2)));
    assert.equal(c.credit_exposure, c.open_receivables);
    const first = (await app.sql<{ id: string }>(`select id from ${app.table('receipt')} where bank_reference = '承兑 0001'`))[0]!.id;
    const removed = await app.send('DELETE', `/api/records/receipt/${first}`);
    assert.equal(removed.status, 204, JSON.stringify(removed.body));
    assert.equal((await app.get(`/api/records/receivable/${advance.id}`)).body.received_amount, 236400.3);
    c = await ledger();
    assert.equal(c.ledger_received, 400000);
  });
});
