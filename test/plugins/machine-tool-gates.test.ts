// Stage gates of the machine-tool project, over HTTP: each gate refuses while its documents, milestones or sign-off
// are missing and lists every one of them at once, and passes once they are there; final acceptance can never be
// passed by a timer (refused at load, and refused at run time for a timer scheduled before the gate was declared);
// a broken gate declaration is refused at its JSON pointer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDueJobs, setClockOffset } from '../../engine/jobs/index.ts';
import { createPluginRoot, PROJECT_ROOT } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

type Flow = Record<string, any>;
interface Detail {
  path?: string;
  pointer?: string;
  message: string;
}
const FLOW = 'mt_project_lifecycle';
const shippedFlow = (): Flow => {
  const flow = JSON.parse(readFileSync(join(PROJECT_ROOT, `plugins/machine-tool-projects/metadata/workflows/${FLOW}.json`), 'utf8'));
  delete flow.$schema;
  return flow;
};
const UP_TO_FACTORY_TEST = ['drawings', 'castings', 'machining', 'subassembly', 'final_assembly', 'test_run', 'factory_test'];

describe('plugins/machine-tool projects: stage gates list everything missing and pass once it is there', function () {
  this.timeout(240_000);
  let app: PluginServer;
  const tokens: Record<string, string> = {};
  let customer = '';
  let contract = '';
  let project = '';

  const act = (action: string, body: unknown = {}, user = 'admin') => app.send('POST', `/api/records/mt_project/${project}/actions/${action}`, body, user === 'admin' ? app.token : tokens[user]);
  const patch = async (values: Record<string, unknown>) => {
    const current = await app.get(`/api/records/mt_project/${project}`);
    const r = await app.send('PATCH', `/api/records/mt_project/${project}`, { ...values, version: current.body.version });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const upload = (field: string, name: string) => app.upload('mt_project', project, field, name);
  const refusedWith = (r: { status: number; body: any }, paths: string[]) => {
    assert.equal(r.status, 422, JSON.stringify(r.body));
    const details = r.body.error.details as Detail[];
    assert.deepEqual(details.map((d) => d.path).sort(), [...paths].sort(), JSON.stringify(details));
    for (const d of details) assert.ok(d.message.length > 0);
    return details;
  };
  const stage = async () => String((await app.sql<{ stage: string }>(`select stage from ${app.table('mt_project')} where id = ?`, [project]))[0]!.stage);

  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: ['machine-tool-projects'] }));
    const installed = await app.post('/api/admin/plugins/machine-tool-projects/install');
    assert.equal(installed.status, 200, JSON.stringify(installed.body));
    for (const user of ['sales1', 'sales_mgr1']) tokens[user] = String((await app.send('POST', '/api/auth/login', { username: user, password: 'demo1234' })).body.token);
    // The sign-off goes to the project owner's manager: sales_mgr1 for a project of sales1's; both need the plugin's role.
    const [role] = await app.sql<{ id: string }>(`select id from ${app.table('role')} where code = 'mt_project_manager'`);
    for (const user of ['sales1', 'sales_mgr1']) {
      const [row] = await app.sql<{ id: string }>(`select id from ${app.table('app_user')} where username = ?`, [user]);
      const current = await app.get(`/api/records/app_user/${row!.id}?expand=roles`);
      const roles = [...(current.body.roles as { id: string }[]).map((r) => r.id), role!.id];
      const r = await app.send('PATCH', `/api/records/app_user/${row!.id}`, { version: current.body.version, roles });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    customer = String((await app.sql<{ id: string }>(`select id from ${app.table('customer')} limit 1`))[0]!.id);
    contract = String((await app.sql<{ id: string }>(`select id from ${app.table('contract')} limit 1`))[0]!.id);
    const created = await app.post('/api/records/mt_project', { name: '闸门测试项目', customer, machine_model: 'VMC850', quantity: 2 });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    project = String(created.body.id);
    await app.sql(`update ${app.table('mt_project')} set owner = (select id from ${app.table('app_user')} where username = 'sales1') where id = ?`, [project]);
    assert.equal((await act('to_bidding')).status, 200);
    await patch({ bid_date: '2026-11-01' });
    assert.equal((await act('to_won')).status, 200);
  });
  after(async () => {
    if (!app) return;
    await setClockOffset(app.engine.db.knex, app.engine.tenant, 0);
    await app.close();
  });

  it('合同: refuses without the contract, the amount and the signed technical agreement, naming all three; passes once there', async () => {
    const details = refusedWith(await act('to_contract'), ['/contract', '/contract_amount', '/tech_agreement']);
    assert.match(details.find((d) => d.path === '/tech_agreement')!.message, /技术协议/);
    const english = await app.send('POST', `/api/records/mt_project/${project}/actions/to_contract?lang=en`, {});
    assert.match(JSON.stringify(english.body), /Technical agreement/);
    assert.equal(await stage(), 'won', 'nothing changed');
    await patch({ contract, contract_amount: 1200000 });
    refusedWith(await act('to_contract'), ['/tech_agreement']);
    await upload('tech_agreement', '技术协议(双方签字).pdf');
    const passed = await act('to_contract');
    assert.equal(passed.status, 200, JSON.stringify(passed.body));
    assert.equal(passed.body.state.code, 'contract');
  });

  it('发货: refuses while milestones up to 出厂检验 are open and the factory acceptance record is missing, naming the open milestones', async () => {
    await patch({ planned_delivery: '2027-01-15' });
    assert.equal((await act('to_production')).status, 200);
    const none = refusedWith(await act('to_shipment'), ['/actual_delivery', '/milestones', '/factory_acceptance_record']);
    // The project came with the standard milestones (the field's default lines), none of them done yet.
    assert.match(none.find((d) => d.path === '/milestones')!.message, /图纸发放、铸件到货\/时效、关键件机加工、部装、总装、空运转\/试切、出厂检验/);
    const names: Record<string, string> = { drawings: '图纸发放', castings: '铸件到货', machining: '关键件机加工', subassembly: '部装', final_assembly: '总装', test_run: '试切', factory_test: '出厂检验', packing_shipment: '包装发运' };
    const milestones = Object.entries(names).map(([type, name]) => ({ name, milestone_type: type, planned_start: '2026-11-01', planned_date: '2026-11-20', status: ['machining', 'final_assembly', 'packing_shipment'].includes(type) ? 'pending' : 'done' }));
    const saved = await patch({ milestones });
    const open = refusedWith(await act('to_shipment'), ['/actual_delivery', '/milestones', '/factory_acceptance_record']);
    const message = open.find((d) => d.path === '/milestones')!.message;
    assert.match(message, /关键件机加工、总装/);
    assert.doesNotMatch(message, /包装发运/, 'packing comes after the factory test and does not hold shipment back');
    assert.equal(await stage(), 'production');

    const lines = (saved.milestones as { id: string; milestone_type: string }[]).map((m) => ({ id: m.id, status: UP_TO_FACTORY_TEST.includes(m.milestone_type) ? 'done' : 'pending' }));
    await patch({ milestones: lines, actual_delivery: '2026-12-20' });
    refusedWith(await act('to_shipment'), ['/factory_acceptance_record']);
    await upload('factory_acceptance_record', '出厂预验收记录.pdf');
    const passed = await act('to_shipment');
    assert.equal(passed.status, 200, JSON.stringify(passed.body));
    assert.equal(passed.body.state.code, 'shipment');
  });

  it('gives a new project the standard production milestones unless the create names its own (an empty list: none)', async () => {
    const made = await app.post('/api/records/mt_project', { name: '默认里程碑项目', customer, machine_model: 'VMC850', quantity: 1 });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const types = async (id: string) => (await app.sql<{ milestone_type: string }>(`select milestone_type from ${app.table('mt_milestone')} where project = ? order by milestone_type`, [id])).map((m) => m.milestone_type);
    assert.deepEqual(await types(made.body.id), [...UP_TO_FACTORY_TEST, 'packing_shipment'].sort());
    const own = await app.post('/api/records/mt_project', { name: '自定里程碑项目', customer, milestones: [{ name: '总装', milestone_type: 'final_assembly' }] });
    assert.deepEqual(await types(own.body.id), ['final_assembly']);
    const none = await app.post('/api/records/mt_project', { name: '无里程碑项目', customer, milestones: [] });
    assert.deepEqual(await types(none.body.id), []);
  });

  it('质保 (终验收): refuses without the final acceptance report and the sign-off; the sign-off needs the report; passes once signed', async () => {
    await patch({ installed_on: '2027-01-10' });
    assert.equal((await act('to_installation')).status, 200);
    await patch({ accepted_on: '2027-02-01' });
    assert.equal((await act('to_acceptance')).status, 200);

    const details = refusedWith(await act('to_warranty'), ['/final_acceptance', '/warranty_until', '/final_acceptance_report', '/signoffs/final_acceptance']);
    assert.match(details.find((d) => d.path === '/signoffs/final_acceptance')!.message, /终验收签字/);
    assert.match(details.find((d) => d.path === '/final_acceptance_report')!.message, /终验收报告/);
    refusedWith(await act('request_final_signoff'), ['/final_acceptance_report']);

    await upload('final_acceptance_report', '终验收报告(客户盖章).pdf');
    const requested = await act('request_final_signoff');
    assert.equal(requested.status, 200, JSON.stringify(requested.body));
    assert.equal(requested.body.approval.step, 'final_acceptance');
    // The final acceptance record sets the warranty dates (derived, never typed).
    const acceptance = await app.post('/api/records/mt_acceptance', { project, name: '终验收', acceptance_type: 'final', accepted_on: '2027-02-01', result: 'passed' });
    assert.equal(acceptance.status, 201, JSON.stringify(acceptance.body));
    assert.equal((await patch({ final_acceptance: acceptance.body.id })).warranty_until, '2028-02-01');
    refusedWith(await act('to_warranty'), ['/signoffs/final_acceptance']);
    const signed = await act('approve', { comment: '现场终验收合格' }, 'sales_mgr1');
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    assert.equal(signed.body.state.code, 'acceptance');
    const passed = await act('to_warranty');
    assert.equal(passed.status, 200, JSON.stringify(passed.body));
    assert.equal(passed.body.state.code, 'warranty');
  });

  it('a project reopened into 验收 after passing 终验收 needs the sign-off again: the first one was used up by the gate', async () => {
    assert.equal(await stage(), 'warranty');
    const reopenable = shippedFlow();
    reopenable.transitions.push({ action: 'reopen_acceptance', from: ['warranty'], to: 'acceptance', labels: { 'zh-CN': '重新验收', en: 'Reopen acceptance' } });
    const published = await app.send('PUT', `/api/admin/metadata/workflows/${FLOW}`, reopenable);
    assert.equal(published.status, 200, JSON.stringify(published.body));
    try {
      assert.equal((await act('reopen_acceptance')).status, 200);
      // The report is still attached; only the sign-off is missing.
      refusedWith(await act('to_warranty'), ['/signoffs/final_acceptance']);
      assert.equal((await act('request_final_signoff')).status, 200);
      assert.equal((await act('approve', { comment: '复验合格' }, 'sales_mgr1')).status, 200);
      const passed = await act('to_warranty');
      assert.equal(passed.status, 200, JSON.stringify(passed.body));
    } finally {
      assert.equal((await app.send('DELETE', `/api/admin/metadata/workflows/${FLOW}`)).status, 200);
    }
  });

  it('refuses a flow whose timer would pass a gate only a person may pass, and broken requirements, each at its pointer', async () => {
    const flow = shippedFlow();
    const warranty = flow.transitions.findIndex((t: Flow) => t.action === 'to_warranty');
    const shipment = flow.transitions.findIndex((t: Flow) => t.action === 'to_shipment');
    flow.timers.push({ id: 'auto_accept', state: 'acceptance', after: 'P30D', do: { transition: 'to_warranty' } });
    flow.transitions[shipment].requires.documents.push({ field: 'nope' }, { field: 'machine_model' });
    flow.transitions[shipment].requires.records.push({ entity: 'no_such_entity', via: 'project', all: true }, { entity: 'mt_payment_plan', via: 'nope', any: { '==': [{ var: 'nope' }, 1] } });
    flow.transitions[warranty].requires.signoffs.push({ step: 'no_such_step' });
    const r = await app.send('PUT', `/api/admin/metadata/workflows/${FLOW}?dry_run=true`, flow);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    const pointers = (r.body.error.details as Detail[]).map((d) => d.pointer);
    const t = `/transitions/${shipment}/requires`;
    for (const p of [
      `/timers/${flow.timers.length - 1}/do/transition`,
      `${t}/documents/1/field`,
      `${t}/documents/2/field`,
      `${t}/records/1/entity`,
      `${t}/records/2/via`,
      `${t}/records/2/any/==/0/var`,
      `/transitions/${warranty}/requires/signoffs/1/step`,
    ]) {
      assert.ok(pointers.includes(p), `${p} in ${JSON.stringify(r.body.error.details)}`);
    }
    assert.ok((r.body.error.details as Detail[]).every((d) => (d as { file?: string }).file === `admin:workflows/${FLOW}`));
  });

  it('flags a milestone that starts late or runs over 20 % of its planned duration as the business clock moves, and tells the project owner once', async () => {
    const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offset * 86400_000));
    const created = await app.post('/api/records/mt_project', {
      name: '延误测试项目',
      customer,
      quantity: 1,
      milestones: [
        { name: '总装', milestone_type: 'final_assembly', planned_start: day(2), planned_date: day(12) },
        { name: '关键件机加工', milestone_type: 'machining', planned_start: day(-10), planned_date: day(0), actual_start: day(-10) },
        { name: '图纸发放', milestone_type: 'drawings', planned_start: day(-1), planned_date: day(30), actual_start: day(-1) },
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = String(created.body.id);
    await app.sql(`update ${app.table('mt_project')} set owner = (select id from ${app.table('app_user')} where username = 'sales1') where id = ?`, [id]);
    const delayed = async () => {
      const r = await app.get(`/api/records/mt_milestone?filter=${encodeURIComponent(JSON.stringify({ and: [{ '==': [{ var: 'project' }, id] }, { '==': [{ var: 'delayed' }, true] }] }))}&sort=name`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return (r.body.data as { name: string }[]).map((m) => m.name);
    };
    const told = () => app.sql<{ title: string }>(`select m.title from ${app.table('crm_message')} m join ${app.table('mt_milestone')} x on x.id = m.record_id where x.project = ? and m.kind = 'delay' and m.recipient = (select id from ${app.table('app_user')} where username = 'sales1')`, [id]);

    await runDueJobs(app.engine.systemContext());
    assert.deepEqual(await delayed(), []);
    await setClockOffset(app.engine.db.knex, app.engine.tenant, 3 * 86400);
    await runDueJobs(app.engine.systemContext());
    assert.deepEqual(await delayed(), ['关键件机加工', '总装'], 'not started two days after its start; thirteen days into ten planned');
    const messages = await told();
    assert.equal(messages.length, 2);
    assert.ok(messages.some((m) => m.title === '里程碑延误:延误测试项目 · 总装'), JSON.stringify(messages));
    await setClockOffset(app.engine.db.knex, app.engine.tenant, 4 * 86400);
    await runDueJobs(app.engine.systemContext());
    assert.equal((await told()).length, 2, 'a flag that stays on tells nobody again');
    await setClockOffset(app.engine.db.knex, app.engine.tenant, 0);
  });

  it('refuses a milestone that ends before it starts, naming the date, and changes nothing', async () => {
    const project = await app.get(`/api/records/mt_project?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'name' }, '延误测试项目'] }))}`);
    const row = project.body.data[0];
    const r = await app.send('PATCH', `/api/records/mt_project/${row.id}`, { version: row.version, milestones: [{ name: '部装', milestone_type: 'subassembly', actual_start: '2026-12-10', actual_date: '2026-12-01' }] });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.match(JSON.stringify(r.body.error.details), /实际完成日期不能早于实际开始日期/);
    const count = await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('mt_milestone')} where project = ?`, [row.id]);
    assert.equal(count[0]!.n, 3);
  });

  it('a timer scheduled before final acceptance became manual-only is refused when it comes due: the project stays in 验收', async () => {
    // Version 2: an automatic acceptance after 30 days, while the gate was not yet for people only.
    const lax = shippedFlow();
    const warranty = lax.transitions.find((t: Flow) => t.action === 'to_warranty');
    delete warranty.manualOnly;
    lax.timers.push({ id: 'auto_accept', state: 'acceptance', after: 'P30D', do: { transition: 'to_warranty' } });
    assert.equal((await app.send('PUT', `/api/admin/metadata/workflows/${FLOW}`, lax)).status, 200);
    const created = await app.post('/api/records/mt_project', { name: '定时验收测试', customer, quantity: 1 });
    const id = String(created.body.id);
    // Straight to 验收 with every document and the sign-off already given: only manualOnly can hold the timer back.
    await app.sql(`update ${app.table('mt_project')} set stage = 'installation', warranty_until = '2028-01-01', accepted_on = '2027-01-01', installed_on = '2027-01-01' where id = ?`, [id]);
    project = id;
    assert.equal((await act('to_acceptance')).status, 200);
    const job = await app.sql(`select 1 from ${app.table('crm_job')} where payload->>'timer' = 'auto_accept' and payload->>'recordId' = ?`, [id]);
    assert.equal(job.length, 1, 'the timer was scheduled');
    // The shipped definition (manual-only) is published again before the timer comes due.
    assert.equal((await app.send('DELETE', `/api/admin/metadata/workflows/${FLOW}`)).status, 200);
    await setClockOffset(app.engine.db.knex, app.engine.tenant, 31 * 86400);
    await runDueJobs(app.engine.systemContext());
    assert.equal(await stage(), 'acceptance');
    const [history] = await app.sql<{ details: Record<string, unknown> }>(`select details from ${app.table('crm_wf_history')} where record_id = ? and action = 'timer'`, [id]);
    assert.equal(history?.details.refused, 'to_warranty');
    assert.match(JSON.stringify(history?.details.missing), /manual|人工/);
  });
});
