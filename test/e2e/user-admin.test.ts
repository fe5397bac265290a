// User administration over HTTP on the demo company: a user created with an initial password must change it at first
// sign-in (every other API answers 403 PASSWORD_CHANGE_REQUIRED until then), resets, changing one's own password,
// who may do it, and the audit viewer's filters.
import assert from 'node:assert/strict';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

const INITIAL = 'Initial-Pass-2026';
const CHOSEN = 'Own-Choice-7731';

describe('e2e: users with initial passwords, password changes and the audit viewer', function () {
  this.timeout(120_000);
  let app: DemoApp;
  let sales4: string;

  before(async () => {
    app = await startDemoApp();
  });
  after(() => app?.close());

  const bearer = (token: string) => ({ token });
  const salesRole = async () => String((await app.sql<{ id: string }>(`select id from ${app.table('role')} where code = 'sales'`))[0]!.id);

  it('refuses a user whose initial password breaks the policy, and creates nothing', async () => {
    const r = await app.as('admin').post('/api/users', { username: 'weak1', display_name: '弱密码', password: 'short' });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(r.body.error.details.every((d: { path: string }) => d.path === '/password'));
    assert.equal((await app.sql(`select 1 from ${app.table('app_user')} where username = 'weak1'`)).length, 0);
    const missing = await app.as('admin').post('/api/users', { username: 'weak2', display_name: '无密码' });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.error.details[0].path, '/password');
  });

  it('a user without the users function can neither create users nor reset passwords', async () => {
    const created = await app.as('gm').post('/api/users', { username: 'sneaky', display_name: '越权', password: INITIAL });
    assert.equal(created.status, 403, JSON.stringify(created.body));
    assert.equal((await app.sql(`select 1 from ${app.table('app_user')} where username = 'sneaky'`)).length, 0);
    const reset = await app.as('gm').post(`/api/users/${app.users.sales1.id}/password`, { password: INITIAL });
    assert.equal(reset.status, 403);
    assert.equal((await app.login('sales1')).status, 200, 'sales1 still signs in with the old password');
    assert.equal((await app.as('gm').get('/api/users/last-sign-ins')).status, 403);
  });

  it('creates sales4 with an initial password; sign-in forces a change, other APIs answer 403 until it is changed', async () => {
    const r = await app.as('admin').post('/api/users', { username: 'sales4', display_name: '销售四', dept: app.departments['销售一部'], roles: [await salesRole()], password: INITIAL });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    sales4 = String(r.body.id);
    const login = await app.login('sales4', INITIAL);
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.equal(login.body.must_change_password, true);
    const token = String(login.body.token);
    const me = await app.send('GET', '/api/me', undefined, bearer(token));
    assert.equal(me.status, 200);
    assert.equal(me.body.must_change_password, true);
    for (const path of ['/api/records/customer', '/api/meta/menus', '/api/inbox']) {
      const refused = await app.send('GET', path, undefined, bearer(token));
      assert.equal(refused.status, 403, path);
      assert.equal(refused.body.error.code, 'PASSWORD_CHANGE_REQUIRED', path);
    }
    const changed = await app.send('POST', '/api/me/password', { current_password: INITIAL, new_password: CHOSEN }, bearer(token));
    assert.equal(changed.status, 204, JSON.stringify(changed.body));
    assert.equal((await app.send('GET', '/api/records/customer', undefined, bearer(token))).status, 200, 'the same session now has full access');
    assert.equal((await app.login('sales4', INITIAL)).status, 401);
    const again = await app.login('sales4', CHOSEN);
    assert.equal(again.status, 200);
    assert.equal(again.body.must_change_password, false);
    const seen = await app.as('admin').get('/api/users/last-sign-ins');
    assert.ok(seen.body.data[sales4], 'the last sign-in is known');
  });

  it('an administrator reset ends the user\'s sessions and forces a change again', async () => {
    const token = String((await app.login('sales4', CHOSEN)).body.token);
    const reset = await app.as('admin').post(`/api/users/${sales4}/password`, { password: 'Reset-Pass-4455' });
    assert.equal(reset.status, 204, JSON.stringify(reset.body));
    assert.equal((await app.send('GET', '/api/me', undefined, bearer(token))).status, 401, 'the old session ended');
    const login = await app.login('sales4', 'Reset-Pass-4455');
    assert.equal(login.body.must_change_password, true);
    const refused = await app.send('GET', '/api/records/customer', undefined, bearer(String(login.body.token)));
    assert.equal(refused.body.error.code, 'PASSWORD_CHANGE_REQUIRED');
  });

  it('changing one\'s own password: a wrong current password and a weak or reused new one are refused; other sessions end', async () => {
    const first = String((await app.login('sales4', 'Reset-Pass-4455')).body.token);
    const second = String((await app.login('sales4', 'Reset-Pass-4455')).body.token);
    const wrong = await app.send('POST', '/api/me/password', { current_password: 'Not-The-One-1', new_password: 'Brand-New-Pass-1' }, bearer(first));
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.error.details[0].path, '/current_password');
    const weak = await app.send('POST', '/api/me/password', { current_password: 'Reset-Pass-4455', new_password: 'abc' }, bearer(first));
    assert.equal(weak.status, 422);
    assert.equal(weak.body.error.details[0].path, '/password');
    const reused = await app.send('POST', '/api/me/password', { current_password: 'Reset-Pass-4455', new_password: CHOSEN }, bearer(first));
    assert.equal(reused.status, 422, 'a password from the history is refused');
    const ok = await app.send('POST', '/api/me/password', { current_password: 'Reset-Pass-4455', new_password: 'Brand-New-Pass-1' }, bearer(first));
    assert.equal(ok.status, 204);
    assert.equal((await app.send('GET', '/api/me', undefined, bearer(second))).status, 401, 'the other session ended');
    assert.equal((await app.send('GET', '/api/me', undefined, bearer(first))).status, 200, 'the session that changed it goes on');
  });

  it('audits user creation and password changes, and the audit viewer filters them by user, entity, record, action and time', async () => {
    const byRecord = await app.as('admin').get(`/api/audit?entity=app_user&record_id=${sales4}&limit=100`);
    assert.equal(byRecord.status, 200);
    const actions = byRecord.body.data.map((e: { action: string }) => e.action);
    assert.ok(actions.includes('create') && actions.includes('password_change'), actions.join());
    assert.ok(!JSON.stringify(byRecord.body).includes(INITIAL), 'no password in the log');
    const byActor = await app.as('admin').get(`/api/audit?actor_id=${sales4}&action=password_change`);
    assert.ok(byActor.body.data.length >= 2);
    assert.ok(byActor.body.data.every((e: { actor_id: string; action: string }) => e.actor_id === sales4 && e.action === 'password_change'));
    const future = await app.as('admin').get('/api/audit?from=2999-01-01');
    assert.deepEqual(future.body.data, []);
    const bad = await app.as('admin').get('/api/audit?record_id=nope&action=fly');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path).sort(), ['action', 'record_id']);
    assert.equal((await app.as('sales1').get('/api/audit')).status, 403, 'the audit function is needed');
  });
});
