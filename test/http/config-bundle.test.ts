// 配置导入导出: a configuration made on system A (an admin field, a form, a menu, a flow change, a role narrowed) is
// exported as a bundle in the plugin format and imported into a fresh system B, plan first, then in one transaction;
// B then serves the same forms, menus, published flow and role rights. A bundle with a bad file is refused naming the
// file and JSON pointer, and B stays as it was.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPluginRoot, PROJECT_ROOT } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

type Doc = Record<string, any>;
const labels = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const layout = {
  entity: 'customer',
  tabs: [{ id: 'main', labels: labels('主要信息', 'Main'), sections: [{ id: 'key', labels: labels('关键信息', 'Key facts'), columns: 2, fields: ['grade', 'name', 'cfg_region'] }] }],
};
const extension = { extends: 'customer', fields: { cfg_region: { type: 'string', labels: labels('大区', 'Region'), maxLength: 40 } } };
const menu = { items: [{ id: 'crm', labels: labels('客户中心', 'Customer centre') }, { id: 'sales' }] };
function quoteFlowWithGm(): Doc {
  const flow = JSON.parse(readFileSync(join(PROJECT_ROOT, 'metadata/workflows/quote_flow.json'), 'utf8')) as Doc;
  delete flow.$schema;
  flow.approval.steps.push({ id: 'general_manager', labels: labels('总经理审批', 'General manager'), approvers: [{ kind: 'role', role: 'gm' }], when: { '>=': [{ var: 'total_amount' }, 500000] } });
  return flow;
}
const problemsOf = (body: Doc) => (body.error.details as { file?: string; pointer?: string }[]).map((d) => `${d.file} ${d.pointer}`);

describe('http/admin config bundle: export from one system, plan and import into a fresh one', function () {
  this.timeout(240_000);
  let a: PluginServer;
  let b: PluginServer;
  let bundle: Doc;
  const role = async (app: PluginServer, code: string) =>
    (await app.get(`/api/records/role?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'code' }, code] }))}`)).body.data[0] as Doc;
  const flowInForce = async (app: PluginServer) => (await app.get('/api/admin/workflows/quote_flow/versions')).body.definition as Doc;
  /** What B serves of the configuration: its admin documents, roles and the quote flow in force. */
  const configuration = async (app: PluginServer) => ({
    docs: await Promise.all(['entities', 'extensions', 'forms', 'menus', 'workflows'].map(async (k) => (await app.get(`/api/admin/metadata/${k}`)).body.data)),
    roles: ((await app.get('/api/records/role?sort=code&limit=500')).body.data as Doc[]).map((r) => [r.code, r.name, r.permissions]),
    flow: await flowInForce(app),
  });

  before(async () => {
    [a, b] = await Promise.all([startPluginServer(createPluginRoot({ shipped: [] })), startPluginServer(createPluginRoot({ shipped: [] }))]);
    for (const [path, doc] of [
      ['/api/admin/metadata/extensions/customer', extension],
      ['/api/admin/metadata/forms/customer', layout],
      ['/api/admin/metadata/menus/main', menu],
      ['/api/admin/metadata/workflows/quote_flow', quoteFlowWithGm()],
    ] as const) {
      const r = await a.send('PUT', path, doc);
      assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    }
    const sales = await role(a, 'sales');
    const permissions = structuredClone(sales.permissions);
    permissions.entities.customer.read = 'own';
    const saved = await a.send('PATCH', `/api/records/role/${sales.id}`, { permissions, version: sales.version });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('exports the admin layer and the roles as plugin.json and metadata/<kind>/<name>.json', async () => {
    const r = await a.get('/api/admin/config-bundle');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(String(r.headers.get('content-disposition')), /attachment; filename="crm-config-.*\.json"/);
    bundle = r.body;
    assert.equal(bundle['plugin.json'].name, 'tenant-configuration');
    assert.deepEqual(bundle['metadata/forms/customer.json'], layout);
    assert.deepEqual(bundle['metadata/menus/main.json'], menu);
    assert.deepEqual(bundle['metadata/extensions/customer.json'], extension);
    assert.equal(bundle['metadata/workflows/quote_flow.json'].approval.steps.at(-1).id, 'general_manager');
    assert.equal(bundle['metadata/roles/sales.json'].permissions.entities.customer.read, 'own');
    assert.equal(bundle['metadata/roles/sales.json'].labels['zh-CN'], (await role(a, 'sales')).name);
  });

  it('refuses a bundle with a bad file, naming the file and JSON pointer, and changes nothing on B', async () => {
    const before = await configuration(b);
    const badForm = structuredClone(bundle);
    badForm['metadata/forms/customer.json'].tabs[0].sections[0].fields.push('no_such_field');
    const badRole = structuredClone(bundle);
    badRole['metadata/roles/sales.json'].permissions.entities.no_such_entity = { read: 'all' };
    for (const [bad, problem] of [
      [badForm, 'metadata/forms/customer.json /tabs/0/sections/0/fields/3'],
      [badRole, 'metadata/roles/sales.json /permissions/entities/no_such_entity'],
    ] as const) {
      for (const dryRun of ['true', 'false']) {
        const r = await b.send('POST', `/api/admin/config-bundle?dry_run=${dryRun}`, bad);
        assert.equal(r.status, 422, JSON.stringify(r.body));
        assert.ok(problemsOf(r.body).includes(problem), JSON.stringify(r.body.error.details));
      }
    }
    // Passes the plan, refused by the role record (name at most 100 characters) after the form and flow were written
    // in the same transaction: all of it is rolled back.
    const late = structuredClone(bundle);
    late['metadata/roles/sales.json'].labels['zh-CN'] = '销'.repeat(101);
    assert.equal((await b.send('POST', '/api/admin/config-bundle?dry_run=true', late)).status, 200);
    const lateApply = await b.send('POST', '/api/admin/config-bundle?dry_run=false', late);
    assert.equal(lateApply.status, 422, JSON.stringify(lateApply.body));
    assert.ok(problemsOf(lateApply.body).includes('metadata/roles/sales.json /labels/zh-CN'), JSON.stringify(lateApply.body.error.details));
    const stray = await b.send('POST', '/api/admin/config-bundle?dry_run=true', { ...bundle, 'metadata/reports/x.json': {} });
    assert.equal(stray.status, 422);
    assert.ok(problemsOf(stray.body).includes('metadata/reports/x.json '), JSON.stringify(stray.body));
    assert.deepEqual(await configuration(b), before);
  });

  it('shows the plan first: each file created, replaced or unchanged, and the schema steps; nothing changes', async () => {
    const before = await configuration(b);
    const r = await b.send('POST', '/api/admin/config-bundle?dry_run=true', bundle);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.applied, false);
    const action = Object.fromEntries((r.body.documents as Doc[]).map((d) => [d.file, d.action]));
    assert.equal(action['metadata/forms/customer.json'], 'create');
    assert.equal(action['metadata/workflows/quote_flow.json'], 'create');
    assert.equal(action['metadata/roles/sales.json'], 'replace');
    assert.equal(action['metadata/roles/gm.json'], 'unchanged');
    assert.ok(JSON.stringify(r.body.plan.steps).includes('cfg_region'), JSON.stringify(r.body.plan));
    assert.deepEqual(await configuration(b), before);
  });

  it('applies it in one go: B serves the same forms, menus, published flow and role rights as A', async () => {
    const r = await b.send('POST', '/api/admin/config-bundle?dry_run=false', bundle);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.applied, true);
    const [onA, onB] = await Promise.all([configuration(a), configuration(b)]);
    assert.deepEqual(onB.docs, onA.docs);
    assert.deepEqual(onB.flow, onA.flow);
    assert.deepEqual(onB.roles, onA.roles);
    const sales1 = async (app: PluginServer, path: string) => {
      const token = String((await app.send('POST', '/api/auth/login', { username: 'sales1', password: 'demo1234' }, '')).body.token);
      return (await app.send('GET', path, undefined, token)).body;
    };
    for (const path of ['/api/meta/menus', '/api/meta/entities/customer']) assert.deepEqual(await sales1(b, path), await sales1(a, path), path);
    // Imported again, every file is unchanged.
    const again = await b.send('POST', '/api/admin/config-bundle?dry_run=true', bundle);
    assert.deepEqual([...new Set((again.body.documents as Doc[]).map((d) => d.action))], ['unchanged']);
  });

  it('does the same from the command line: crm config export FILE, crm config import FILE --dry-run', async () => {
    const file = join(a.root.dir, 'config.json');
    const exported = await a.crm('config', 'export', file);
    assert.equal(exported.status, 0, exported.stderr);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8'))['metadata/forms/customer.json'], layout);
    const planned = await b.crm('config', 'import', file, '--dry-run');
    assert.equal(planned.status, 0, planned.stderr);
    assert.match(planned.stdout, /unchanged\s+metadata\/workflows\/quote_flow\.json/);
    assert.match(planned.stdout, /Dry run: nothing was changed/);
  });
});
