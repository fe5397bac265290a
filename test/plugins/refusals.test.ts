// Bundles the engine must refuse before anything changes, each with an error naming the file and JSON pointer at
// fault: dependencies (missing, out of range, cycles, engine range), name collisions (same entity, missing prefix,
// extension fields, shared prefix), links out of the bundle, rights outside the plugin without the admin's consent,
// data migrations over core data; and uninstalling a plugin another one needs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError, type ErrorCode } from '../../engine/core/index.ts';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';
import type { Reply } from '../helpers/test-server.ts';

interface Problem {
  file: string;
  pointer: string;
  message: RegExp;
}

const CASE = 'refusals';

describe('plugins/refusals: bad bundles are refused with file and pointer, and nothing changes', function () {
  this.timeout(60_000);
  let app: PluginServer;
  let outside: string;

  before(async () => {
    app = await startPluginServer(createPluginRoot({ fixtures: [[CASE, 'base-lib']] }));
    const r = await app.post('/api/admin/plugins/base-lib/install');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    outside = mkdtempSync(join(tmpdir(), 'crm-outside-'));
  });
  after(async () => {
    await app?.close();
    if (outside) rmSync(outside, { recursive: true, force: true });
  });

  const ok = (r: Reply, what: string) => assert.equal(r.status, 200, `${what}: ${r.status} ${JSON.stringify(r.body)}`);

  /** Runs the action and checks the refusal: the error's code, every expected problem, and the tenant untouched. */
  async function refused(action: string, name: string, expected: { code: ErrorCode; problems?: Problem[]; message?: RegExp }, body: unknown = {}): Promise<Reply> {
    const before = await app.state();
    const model = app.engine.model();
    const r = await app.post(`/api/admin/plugins/${name}/${action}`, body);
    assert.equal(r.body?.error?.code, expected.code, JSON.stringify(r.body));
    assert.equal(r.status, new EngineError(expected.code, '').status, 'the status of the error code');
    if (expected.message) assert.match(r.body.error.message, expected.message);
    const details = r.body.error.details as { file?: string; pointer?: string; message: string }[];
    for (const p of expected.problems ?? []) {
      assert.ok(
        details.some((d) => d.file === p.file && d.pointer === p.pointer && p.message.test(d.message)),
        `expected ${p.file} ${p.pointer} ${p.message} among ${JSON.stringify(details, null, 1)}`,
      );
    }
    assert.deepEqual(await app.state(), before, 'the tenant is exactly as before');
    assert.equal(app.engine.model().version, model.version, 'the live model is the same');
    return r;
  }
  // A refused bundle is answered with all its problems, as the engine reports any metadata problem.
  const invalid = (problems: Problem[]) => ({ code: 'METADATA_INVALID' as const, problems });
  const manifest = (bundle: string) => `plugins/${bundle}/plugin.json`;

  it('refuses a plugin whose dependency is missing', async () => {
    app.root.addFixture(CASE, 'needs-missing');
    await refused('install', 'needs-missing', invalid([{ file: manifest('needs-missing'), pointer: '/dependencies/not-there', message: /needs plugin "not-there" \^1\.0\.0, which is not available/ }]));
  });

  it('refuses a plugin whose dependency is there in a version outside its range', async () => {
    app.root.addFixture(CASE, 'needs-base-two');
    await refused('install', 'needs-base-two', invalid([{ file: manifest('needs-base-two'), pointer: '/dependencies/base-lib', message: /needs "base-lib" \^2\.0\.0, but 1\.2\.0 is available/ }]));
  });

  it('refuses a bundle made for another engine version', async () => {
    app.root.addFixture(CASE, 'future-engine');
    await refused('install', 'future-engine', invalid([{ file: manifest('future-engine'), pointer: '/engine', message: /needs engine >=9\.0\.0, this is 0\.1\.0/ }]));
  });

  it('refuses a dependency cycle, from either end; the CLI prints the same file and pointer', async () => {
    app.root.addFixture(CASE, 'cycle-a');
    app.root.addFixture(CASE, 'cycle-b');
    await refused('install', 'cycle-a', invalid([{ file: manifest('cycle-a'), pointer: '/dependencies', message: /dependency cycle: cycle-a → cycle-b → cycle-a/ }]));
    await refused('install', 'cycle-b', invalid([{ file: manifest('cycle-b'), pointer: '/dependencies', message: /dependency cycle: cycle-b → cycle-a → cycle-b/ }]));
    const before = await app.state();
    const cli = await app.crm('plugin', 'install', 'cycle-a');
    assert.equal(cli.status, 3, cli.stdout + cli.stderr);
    assert.match(cli.stderr, /plugins\/cycle-a\/plugin\.json \/dependencies: dependency cycle: cycle-a → cycle-b → cycle-a/);
    assert.deepEqual(await app.state(), before);
  });

  it('refuses a plugin defining an entity another plugin defines', async () => {
    app.root.addFixture(CASE, 'same-entity');
    await refused(
      'install',
      'same-entity',
      invalid([{ file: 'plugins/same-entity/metadata/entities/bl_item.json', pointer: '/name', message: /entity "bl_item" is already defined in plugins\/base-lib\/metadata\/entities\/bl_item\.json/ }]),
    );
  });

  it('refuses a plugin entity named without the plugin prefix', async () => {
    app.root.addFixture(CASE, 'no-prefix');
    await refused('install', 'no-prefix', invalid([{ file: 'plugins/no-prefix/metadata/entities/gadget.json', pointer: '/name', message: /entity "gadget" of plugin no-prefix must start with its prefix "np_"/ }]));
  });

  it('refuses extension fields on a core entity without the prefix, or redefining a core field, reporting both', async () => {
    app.root.addFixture(CASE, 'bare-extension');
    await refused(
      'install',
      'bare-extension',
      invalid([
        { file: 'plugins/bare-extension/metadata/extensions/customer.json', pointer: '/fields/colour', message: /field "colour" of plugin bare-extension must start with its prefix "be_"/ },
        { file: 'plugins/bare-extension/metadata/extensions/customer.json', pointer: '/fields/name', message: /entity "customer" already has a field "name"; an extension adds fields, it never redefines them/ },
      ]),
    );
  });

  it("refuses a plugin reusing an installed plugin's prefix", async () => {
    app.root.addFixture(CASE, 'bl-clone');
    await refused('install', 'bl-clone', invalid([{ file: manifest('bl-clone'), pointer: '/prefix', message: /prefix "bl" is already used by plugin "base-lib"/ }]));
  });

  it('refuses a bundle holding a link to a file or folder outside it, and lists the problem', async () => {
    app.root.addFixture(CASE, 'leaky');
    // A perfectly valid entity, so only the link itself can be the reason.
    const secret = join(outside, 'lk_secret.json');
    writeFileSync(secret, JSON.stringify({ name: 'lk_secret', labels: { 'zh-CN': '秘密', en: 'Secret' }, displayField: 'name', fields: { name: { type: 'string', labels: { 'zh-CN': '名称', en: 'Name' } } } }));
    const bundle = join(app.root.pluginsDir, 'leaky');
    symlinkSync(secret, join(bundle, 'metadata/entities/lk_secret.json'));
    symlinkSync(join(app.root.dir, 'metadata/roles'), join(bundle, 'metadata/roles'));
    await refused(
      'install',
      'leaky',
      invalid([
        { file: 'plugins/leaky/metadata/entities/lk_secret.json', pointer: '', message: /links outside the bundle are not allowed/ },
        { file: 'plugins/leaky/metadata/roles', pointer: '', message: /links outside the bundle are not allowed/ },
      ]),
    );
    const listed = (await app.get('/api/admin/plugins')).body.data.find((e: { name: string }) => e.name === 'leaky');
    assert.equal(listed.problems.length, 2, JSON.stringify(listed));
  });

  it('refuses a role granting rights on a core entity without consent, and installs it with grantCore: true', async () => {
    app.root.addFixture(CASE, 'core-grant');
    await refused(
      'install',
      'core-grant',
      invalid([{ file: 'plugins/core-grant/metadata/roles/cg_user.json', pointer: '/permissions/entities/customer', message: /grants rights on "customer", outside the plugin/ }]),
    );
    await refused('install', 'core-grant', { code: 'BAD_REQUEST' }, { grantCore: 'yes' });
    ok(await app.post('/api/admin/plugins/core-grant/install', { grantCore: true }), 'install with consent');
    const [role] = await app.sql<{ permissions: { entities: Record<string, unknown> } }>(`select permissions from ${app.table('role')} where code = 'cg_user'`);
    assert.deepEqual(role!.permissions.entities.customer, { read: 'all', update: 'all' });
    const listed = (await app.get('/api/admin/plugins')).body.data.find((e: { name: string }) => e.name === 'core-grant');
    assert.equal(listed.installed.coreGrants, true);
  });

  it('refuses a role granting itself system functions (user management, plugins) without consent', async () => {
    app.root.addFixture(CASE, 'function-grant');
    await refused(
      'install',
      'function-grant',
      invalid([{ file: 'plugins/function-grant/metadata/roles/fg_user.json', pointer: '/permissions/functions', message: /outside the plugin/ }]),
    );
  });

  it("refuses a data migration that would change a core entity's records", async () => {
    app.root.addFixture(CASE, 'core-migration');
    await refused(
      'install',
      'core-migration',
      invalid([{ file: 'plugins/core-migration/migrations/001-disable-users.json', pointer: '/set/active', message: /changes "app_user.active", outside the plugin/ }]),
    );
    assert.deepEqual(await app.sql(`select count(*)::int as n from ${app.table('app_user')} where not active`), [{ n: 0 }], 'every user is still active');
  });

  it('refuses to uninstall a plugin another installed plugin depends on', async () => {
    app.root.addFixture(CASE, 'needs-base');
    ok(await app.post('/api/admin/plugins/needs-base/install'), 'install the dependant');
    await refused('uninstall', 'base-lib', { code: 'CONFLICT', message: /Uninstall needs-base first: they depend on "base-lib"/ });
  });

  it('refuses a plugin taking the prefix of an uninstalled plugin whose tables are still there', async () => {
    ok(await app.post('/api/admin/plugins/needs-base/uninstall'), 'uninstall the dependant');
    ok(await app.post('/api/admin/plugins/base-lib/uninstall'), 'uninstall base-lib');
    await refused('install', 'bl-clone', { code: 'CONFLICT', problems: [{ file: manifest('bl-clone'), pointer: '/prefix', message: /prefix "bl" belongs to plugin "base-lib"/ }] });
  });

  it('refuses a plugin whose dependency is in plugins/ but not installed: it is never installed behind the admin\'s back', async () => {
    await refused('install', 'needs-base', invalid([{ file: manifest('needs-base'), pointer: '/dependencies/base-lib', message: /needs plugin "base-lib" .*which is not installed: install it first/ }]));
    ok(await app.post('/api/admin/plugins/base-lib/install'), 'install the dependency');
    ok(await app.post('/api/admin/plugins/needs-base/install'), 'then the dependant');
  });
});
