// Consent to a plugin's core grants (grantCore) is a grant by whoever gives it: over HTTP, a user who may manage
// plugins but not users can give it only for rights they hold themselves; otherwise 403, naming the role file and
// the right, with nothing installed and their own rights as they were.
import assert from 'node:assert/strict';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

describe('plugins/consent: consent to core grants is held to the grant rule', function () {
  this.timeout(60_000);
  let app: PluginServer;
  let token: string;
  let roles: Record<string, string>;

  const asKeeper = (method: string, path: string, body?: unknown) => app.send(method, path, body, token);
  const giveRoles = async (...codes: string[]) => {
    const user = (await app.sql<{ id: string }>(`select id from ${app.table('app_user')} where username = 'sales_mgr1'`))[0]!.id;
    const r = await app.send('PATCH', `/api/records/app_user/${user}`, { roles: codes.map((c) => roles[c]) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  };

  before(async () => {
    app = await startPluginServer(createPluginRoot({ fixtures: [['refusals', 'core-grant'], ['refusals', 'function-grant']] }));
    const keeper = await app.post('/api/records/role', { code: 'plugin_keeper', name: '插件维护', permissions: { modules: ['system'], functions: ['plugins'] } });
    assert.equal(keeper.status, 201, JSON.stringify(keeper.body));
    roles = Object.fromEntries((await app.sql<{ id: string; code: string }>(`select id, code from ${app.table('role')}`)).map((r) => [r.code, r.id]));
    await giveRoles('sales_manager', 'plugin_keeper');
    const login = await app.send('POST', '/api/auth/login', { username: 'sales_mgr1', password: 'demo1234' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    token = String(login.body.token);
  });
  after(() => app?.close());

  it('a plugin keeper without user management cannot consent to rights on customers or to system functions it lacks (403, nothing installed)', async () => {
    const before = await app.state();
    const model = app.engine.model().version;
    const me = (await asKeeper('GET', '/api/me')).body;
    const core = await asKeeper('POST', '/api/admin/plugins/core-grant/install', { grantCore: true });
    assert.equal(core.status, 403, JSON.stringify(core.body));
    assert.match(core.body.error.message, /role "cg_user": You may not grant rights you do not hold yourself \(read customer records \(all\)/);
    assert.deepEqual(core.body.error.details, [
      { file: 'plugins/core-grant/metadata/roles/cg_user.json', pointer: '/permissions/entities/customer/read', message: 'grants read customer records (all), which you do not hold' },
      { file: 'plugins/core-grant/metadata/roles/cg_user.json', pointer: '/permissions/entities/customer/update', message: 'grants update customer records (all), which you do not hold' },
      // sales_manager reads the credit terms but may not write them; the plugin's role would write every field.
      { file: 'plugins/core-grant/metadata/roles/cg_user.json', pointer: '/permissions/entities/customer/fields/credit_limit', message: 'grants write on customer.credit_limit, which you do not hold' },
      { file: 'plugins/core-grant/metadata/roles/cg_user.json', pointer: '/permissions/entities/customer/fields/credit_days', message: 'grants write on customer.credit_days, which you do not hold' },
    ]);
    const functions = await asKeeper('POST', '/api/admin/plugins/function-grant/install', { grantCore: true });
    assert.equal(functions.status, 403, JSON.stringify(functions.body));
    assert.match(functions.body.error.message, /system function "users"/);
    assert.deepEqual(await app.state(), before, 'the tenant is exactly as before');
    assert.equal(app.engine.model().version, model);
    assert.deepEqual((await asKeeper('GET', '/api/me')).body, me);
  });

  it('a plugin keeper who holds the rights (here through the gm role) may consent, and so may the administrator', async () => {
    await giveRoles('sales_manager', 'plugin_keeper', 'gm');
    const core = await asKeeper('POST', '/api/admin/plugins/core-grant/install', { grantCore: true });
    assert.equal(core.status, 200, JSON.stringify(core.body));
    const functions = await app.post('/api/admin/plugins/function-grant/install', { grantCore: true });
    assert.equal(functions.status, 200, JSON.stringify(functions.body));
  });
});
