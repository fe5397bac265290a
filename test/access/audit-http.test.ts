// The audit log as the running app writes it: sign-ins, failed sign-ins, sign-outs, views, creates, updates,
// deletes, role and permission changes, each with the right actor; history masking; and `crm audit verify` finding a
// row edited by hand.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isSecretKey } from '../../engine/audit/index.ts';
import { openDatabase } from '../../engine/db/index.ts';
import { DEMO_USERS, startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';
import type { Row } from '../helpers/demo-rights.ts';

const NIL = '00000000-0000-0000-0000-000000000000';
const MAIN = fileURLToPath(new URL('../../engine/cli/main.ts', import.meta.url));

describe('access/audit over HTTP: who did what, masked history, crm audit verify', function () {
  this.timeout(90_000);
  let app: DemoApp;

  before(async () => {
    app = await startDemoApp();
  });
  after(() => app?.close());

  const audit = async (query: string): Promise<Row[]> => {
    const r = await app.as('admin').get(`/api/audit?limit=500&${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data as Row[];
  };
  /** Every audit row as text, to prove a secret never reached the table. */
  const everything = async () => JSON.stringify(await app.sql(`select * from ${app.table('crm_audit')}`));

  it('logs every sign-in with the user as actor and the client address', async () => {
    const logins = await audit('action=login');
    for (const name of DEMO_USERS) {
      const mine = logins.filter((e) => e.actor_id === app.users[name].id);
      assert.ok(mine.length >= 1, name);
      assert.equal(mine[0]!.actor_name, name);
      assert.equal(mine[0]!.actor_kind, 'user');
      assert.match(String((mine[0]!.context as Row).ip), /127\.0\.0\.1$/);
    }
  });

  it('logs failed sign-ins under the account tried, or the nil id and a hash for an unknown name, and never what was typed', async () => {
    assert.equal((await app.login('sales1', 'Wrong-Pass-XYZ-123')).status, 401);
    assert.equal((await app.login('nosuch.user', 'Another-Secret-987')).status, 401);
    const failed = await audit('action=login_failed');
    const known = failed.find((e) => e.actor_id === app.users.sales1.id)!;
    assert.ok(known);
    assert.equal((known.context as Row).reason, 'bad credentials');
    const unknown = failed.find((e) => e.actor_id === NIL)!;
    assert.match(String(unknown.actor_name), /^unknown:[0-9a-f]{12}$/);
    const all = await everything();
    assert.ok(!all.includes('Wrong-Pass-XYZ-123') && !all.includes('Another-Secret-987'), 'a typed password is in the audit log');
    assert.ok(!all.includes('nosuch.user'), 'a name that is no user (often a mistyped password) is stored only as a hash');
  });

  it('logs a sign-out by the user whose session ended', async () => {
    const login = await app.login('sales3');
    const token = String(login.body.token);
    assert.equal((await app.send('POST', '/api/auth/logout', undefined, { token })).status, 204);
    const logouts = await audit(`action=logout&actor_id=${app.users.sales3.id}`);
    assert.equal(logouts.length, 1);
    assert.equal(logouts[0]!.actor_name, 'sales3');
  });

  it('logs a record view (GET by id) by its reader once the buffer is flushed, and none for lists', async () => {
    const [customer] = await app.sql<Row>(`select id from ${app.table('customer')} where owner = ? limit 1`, [app.users.sales1.id]);
    await app.views.flush();
    const before = (await audit('action=view')).length;
    assert.equal((await app.as('sales1').get('/api/records/customer?limit=500')).status, 200);
    assert.equal((await app.as('sales1').get(`/api/records/customer/${String(customer!.id)}`)).status, 200);
    assert.equal((await app.as('sales3').get(`/api/records/customer/${String(customer!.id)}`)).status, 404, 'a refused read is no view');
    await app.views.flush();
    const views = await audit('action=view');
    assert.equal(views.length, before + 1);
    assert.equal(views[0]!.actor_id, app.users.sales1.id);
    assert.equal(views[0]!.entity, 'customer');
    assert.equal(views[0]!.record_id, customer!.id);
  });

  it('logs a create with the record, an update with before/after of the changed fields only, and a delete with the record, each by its actor', async () => {
    const created = await app.as('sales1').post('/api/records/customer', { name: '审计测试客户', notes: '初次拜访' });
    assert.equal(created.status, 201);
    const id = String(created.body.id);
    const updated = await app.as('sales1').patch(`/api/records/customer/${id}`, { notes: '二次拜访', version: created.body.version });
    assert.equal(updated.status, 200);
    assert.equal((await app.as('sales_mgr1').delete(`/api/records/customer/${id}`)).status, 204);
    const entries = (await audit(`entity=customer&record_id=${id}`)).reverse();
    assert.deepEqual(entries.map((e) => [e.action, e.actor_name]), [
      ['create', 'sales1'],
      ['update', 'sales1'],
      ['delete', 'sales_mgr1'],
    ]);
    const [create, update, del] = entries as [Row, Row, Row];
    assert.equal((create.changes as Row).name, '审计测试客户');
    assert.equal((create.changes as Row).owner, app.users.sales1.id);
    assert.deepEqual(update.changes, { notes: { before: '初次拜访', after: '二次拜访' } });
    assert.equal((del.changes as Row).notes, '二次拜访');
    assert.equal((update.context as Row).request_id, updated.headers.get('x-request-id'));
  });

  it('logs a password change without the password (the core model has no secret-named field to redact)', async () => {
    const secret = 'N3w-Secret-Pass!';
    const r = await app.as('sales3').post('/api/me/password', { current_password: 'demo1234', new_password: secret });
    assert.equal(r.status, 204, JSON.stringify(r.body));
    const changes = await audit(`action=password_change&actor_id=${app.users.sales3.id}`);
    assert.equal(changes.length, 1);
    assert.ok(!(await everything()).includes(secret));
    const secretFields = [...app.engine.model().entities.values()].flatMap((e) => [...e.fields.keys()].filter(isSecretKey).map((f) => `${e.name}.${f}`));
    assert.deepEqual(secretFields, []);
  });

  it("logs a change of a user's roles (role_change) and of a role's permissions (permission_change) by the admin", async () => {
    const roleId = async (code: string) => (await app.sql<{ id: string }>(`select id from ${app.table('role')} where code = ?`, [code]))[0]!.id;
    const [service, serviceManager] = [await roleId('service'), await roleId('service_manager')];
    const user = app.users.service1.id;
    const give = await app.as('admin').patch(`/api/records/app_user/${user}`, { roles: [serviceManager] });
    assert.equal(give.status, 200, JSON.stringify(give.body));
    const back = await app.as('admin').patch(`/api/records/app_user/${user}`, { roles: [service] });
    assert.equal(back.status, 200);
    const roleChanges = (await audit(`action=role_change&record_id=${user}`)).reverse();
    assert.deepEqual(roleChanges.map((e) => e.actor_id), [app.users.admin.id, app.users.admin.id], 'one role_change entry per change of roles');
    assert.deepEqual((roleChanges[0]!.changes as Record<string, unknown>).roles, { before: [service], after: [serviceManager] });

    const [role] = await app.sql<Row>(`select id, permissions, version from ${app.table('role')} where code = 'service'`);
    const permissions = role!.permissions as { functions?: string[] };
    const edit = await app.as('admin').patch(`/api/records/role/${String(role!.id)}`, { permissions: { ...permissions, functions: ['audit'] } });
    assert.equal(edit.status, 200, JSON.stringify(edit.body));
    assert.equal((await app.as('service1').get('/api/audit?action=login')).status, 200, 'the new right holds on the next request');
    const restore = await app.as('admin').patch(`/api/records/role/${String(role!.id)}`, { permissions });
    assert.equal(restore.status, 200);
    assert.equal((await app.as('service1').get('/api/audit?action=login')).status, 403);
    const permissionChanges = (await audit(`action=permission_change&record_id=${String(role!.id)}`)).reverse();
    assert.equal(permissionChanges.length, 2);
    assert.ok(permissionChanges.every((e) => e.actor_id === app.users.admin.id));
    assert.deepEqual(((permissionChanges[0]!.changes as Record<string, { after: { functions?: string[] } }>).permissions!.after.functions), ['audit']);
  });

  it('shows a record history to its readers with hidden fields masked, and filters the log by actor, entity and time', async () => {
    const [contract] = await app.sql<Row>(`select id from ${app.table('contract')} order by created_at limit 1`);
    const full = await app.as('admin').get(`/api/records/contract/${String(contract!.id)}/history`);
    const masked = await app.as('service1').get(`/api/records/contract/${String(contract!.id)}/history`);
    assert.equal(full.status, 200);
    assert.equal(masked.status, 200);
    assert.deepEqual(masked.body.data.map((e: Row) => e.seq), full.body.data.map((e: Row) => e.seq), 'the same entries');
    assert.ok(full.body.data.some((e: Row) => e.changes && 'amount' in (e.changes as Row)));
    assert.ok(!masked.body.data.some((e: Row) => e.changes && 'amount' in (e.changes as Row)));
    assert.equal((await app.as('service1').get(`/api/records/contract/${String(contract!.id)}/history?fields=amount`)).status, 400);

    const from = new Date(Date.now() - 60_000).toISOString();
    const mine = await audit(`actor_id=${app.users.sales1.id}&from=${encodeURIComponent(from)}`);
    assert.ok(mine.length > 0 && mine.every((e) => e.actor_id === app.users.sales1.id));
    assert.deepEqual(await audit(`actor_id=${app.users.sales1.id}&to=${encodeURIComponent('2000-01-01T00:00:00Z')}`), []);
    assert.equal((await app.as('admin').get('/api/audit?actor=sales1')).status, 400, 'an unknown filter is refused');
    for (const user of ['sales1', 'service_mgr'] as DemoUser[]) assert.equal((await app.as(user).get('/api/audit')).status, 403);
  });

  describe('crm audit verify', () => {
    const verify = () => {
      const env: NodeJS.ProcessEnv = { ...process.env, ...app.cliEnv };
      if (!app.cliEnv.DATABASE_URL) delete env.DATABASE_URL;
      return spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'audit', 'verify'], { env, encoding: 'utf8', timeout: 60_000 });
    };

    it('reports the chain intact, then BROKEN at a hand-edited row with exit code 1', async () => {
      await app.views.flush();
      const [{ n }] = (await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('crm_audit')}`)) as [{ n: number }];
      const [target] = await app.sql<{ seq: number }>(`select seq from ${app.table('crm_audit')} where action = 'create' and entity = 'customer' order by seq desc limit 1`);
      const table = app.table('crm_audit');
      // PGlite: the folder belongs to one process at a time, so the app lets go of it before the CLI opens it.
      await app.stop();

      const intact = verify();
      assert.equal(intact.status, 0, intact.stdout + intact.stderr);
      assert.match(intact.stdout, new RegExp(`Audit log intact: ${n} entries checked`));

      const db = await openDatabase(app.cliEnv.DATABASE_URL ? { url: app.cliEnv.DATABASE_URL } : { dataDir: app.config.dataDir });
      try {
        // As the tables' owner could: the server's own connection is refused by the append-only triggers.
        await db.knex.raw(`alter table ${table} disable trigger user`);
        await db.knex.raw(`update ${table} set changes = jsonb_set(changes, '{name}', '"改过的名字"') where seq = ?`, [target!.seq]);
      } finally {
        await db.close();
      }
      const broken = verify();
      assert.equal(broken.status, 1, broken.stdout + broken.stderr);
      assert.match(broken.stderr, new RegExp(`Audit log BROKEN at entry ${target!.seq}\\b`));
    });
  });
});
