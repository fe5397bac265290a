// Granting access, through every path, over HTTP: a user who may edit positions, groups, roles, departments and
// their own user record (sales3 with an extra "org clerk" role) cannot give anyone a role or a right they do not
// hold, nor move anyone in the org chart; each refusal is 403, changes nothing and leaves their /api/me and reach
// as they were. An administrator and a user manager (the "users" function, no admin role) still can.
import assert from 'node:assert/strict';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';
import type { Row } from '../helpers/demo-rights.ts';

describe('e2e/access: nobody grants a role or a right they do not hold, through any path', function () {
  this.timeout(60_000);
  let app: DemoApp;
  let roles: Record<string, string>;
  /** sales3's position (no roles) and group (no roles, under `top`); `adminGroup` carries the admin role, no members. */
  let position: string;
  let group: string;
  let top: string;
  let adminGroup: string;
  /** A 销售一部 customer, which sales3 (销售二部) cannot read. */
  let dept1Customer: string;
  let attackerMe: unknown;

  const self = (condition: unknown) => ({ condition });
  const CLERK = {
    modules: ['org', 'system'],
    entities: {
      position: { read: 'all', create: 'all', update: 'all' },
      user_group: { read: 'all', create: 'all', update: 'all' },
      role: { read: 'all', create: 'all', update: 'all' },
      department: { read: 'all', update: 'all' },
      app_user: { read: 'all', update: self({ '==': [{ var: 'id' }, { var: '$user.id' }] }) },
    },
  };

  const created = async (user: DemoUser, entity: string, data: Row): Promise<string> => {
    const r = await app.as(user).post(`/api/records/${entity}`, data);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return String(r.body.id);
  };
  const patched = async (user: DemoUser, entity: string, id: string, data: Row) => {
    const r = await app.as(user).patch(`/api/records/${entity}/${id}`, data);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  };
  const links = (table: string, id: string) => app.sql(`select target_id from ${app.table(table)} where source_id = ? order by target_id`, [id]);
  const snapshot = async () => ({
    positions: await app.sql(`select * from ${app.table('position')} order by id`),
    positionRoles: await app.sql(`select * from ${app.table('position__roles')} order by source_id, target_id`),
    groups: await app.sql(`select * from ${app.table('user_group')} order by id`),
    groupRoles: await app.sql(`select * from ${app.table('user_group__roles')} order by source_id, target_id`),
    roles: await app.sql(`select * from ${app.table('role')} order by id`),
    users: await app.sql(`select * from ${app.table('app_user')} order by id`),
    userRoles: await app.sql(`select * from ${app.table('app_user__roles')} order by source_id, target_id`),
    userGroups: await app.sql(`select * from ${app.table('app_user__groups')} order by source_id, target_id`),
    departments: await app.sql(`select * from ${app.table('department')} order by id`),
  });
  /** Each attempt is 403 with a message saying why, and nothing anywhere changed; sales3 sees and reaches what it did. */
  const refused = async (attempts: [string, () => Promise<{ status: number; body: Row }>, string][]) => {
    const before = await snapshot();
    for (const [what, attempt, says] of attempts) {
      const r = await attempt();
      assert.equal(r.status, 403, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
      const error = r.body.error as { code: string; message: string };
      assert.equal(error.code, 'FORBIDDEN', what);
      assert.match(error.message, new RegExp(says), what);
    }
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual((await app.as('sales3').get('/api/me')).body, attackerMe);
    assert.equal((await app.as('sales3').get(`/api/records/customer/${dept1Customer}`)).status, 404);
  };

  before(async () => {
    app = await startDemoApp();
    roles = Object.fromEntries((await app.sql<{ id: string; code: string }>(`select id, code from ${app.table('role')}`)).map((r) => [r.code, r.id]));
    roles.org_clerk = await created('admin', 'role', { code: 'org_clerk', name: '组织维护', permissions: CLERK });
    roles.user_mgr = await created('admin', 'role', {
      code: 'user_mgr',
      name: '用户管理',
      permissions: { modules: ['org', 'system'], functions: ['users'], entities: { role: { read: 'all' }, position: { read: 'all', update: 'all' }, app_user: { read: 'all', update: 'all' } } },
    });
    position = await created('admin', 'position', { name: '销售代表', dept: app.departments['销售二部'] });
    top = await created('admin', 'user_group', { name: '华东片区' });
    group = await created('admin', 'user_group', { name: '华东销售', parent: top });
    adminGroup = await created('admin', 'user_group', { name: '系统管理组', roles: [roles.admin] });
    await patched('admin', 'app_user', app.users.sales3.id, { roles: [roles.sales, roles.org_clerk], position, groups: [group] });
    await patched('admin', 'app_user', app.users.service_mgr.id, { roles: [roles.service_manager, roles.user_mgr] });
    dept1Customer = String((await app.sql<Row>(`select id from ${app.table('customer')} where department = ? limit 1`, [app.departments['销售一部']]))[0]!.id);
    attackerMe = (await app.as('sales3').get('/api/me')).body;
    assert.deepEqual((attackerMe as { roles: { code: string }[] }).roles.map((r) => r.code).sort(), ['org_clerk', 'sales']);
  });
  after(() => app?.close());

  it("a position editor cannot add the admin role to their own position, nor create or bulk-write a position carrying it; a role they hold they may give", async () => {
    await refused([
      ['PATCH own position', () => app.as('sales3').patch(`/api/records/position/${position}`, { roles: [roles.admin] }), 'grant the role "admin"'],
      ['POST position', () => app.as('sales3').post('/api/records/position', { name: '影子管理员', roles: [roles.sales, roles.admin] }), 'you do not hold it yourself'],
      ['bulk update', () => app.as('sales3').post('/api/records/position/bulk', { operations: [{ op: 'update', id: position, data: { roles: [roles.gm] } }] }), 'role "gm"'],
    ]);
    const own = await created('sales3', 'position', { name: '销售助理', roles: [roles.sales] });
    assert.deepEqual(await links('position__roles', own), [{ target_id: roles.sales }]);
  });

  it('a group editor cannot give their group, a group above it or a new group the admin role, nor hang their group under a group holding it; a role they hold they may give', async () => {
    await refused([
      ['PATCH own group roles', () => app.as('sales3').patch(`/api/records/user_group/${group}`, { roles: [roles.admin] }), 'grant the role "admin"'],
      ['PATCH the group above', () => app.as('sales3').patch(`/api/records/user_group/${top}`, { roles: [roles.admin] }), 'grant the role "admin"'],
      ['nest own group under the admin group', () => app.as('sales3').patch(`/api/records/user_group/${group}`, { parent: adminGroup }), 'grant the role "admin"'],
      ['the same, the id in upper case', () => app.as('sales3').patch(`/api/records/user_group/${group}`, { parent: adminGroup.toUpperCase() }), 'grant the role "admin"'],
      ['nest the group above under it', () => app.as('sales3').patch(`/api/records/user_group/${top}`, { parent: adminGroup }), 'grant the role "admin"'],
      ['POST group with admin', () => app.as('sales3').post('/api/records/user_group', { name: '提权组', roles: [roles.admin] }), 'grant the role "admin"'],
      ['join the admin group', () => app.as('sales3').patch(`/api/records/app_user/${app.users.sales3.id}`, { groups: [group, adminGroup] }), 'groups'],
    ]);
    const own = await created('sales3', 'user_group', { name: '销售互助组', roles: [roles.sales], parent: group });
    assert.deepEqual(await links('user_group__roles', own), [{ target_id: roles.sales }]);
  });

  it('a role editor cannot add to a role a function, module, menu, entity right, wider scope or field right they lack, nor rename a role; adding rights they hold is allowed', async () => {
    const clerk = (permissions: unknown) => () => app.as('sales3').patch(`/api/records/role/${roles.org_clerk}`, { permissions });
    const ent = CLERK.entities;
    await refused([
      ['function users', clerk({ ...CLERK, functions: ['users'] }), 'system function "users"'],
      ['every module', clerk({ ...CLERK, modules: undefined }), 'every module'],
      ['menu system', clerk({ ...CLERK, menus: ['system'] }), 'menu "system"'],
      ['delete positions', clerk({ ...CLERK, entities: { ...ent, position: { ...ent.position, delete: 'all' } } }), 'delete position records'],
      ['all customers', clerk({ ...CLERK, entities: { ...ent, customer: { read: 'all' } } }), 'read customer records \\(all\\)'],
      ['update in department', clerk({ ...CLERK, entities: { ...ent, customer: { read: 'department', update: 'department', fields: { credit_limit: 'read', credit_days: 'read' } } } }), 'update customer records'],
      ['credit limit writable', clerk({ ...CLERK, entities: { ...ent, customer: { read: 'department', fields: { credit_days: 'read' } } } }), 'write on customer.credit_limit'],
      ['a new admin-like role', () => app.as('sales3').post('/api/records/role', { code: 'shadow', name: '影子', permissions: { functions: ['*'] } }), 'every system function'],
      ['rename own role', () => app.as('sales3').patch(`/api/records/role/${roles.org_clerk}`, { code: 'sales_director' }), 'change code'],
    ]);
    const refusal = await clerk({ ...CLERK, entities: { ...ent, customer: { read: 'all', fields: { credit_limit: 'read', credit_days: 'read' } } } })();
    assert.deepEqual(refusal.body.error.details, [{ path: '/permissions/entities/customer/read', message: 'grants read customer records (all), which you do not hold' }]);
    // Rights sales3 holds through its sales role may be added; a right the role already had may be kept.
    const held = { ...CLERK, menus: ['crm.customer'], entities: { ...ent, customer: { read: 'department', update: 'own', fields: { credit_limit: 'read', credit_days: 'read' } } } };
    await patched('sales3', 'role', roles.org_clerk!, { permissions: held, description: '组织和客户' });
    await patched('admin', 'role', roles.org_clerk!, { permissions: CLERK, description: null });
    attackerMe = (await app.as('sales3').get('/api/me')).body;
  });

  it('a user cannot move themselves to another department, change their manager, position, roles, sign-in name or active flag; their own name they may change', async () => {
    const me = `/api/records/app_user/${app.users.sales3.id}`;
    const otherPosition = await created('admin', 'position', { name: '销售经理', dept: app.departments['销售一部'], roles: [roles.sales_manager] });
    attackerMe = (await app.as('sales3').get('/api/me')).body;
    await refused([
      ['department', () => app.as('sales3').patch(me, { dept: app.departments['销售一部'] }), 'change dept'],
      ['manager', () => app.as('sales3').patch(me, { manager: app.users.gm.id }), 'change manager'],
      ['position', () => app.as('sales3').patch(me, { position: otherPosition }), 'change position'],
      ['roles', () => app.as('sales3').patch(me, { roles: [roles.sales, roles.org_clerk, roles.gm] }), 'change roles'],
      ['username', () => app.as('sales3').patch(me, { username: 'admin2' }), 'change username'],
      ['active', () => app.as('sales3').patch(me, { active: false }), 'change active'],
      ['bulk department', () => app.as('sales3').post('/api/records/app_user/bulk', { operations: [{ op: 'update', id: app.users.sales3.id, data: { dept: app.departments['销售一部'] } }] }), 'change dept'],
    ]);
    await patched('sales3', 'app_user', app.users.sales3.id, { display_name: '孙三(华东)', dept: app.departments['销售二部'] });
    attackerMe = (await app.as('sales3').get('/api/me')).body;
  });

  it("a department editor cannot move a department under another or change its manager; its name they may change", async () => {
    const dept1 = app.departments['销售一部']!;
    const dept2 = app.departments['销售二部']!;
    await refused([
      ['parent', () => app.as('sales3').patch(`/api/records/department/${dept1}`, { parent: dept2 }), 'change parent'],
      ['manager', () => app.as('sales3').patch(`/api/records/department/${dept1}`, { manager: app.users.sales3.id }), 'change manager'],
    ]);
    await patched('sales3', 'department', dept1, { name: '销售一部(华北)' });
  });

  it('an administrator, and a user manager without the admin role, may grant any role through a position, and the holder gets it', async () => {
    for (const [grantor, role] of [['admin', 'gm'], ['service_mgr', 'admin']] as const) {
      await patched(grantor, 'position', position, { roles: [roles[role]!] });
      const me = (await app.as('sales3').get('/api/me')).body as { roles: { code: string }[] };
      assert.ok(me.roles.some((r) => r.code === role), `${grantor} gave ${role}`);
      assert.equal((await app.as('sales3').get(`/api/records/customer/${dept1Customer}`)).status, 200);
      await patched(grantor, 'position', position, { roles: [] });
    }
    await patched('service_mgr', 'app_user', app.users.sales3.id, { dept: app.departments['销售一部'] });
    assert.equal((await app.as('sales3').get(`/api/records/customer/${dept1Customer}`)).status, 200);
  });
});
