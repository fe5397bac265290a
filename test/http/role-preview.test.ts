// The role designer's server side on the demo company: "view as this role" computes the menu and a list from the role
// alone for a sample user (or the caller), the holders of a role, a narrowed role taking effect on the next request,
// and the handover preview answering exactly what the handover then moves.
import assert from 'node:assert/strict';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

interface Menu {
  id: string;
  children?: Menu[];
}
const menuIds = (items: Menu[]): string[] => items.flatMap((m) => [m.id, ...menuIds(m.children ?? [])]);

describe('http: role preview, role holders, narrowing a role, handover preview', function () {
  this.timeout(120_000);
  let app: DemoApp;
  before(async () => {
    app = await startDemoApp();
  });
  after(() => app?.close());

  const count = (rows: { n: number | string }[]) => Number(rows[0]!.n);
  const customersOf = async (where: string, bindings: unknown[]) => count(await app.sql<{ n: number }>(`select count(*) as n from ${app.table('customer')} where ${where}`, bindings));

  it('shows the sales role as sales1 sees it: the same menu and the department\'s customers', async () => {
    const sales1 = app.users.sales1;
    const r = await app.as('admin').get(`/api/admin/roles/sales/preview?entity=customer&as=${sales1.id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.user.username, 'sales1');
    assert.equal(r.body.list.readable, true);
    assert.equal(r.body.list.count, await customersOf('department = ?', [sales1.dept]));
    assert.ok(r.body.list.count > 0);
    const own = await app.as('sales1').get('/api/meta/menus');
    assert.deepEqual(menuIds(r.body.menus), menuIds(own.body.data));
    assert.ok(!menuIds(r.body.menus).includes('system'));
  });

  it('uses the caller\'s own place in the org chart when no sample user is named', async () => {
    const r = await app.as('admin').get('/api/admin/roles/sales/preview?entity=customer');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.user.username, 'admin');
    assert.equal(r.body.list.count, await customersOf('department = ?', [app.users.admin.dept]));
    const noRead = await app.as('admin').get('/api/admin/roles/sales/preview?entity=role');
    assert.deepEqual({ readable: noRead.body.list.readable, data: noRead.body.list.data }, { readable: false, data: [] });
  });

  it('refuses callers without the users function, unknown roles, entities and users, naming each', async () => {
    assert.equal((await app.as('gm').get('/api/admin/roles/sales/preview')).status, 403);
    assert.equal((await app.as('gm').get('/api/admin/roles/sales/holders')).status, 403);
    const unknownRole = await app.as('admin').get('/api/admin/roles/nobody/preview');
    assert.equal(unknownRole.status, 404);
    assert.equal(unknownRole.body.error.details[0].path, 'code');
    const unknownEntity = await app.as('admin').get('/api/admin/roles/sales/preview?entity=nope');
    assert.equal(unknownEntity.status, 400);
    assert.equal(unknownEntity.body.error.details[0].path, 'entity');
    assert.equal((await app.as('admin').get('/api/admin/roles/sales/preview?as=bad')).body.error.details[0].path, 'as');
    const noUser = await app.as('admin').get('/api/admin/roles/sales/preview?as=00000000-0000-4000-8000-000000000000');
    assert.equal(noUser.status, 422);
    assert.equal(noUser.body.error.details[0].path, 'as');
    assert.equal((await app.as('admin').get('/api/admin/roles/sales/preview?extra=1')).status, 400);
  });

  it('lists the users holding a role and the groups and positions that give it', async () => {
    const r = await app.as('admin').get('/api/admin/roles/sales/holders');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const names = r.body.users.map((u: { username: string }) => u.username);
    for (const n of ['sales1', 'sales2', 'sales3']) assert.ok(names.includes(n), names.join(','));
    assert.ok(!names.includes('admin'));
    assert.ok(Array.isArray(r.body.groups) && Array.isArray(r.body.positions));
  });

  it('a role narrowed to own customers and without the marketing menu takes effect on sales1\'s next request', async () => {
    const before = await app.as('sales1').get('/api/records/customer?count=exact&limit=1');
    assert.equal(before.body.count, await customersOf('department = ?', [app.users.sales1.dept]));
    const role = (await app.as('admin').get('/api/records/role?filter=' + encodeURIComponent(JSON.stringify({ '==': [{ var: 'code' }, 'sales'] })))).body.data[0];
    const permissions = structuredClone(role.permissions);
    permissions.entities.customer.read = 'own';
    permissions.menus = permissions.menus.filter((m: string) => m !== 'marketing');
    const saved = await app.as('admin').patch(`/api/records/role/${role.id}`, { permissions, version: role.version });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));

    const after = await app.as('sales1').get('/api/records/customer?count=exact&limit=1');
    const own = await customersOf('owner = ?', [app.users.sales1.id]);
    assert.equal(after.body.count, own);
    assert.ok(own < before.body.count);
    assert.ok(!menuIds((await app.as('sales1').get('/api/meta/menus')).body.data).includes('marketing'));
    const preview = await app.as('admin').get(`/api/admin/roles/sales/preview?entity=customer&as=${app.users.sales1.id}`);
    assert.equal(preview.body.list.count, own);
  });

  it('the handover preview answers what the handover then moves, and changes nothing itself', async () => {
    const request = { from: app.users.sales2.id, to: [app.users.sales3.id] };
    const owned = await customersOf('owner = ?', [app.users.sales2.id]);
    const preview = await app.as('admin').post('/api/handover/preview', request);
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(preview.body.disabled, false);
    assert.equal(preview.body.moved.customer?.[app.users.sales3.id] ?? 0, owned);
    assert.equal(await customersOf('owner = ?', [app.users.sales2.id]), owned);
    assert.equal((await app.sql<{ active: boolean }>(`select active from ${app.table('app_user')} where id = ?`, [app.users.sales2.id]))[0]!.active, true);
    assert.equal((await app.as('sales1').post('/api/handover/preview', request)).status, 403);
    assert.equal((await app.as('admin').post('/api/handover/preview', { from: 'x', to: [] })).status, 400);

    const done = await app.as('admin').post('/api/handover', request);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual(done.body.moved, preview.body.moved);
  });
});
