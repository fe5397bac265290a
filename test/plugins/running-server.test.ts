// The shipped industry bundles on a running server, over the admin API and the CLI: installing makes their menus,
// tables, APIs, forms and customer fields appear with no restart; uninstalling takes menus and API away and keeps
// every row; reinstalling brings the data back without loading the demo data twice.
import assert from 'node:assert/strict';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';
import { tableNames } from '../helpers/tenant-state.ts';
import { testDatabaseKind } from '../helpers/test-database.ts';
import type { Reply } from '../helpers/test-server.ts';

interface Menu {
  id: string;
  entity?: string;
  children?: Menu[];
}

const menuIds = (items: Menu[]): string[] => items.flatMap((m) => [m.id, ...menuIds(m.children ?? [])]);

/** Polls until `check` holds (another process's change reaches this server through its model watcher). */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('plugins/on a running server: install, uninstall and reinstall the shipped bundles', function () {
  this.timeout(90_000);
  let app: PluginServer;
  let customerId: string;
  let projectCount: number;

  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: ['machine-tool-projects', 'instrument-selection'] }));
    const [customer] = await app.sql<{ id: string }>(`select id from ${app.table('customer')} where name = ?`, ['山东鲁重工程机械有限公司']);
    customerId = customer!.id;
  });
  after(() => app?.close());

  const menus = async () => menuIds(((await app.get('/api/meta/menus')).body.data ?? []) as Menu[]);
  const count = async (table: string) => Number((await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table(table)}`))[0]!.n);
  const ok = (r: Reply, what: string) => assert.equal(r.status, 200, `${what}: ${r.status} ${JSON.stringify(r.body)}`);

  it('lists both bundles as available and not installed; only an admin with the plugins function may install', async () => {
    const list = await app.get('/api/admin/plugins');
    ok(list, 'list');
    const byName = new Map((list.body.data as { name: string; available?: string; installed?: unknown; problems: unknown[] }[]).map((e) => [e.name, e]));
    for (const name of ['machine-tool-projects', 'instrument-selection']) {
      assert.equal(byName.get(name)?.available, '1.0.0', name);
      assert.equal(byName.get(name)?.installed, undefined, name);
      assert.deepEqual(byName.get(name)?.problems, [], name);
    }
    const sales = await app.send('POST', '/api/auth/login', { username: 'sales1', password: 'demo1234' });
    const before = await app.state();
    const refused = await app.send('POST', '/api/admin/plugins/machine-tool-projects/install', {}, String(sales.body.token));
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.deepEqual(await app.state(), before);
  });

  it("refuses an admin field named with the prefix of a plugin that is available but not installed", async () => {
    const before = await app.state();
    const r = await app.send('PUT', '/api/admin/extensions/customer', { extends: 'customer', fields: { mt_installed_machines: { type: 'integer', labels: { 'zh-CN': '机床台数', en: 'Machines' } } } }, app.token);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(
      r.body.error.details.some((d: { pointer?: string; message: string }) => d.pointer === '/fields/mt_installed_machines' && /prefix "mt_" belongs to plugin machine-tool-projects/.test(d.message)),
      JSON.stringify(r.body),
    );
    assert.deepEqual(await app.state(), before);
  });

  it('installs machine-tool-projects: its menu, tables, API, form and customer fields appear at once, with its demo data', async () => {
    const modelBefore = app.engine.model();
    const installed = await app.post('/api/admin/plugins/machine-tool-projects/install');
    ok(installed, 'install');
    assert.equal(installed.body.status, 'installed');
    assert.equal(installed.body.version, '1.0.0');
    assert.notEqual(app.engine.model(), modelBefore, 'the live model was replaced');

    assert.ok((await menus()).includes('mt.project'), 'the menu entry shows');
    const tables = await tableNames(app.engine.db.knex, app.engine.tenant);
    for (const t of ['mt_project', 'mt_milestone', 'mt_payment_plan']) assert.ok(tables.includes(t), `table ${t}`);

    const list = await app.get('/api/records/mt_project?count=exact');
    ok(list, 'list projects');
    assert.equal(list.body.count, 2, 'the demo projects were loaded');
    assert.deepEqual(list.body.data.map((p: { name: string }) => p.name).sort(), ['恒驰汽车零部件 VMC1160 技改项目', '鲁重工程机械 2026 年立加扩产项目']);
    const created = await app.post('/api/records/mt_project', {
      name: '测试项目',
      customer: customerId,
      quantity: 2,
      // A payment plan of fixed amounts must add up to the contract amount.
      contract_amount: 100000,
      payments: [{ installment: 'advance', due_date: '2026-11-01', amount: 100000 }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.planned_total, 100000, 'the rollup over the payment-plan lines works');

    const form = await app.get('/api/meta/entities/mt_project');
    ok(form, 'form');
    assert.equal(form.body.labels['zh-CN'], '机床项目');
    for (const f of ['name', 'customer', 'milestones', 'payments']) assert.ok(f in form.body.schema.properties, `form field ${f}`);

    const customerForm = await app.get('/api/meta/entities/customer');
    const fields = (customerForm.body.fields as { name: string }[]).map((f) => f.name);
    assert.ok(fields.includes('mt_installed_machines') && fields.includes('mt_key_account'), 'the customer extension fields show');
    const customer = await app.get(`/api/records/customer/${customerId}`);
    const patched = await app.send('PATCH', `/api/records/customer/${customerId}`, { version: customer.body.version, mt_installed_machines: 3, mt_key_account: true }, app.token);
    ok(patched, 'customer extension fields are writable');

    const roles = await app.sql(`select code from ${app.table('role')} where code = 'mt_project_manager'`);
    assert.equal(roles.length, 1, 'the plugin role was synced');
    const listed = (await app.get('/api/admin/plugins')).body.data.find((e: { name: string }) => e.name === 'machine-tool-projects');
    assert.deepEqual(listed.installed, { version: '1.0.0', status: 'installed', coreGrants: false });
  });

  it('installs instrument-selection: its series API serves the demo series with its selection segments', async () => {
    ok(await app.post('/api/admin/plugins/instrument-selection/install'), 'install');
    assert.ok((await menus()).includes('ins.series'));
    const series = await app.get('/api/records/ins_series?count=exact&expand=segments');
    ok(series, 'list series');
    assert.equal(series.body.count, 1);
    assert.equal(series.body.data[0].code, 'P3051');
    assert.ok(series.body.data[0].segments.length >= 4, 'the selection segments come with the series');
    const form = await app.get('/api/meta/entities/ins_series');
    ok(form, 'form');
    assert.ok('segments' in form.body.schema.properties);
  });

  it('uninstalls machine-tool-projects: menu and API are gone, the tables keep every row, the customer fields are archived with their values', async () => {
    projectCount = await count('mt_project');
    assert.equal(projectCount, 3);
    const removed = await app.post('/api/admin/plugins/machine-tool-projects/uninstall');
    ok(removed, 'uninstall');
    assert.equal(removed.body.status, 'disabled');

    const ids = await menus();
    assert.ok(!ids.some((id) => id === 'mt' || id.startsWith('mt.')), 'the menu is gone');
    assert.ok(ids.includes('ins.series'), 'the other plugin stays');
    assert.equal((await app.get('/api/records/mt_project')).status, 404);
    assert.equal((await app.get('/api/meta/entities/mt_project')).status, 404);
    const customer = await app.get(`/api/records/customer/${customerId}`);
    ok(customer, 'customer');
    assert.ok(!('mt_installed_machines' in customer.body), 'the extension field left the API');
    const fields = ((await app.get('/api/meta/entities/customer')).body.fields as { name: string }[]).map((f) => f.name);
    assert.ok(!fields.some((f) => f.startsWith('mt_')), 'and the form');

    assert.equal(await count('mt_project'), projectCount, 'the rows stay in the table');
    const [kept] = await app.sql<{ mt_installed_machines: number; mt_key_account: boolean }>(`select mt_installed_machines, mt_key_account from ${app.table('customer')} where id = ?`, [customerId]);
    assert.deepEqual(kept, { mt_installed_machines: 3, mt_key_account: true }, 'the column keeps its values');
    const archived = await app.sql<{ column_name: string }>(`select column_name from ${app.table('crm_archived_column')} where table_name = 'customer' order by 1`);
    assert.deepEqual(archived.map((a) => a.column_name), ['mt_installed_machines', 'mt_key_account']);
    const [row] = await app.sql<{ status: string }>(`select status from ${app.table('crm_plugin')} where name = 'machine-tool-projects'`);
    assert.equal(row?.status, 'disabled');
  });

  it('reinstalls machine-tool-projects: the projects and the customer field values come back, the demo data is not loaded twice', async () => {
    ok(await app.post('/api/admin/plugins/machine-tool-projects/install'), 'reinstall');
    const list = await app.get('/api/records/mt_project?count=exact');
    ok(list, 'list');
    assert.equal(list.body.count, projectCount);
    assert.deepEqual(list.body.data.map((p: { name: string }) => p.name).sort(), ['恒驰汽车零部件 VMC1160 技改项目', '测试项目', '鲁重工程机械 2026 年立加扩产项目']);
    const customer = await app.get(`/api/records/customer/${customerId}`);
    assert.equal(customer.body.mt_installed_machines, 3);
    assert.equal(customer.body.mt_key_account, true);
    assert.deepEqual(await app.sql(`select column_name from ${app.table('crm_archived_column')} where table_name = 'customer'`), [], 'restored from the archive');
    assert.ok((await menus()).includes('mt.project'));
  });

  it('the CLI uninstalls and reinstalls a plugin on the running server, which serves the change without a restart', async () => {
    const seriesStatus = async () => (await app.get('/api/records/ins_series')).status;
    const out = await app.crm('plugin', 'uninstall', 'instrument-selection');
    assert.equal(out.status, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /instrument-selection 1\.0\.0: disabled\./);
    if (testDatabaseKind() === 'pglite') assert.match(out.stderr, /through the running server/);
    await eventually(async () => (await seriesStatus()) === 404, 'the series API is gone');
    assert.ok(!(await menus()).includes('ins.series'));

    const back = await app.crm('plugin', 'install', 'instrument-selection');
    assert.equal(back.status, 0, back.stdout + back.stderr);
    assert.match(back.stdout, /instrument-selection 1\.0\.0: installed\./);
    await eventually(async () => (await seriesStatus()) === 200, 'the series API is back');
    const series = await app.get('/api/records/ins_series?count=exact');
    assert.equal(series.body.count, 1, 'the demo series is not loaded twice');
    assert.ok((await menus()).includes('ins.series'));

    const list = await app.crm('plugin', 'list');
    assert.equal(list.status, 0, list.stdout + list.stderr);
    assert.match(list.stdout, /instrument-selection\s+1\.0\.0\s+installed 1\.0\.0/);
    assert.match(list.stdout, /machine-tool-projects\s+1\.0\.0\s+installed 1\.0\.0/);
  });
});
