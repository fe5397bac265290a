// Upgrading a plugin keeps the tenant's data and its admin's own changes: v1 is installed, the admin adds a field to
// the plugin's entity and edits its role, users write records; v2 (a new field and a data migration) and v3 (one more
// migration) are upgraded to in place; each migration runs once. An upgrade adding a field the admin already added is
// refused as a conflict and changes nothing.
import assert from 'node:assert/strict';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';
import type { Reply } from '../helpers/test-server.ts';

interface Tool {
  id: string;
  code: string;
  name: string;
  price: number;
  vendor: string | null;
  grade: string | null;
  notes: string | null;
  version: number;
}

const VENDOR = { type: 'string', maxLength: 100, labels: { 'zh-CN': '供应商', en: 'Vendor' } };

describe('plugins/upgrade: admin fields, data and role edits survive; data migrations run once; conflicts are refused', function () {
  this.timeout(60_000);
  let app: PluginServer;
  let ranAt001: string;

  before(async () => {
    app = await startPluginServer(createPluginRoot({ fixtures: [['upgrade-v1', 'tooling']] }));
    const installed = await app.post('/api/admin/plugins/tooling/install');
    assert.equal(installed.status, 200, JSON.stringify(installed.body));
  });
  after(() => app?.close());

  const ok = (r: Reply, what: string) => assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  const tools = async (): Promise<Record<string, Tool>> => {
    const r = await app.get('/api/records/tl_tool?limit=100');
    ok(r, 'list tools');
    return Object.fromEntries((r.body.data as Tool[]).map((t) => [t.code, t]));
  };
  const fieldsOf = async (entity: string) => ((await app.get(`/api/meta/entities/${entity}`)).body.fields as { name: string }[]).map((f) => f.name);
  const migrations = () => app.sql<{ name: string; ran_at: string }>(`select name, ran_at::text as ran_at from ${app.table('crm_plugin_migration')} where plugin = 'tooling' order by name`);

  it('v1: the admin adds a field to the plugin entity and edits the plugin role; records are written', async () => {
    ok(await app.send('PUT', '/api/admin/extensions/tl_tool', { extends: 'tl_tool', fields: { vendor: VENDOR } }, app.token), 'admin field');
    assert.ok((await fieldsOf('tl_tool')).includes('vendor'));
    ok(await app.post('/api/records/tl_tool', { code: 'T-100', name: '钻模', price: 500, vendor: '大连' }), 'create T-100');
    ok(await app.post('/api/records/tl_tool', { code: 'T-200', name: '镗模', price: 3000, vendor: '沈阳' }), 'create T-200');
    const seeded = (await tools())['T-001']!;
    ok(await app.send('PATCH', `/api/records/tl_tool/${seeded.id}`, { version: seeded.version, vendor: '北京' }, app.token), 'admin field on a seeded row');
    const [role] = await app.sql<{ id: string; version: number }>(`select id, version from ${app.table('role')} where code = 'tl_user'`);
    ok(await app.send('PATCH', `/api/records/role/${role!.id}`, { version: role!.version, name: '工装管理员(本公司)' }, app.token), 'role edit');
  });

  it('upgrades to v2: both fields present, every value kept, the migration ran once, the admin role edit kept', async () => {
    app.root.addFixture('upgrade-v2', 'tooling');
    const up = await app.post('/api/admin/plugins/tooling/upgrade');
    ok(up, 'upgrade');
    assert.equal(up.body.version, '2.0.0');
    const fields = await fieldsOf('tl_tool');
    assert.ok(fields.includes('vendor') && fields.includes('grade'), `fields: ${fields.join(', ')}`);
    const t = await tools();
    assert.deepEqual(
      Object.values(t).map(({ code, name, price, vendor, grade }) => ({ code, name, price, vendor, grade })).sort((a, b) => a.code.localeCompare(b.code)),
      [
        { code: 'T-001', name: '液压夹具', price: 2500, vendor: '北京', grade: 'premium' },
        { code: 'T-100', name: '钻模', price: 500, vendor: '大连', grade: 'standard' },
        { code: 'T-200', name: '镗模', price: 3000, vendor: '沈阳', grade: 'premium' },
      ],
    );
    const ran = await migrations();
    assert.deepEqual(ran.map((m) => m.name), ['001-grade-from-price.json']);
    ranAt001 = ran[0]!.ran_at;
    const [role] = await app.sql<{ name: string; permissions: { entities: Record<string, Record<string, unknown>> } }>(`select name, permissions from ${app.table('role')} where code = 'tl_user'`);
    assert.equal(role!.name, '工装管理员(本公司)', "the admin's edit of the role is kept over the bundle's new version");
    assert.equal(role!.permissions.entities.tl_tool!.delete, undefined);
    const [plugin] = await app.sql<{ version: string }>(`select version from ${app.table('crm_plugin')} where name = 'tooling'`);
    assert.equal(plugin!.version, '2.0.0');
  });

  it('refuses to upgrade to the version already installed, changing nothing', async () => {
    const before = await app.state();
    const model = app.engine.model();
    const again = await app.post('/api/admin/plugins/tooling/upgrade');
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.match(again.body.error.message, /version 2\.0\.0 is installed/);
    assert.deepEqual(await app.state(), before);
    assert.equal(app.engine.model(), model);
  });

  it('upgrades to v3: only the new migration runs', async () => {
    // A tool without a grade, written after v2: had 001 run again, it would be graded.
    ok(await app.post('/api/records/tl_tool', { code: 'T-300', name: '铣夹具', price: 9000 }), 'create T-300');
    app.root.addFixture('upgrade-v3', 'tooling');
    ok(await app.post('/api/admin/plugins/tooling/upgrade'), 'upgrade to v3');
    const ran = await migrations();
    assert.deepEqual(ran.map((m) => m.name), ['001-grade-from-price.json', '002-premium-notes.json']);
    assert.equal(ran[0]!.ran_at, ranAt001, '001 was not run again');
    const t = await tools();
    assert.equal(t['T-300']!.grade, null, '001 did not run again');
    assert.equal(t['T-300']!.notes, null);
    assert.equal(t['T-100']!.notes, null, '002 changed only premium tools');
    assert.equal(t['T-001']!.notes, 'premium: 液压夹具');
    assert.equal(t['T-200']!.notes, 'premium: 镗模');
    assert.equal(t['T-200']!.vendor, '沈阳');
  });

  it("refuses, as a conflict, an upgrade adding a field the admin already added, and changes nothing", async () => {
    const before = await app.state();
    const model = app.engine.model();
    app.root.addFixture('upgrade-conflict', 'tooling');
    const up = await app.post('/api/admin/plugins/tooling/upgrade');
    assert.equal(up.status, 409, JSON.stringify(up.body));
    assert.equal(up.body.error.code, 'CONFLICT');
    const details = up.body.error.details as { file?: string; pointer?: string; message: string }[];
    assert.ok(
      details.some((d) => d.file === 'admin:extensions/tl_tool' && d.pointer === '/fields/vendor' && /plugins\/tooling\/metadata\/entities\/tl_tool\.json/.test(d.message)),
      JSON.stringify(details),
    );
    assert.deepEqual(await app.state(), before);
    assert.equal(app.engine.model(), model, 'the live model is the same');
    const t = await tools();
    assert.equal(t['T-001']!.name, '液压夹具', "v4's migration did not run");
  });

  it('keeps running the installed version while a newer bundle waits in plugins/: a reload does not take it up', async () => {
    // plugins/tooling now holds v4, whose tl_tool clashes with the admin's field; the tenant runs v3 as recorded.
    const before = await fieldsOf('tl_tool');
    await app.engine.reloadModel();
    assert.deepEqual(await fieldsOf('tl_tool'), before);
    const list = await app.get('/api/admin/plugins');
    ok(list, 'plugin list');
    const tooling = list.body.data.find((p: { name: string }) => p.name === 'tooling');
    assert.equal(tooling.available, '4.0.0');
    assert.equal(tooling.installed.version, '3.0.0');
    ok(await app.post('/api/records/tl_tool', { code: 'T-400', name: '铣模', price: 800, vendor: '天津' }), 'writes go on');
  });

  it('refuses an upgrade that changes the prefix, which names every table and field of the plugin', async () => {
    const before = await app.state();
    app.root.addFixture('upgrade-prefix', 'tooling');
    const up = await app.post('/api/admin/plugins/tooling/upgrade');
    assert.equal(up.status, 409, JSON.stringify(up.body));
    assert.deepEqual(up.body.error.details, [
      { file: 'plugins/tooling/plugin.json', pointer: '/prefix', message: 'the installed version uses prefix "tl"; an upgrade may not change it to "tg"' },
    ]);
    assert.deepEqual(await app.state(), before);
  });

  it('keeps running when the bundle is taken away from plugins/: the installed metadata is recorded', async () => {
    app.root.removeBundle('tooling');
    await app.engine.reloadModel();
    assert.ok((await fieldsOf('tl_tool')).includes('vendor'));
    ok(await app.get('/api/records/tl_tool'), 'tl_tool is still served');
    const tooling = (await app.get('/api/admin/plugins')).body.data.find((p: { name: string }) => p.name === 'tooling');
    assert.equal(tooling.available, undefined);
    assert.equal(tooling.installed.version, '3.0.0');
  });

  it("uninstalling keeps the admin's field on the plugin entity with its values; it comes back with the plugin", async () => {
    app.root.addFixture('upgrade-v3', 'tooling');
    const off = await app.post('/api/admin/plugins/tooling/uninstall');
    ok(off, 'uninstall');
    assert.equal((await app.get('/api/records/tl_tool')).status, 404);
    const [row] = await app.sql<{ vendor: string }>(`select vendor from ${app.table('tl_tool')} where code = 'T-200'`);
    assert.equal(row!.vendor, '沈阳', 'the column and its values stay');
    const admin = await app.get('/api/admin/extensions');
    ok(admin, 'admin layer');
    assert.ok(admin.body.data.some((d: { extends: string }) => d.extends === 'tl_tool'), "the admin's definition is kept for the reinstall");
    ok(await app.post('/api/admin/plugins/tooling/install'), 'reinstall');
    const t = await tools();
    assert.equal(t['T-200']!.vendor, '沈阳');
    assert.ok((await fieldsOf('tl_tool')).includes('vendor'));
  });
});
