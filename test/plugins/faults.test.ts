// A failing install leaves the tenant exactly as it was: a failure injected after each step (schema, roles, seed,
// data migrations, registry) leaves no table, column, row, role or permission behind and keeps the live Model; the
// same for an upgrade and an uninstall. A `crm plugin install` killed with SIGKILL while paused inside its transaction
// leaves nothing either, and the next install succeeds (on PGlite: the data folder survives a killed writer).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, qualified, queryRows, type Database } from '../../engine/db/index.ts';
import { installPlugin, uninstallPlugin, upgradePlugin, type PluginStep } from '../../engine/plugins/index.ts';
import { finished, runCrm, spawnCrm } from '../helpers/crm-cli.ts';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';
import { createPluginRoot, PROJECT_ROOT, type PluginRoot } from '../helpers/plugin-root.ts';
import { tenantState, type TenantState } from '../helpers/tenant-state.ts';
import { testDatabaseKind } from '../helpers/test-database.ts';

const STEPS: PluginStep[] = ['schema', 'roles', 'seed', 'migrations', 'record'];
const PAUSE_PROBE = join(PROJECT_ROOT, 'test/helpers/pause-probe.ts');

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('plugins/faults: a failed or killed install leaves nothing behind', function () {
  this.timeout(90_000);
  let root: PluginRoot;
  let app: DemoApp;

  before(async () => {
    root = createPluginRoot({ fixtures: [['faults', 'fault-kit'], ['faults', 'kill-kit']] });
    app = await startDemoApp(root.dir);
  });
  after(async () => {
    await app?.close();
    root?.remove();
  });

  const state = () => tenantState(app.engine.db.knex, app.engine.tenant);

  /** Runs a lifecycle operation that must fail, and checks that neither the tenant nor the live model changed. */
  async function leavesNothing(operation: () => Promise<unknown>, failure: RegExp): Promise<void> {
    const before = await state();
    const assembled = app.engine.assembled();
    await assert.rejects(operation(), failure);
    assert.deepEqual(await state(), before, 'the tenant is exactly as before');
    assert.equal(app.engine.assembled(), assembled, 'the live model was not replaced');
  }

  for (const step of STEPS) {
    it(`a failure right after the ${step} step of an install leaves no table, row or role behind and the model as it was`, async () => {
      await leavesNothing(() => installPlugin(app.engine, 'fault-kit', { failAfter: step }), new RegExp(`injected failure after the ${step} step`));
      assert.ok(!app.engine.model().entities.has('fk_order'));
      assert.equal((await app.as('admin').get('/api/records/fk_order')).status, 404);
    });
  }

  it('after those failures a normal install works: tables, customer field, workflow, role, demo data, migration and registry', async () => {
    const result = await installPlugin(app.engine, 'fault-kit');
    assert.equal(result.status, 'installed');
    const orders = await app.sql<{ name: string; priority: string; status: string; number: string }>(`select name, priority, status, number from ${app.table('fk_order')} order by name`);
    assert.deepEqual(
      orders.map(({ name, priority, status }) => ({ name, priority, status })),
      [
        { name: '演示订单一', priority: 'normal', status: 'draft' },
        { name: '演示订单二', priority: 'urgent', status: 'draft' },
      ],
      'the demo data was loaded and the migration ran over it',
    );
    assert.ok(orders.every((o) => /^FK-\d{4}$/.test(o.number)));
    assert.deepEqual(await app.sql(`select count(*)::int as n from ${app.table('fk_order_line')}`), [{ n: 3 }]);
    assert.equal((await app.sql(`select 1 from ${app.table('role')} where code = 'fk_clerk'`)).length, 1);
    assert.deepEqual(await app.sql(`select name from ${app.table('crm_plugin_migration')} where plugin = 'fault-kit'`), [{ name: '001-default-priority.json' }]);
    assert.ok((await app.sql(`select 1 from ${app.table('crm_wf_definition')} where name = 'fk_order_flow'`)).length >= 1, 'the workflow was published');
    const list = await app.as('admin').get('/api/records/fk_order?sort=name');
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body.data.map((o: { total: number }) => o.total), [2000, 300]);
    const customer = await app.as('admin').get('/api/meta/entities/customer');
    assert.ok(customer.body.fields.some((f: { name: string }) => f.name === 'fk_rating'));
  });

  it('a failure inside an upgrade, and inside an uninstall, leaves the installed version as it was', async () => {
    root.addFixture('faults-v2', 'fault-kit');
    try {
      for (const step of ['schema', 'migrations', 'record'] as const) {
        await leavesNothing(() => upgradePlugin(app.engine, 'fault-kit', { failAfter: step }), new RegExp(`after the ${step} step`));
      }
    } finally {
      // The implementer puts the installed version back after the failed upgrade.
      root.addFixture('faults', 'fault-kit');
    }
    assert.ok(!app.engine.model().entities.get('fk_order')!.fields.has('note'));
    await leavesNothing(() => uninstallPlugin(app.engine, 'fault-kit', { failAfter: 'record' }), /after the record step/);
    assert.equal((await app.as('admin').get('/api/records/fk_order')).status, 200, 'still installed');
  });

  it('`crm plugin install` killed with SIGKILL while paused inside its transaction leaves nothing; the next install succeeds', async function () {
    const pglite = testDatabaseKind() === 'pglite';
    const work = mkdtempSync(join(tmpdir(), 'crm-kill-'));
    const env: NodeJS.ProcessEnv = { ...app.cliEnv };
    let db: Database | undefined;
    try {
      if (pglite) {
        // PGlite: one process per data folder, so the CLI gets a copy of this tenant's folder that only it uses.
        await app.stop();
        env.DATA_DIR = join(work, 'data');
        cpSync(app.config.dataDir, env.DATA_DIR, { recursive: true });
      }
      const tenant = app.engine.tenant;
      const open = async () => (pglite ? openDatabase({ dataDir: env.DATA_DIR }) : app.engine.db);
      const snapshot = async (): Promise<TenantState> => {
        db = await open();
        try {
          return await tenantState(db.knex, tenant);
        } finally {
          if (pglite) await db.close();
          db = undefined;
        }
      };
      const before = await snapshot();

      const marker = join(work, 'paused');
      const child = spawnCrm({ ...env, CRM_TEST_PAUSE_AFTER: 'schema', CRM_TEST_PAUSE_MARKER: marker }, ['plugin', 'install', 'kill-kit'], { preload: PAUSE_PROBE });
      const exit = finished(child, 90_000);
      await Promise.race([until(() => existsSync(marker), 'the install paused after its schema step'), exit.then((r) => Promise.reject(new Error(`crm exited before pausing:\n${r.stdout}\n${r.stderr}`)))]);
      let backend: number | undefined;
      if (pglite) {
        assert.ok(existsSync(join(env.DATA_DIR!, 'crm.lock.json')), 'the CLI holds the data folder');
      } else {
        // Paused with the schema step done and its transaction open, holding the plugin lock.
        const [session] = await queryRows<{ pid: number }>(
          app.engine.db.knex,
          `select pid from pg_stat_activity where state = 'idle in transaction' and query like ? and datname = current_database()`,
          [`%${qualified(tenant, 'crm_schema_history')}%`],
        );
        assert.ok(session, 'a session is idle inside the install transaction');
        backend = session.pid;
        const tables = await queryRows(app.engine.db.knex, `select 1 from information_schema.tables where table_schema = ? and table_name = 'kk_item'`, [tenant.schema]);
        assert.equal(tables.length, 0, 'its table is not visible outside the transaction');
      }
      child.kill('SIGKILL');
      const killed = await exit;
      assert.equal(killed.signal, 'SIGKILL');
      if (backend !== undefined) {
        await until(async () => (await queryRows(app.engine.db.knex, 'select 1 from pg_stat_activity where pid = ?', [backend])).length === 0, 'the server ended the dead session', 15_000);
      }

      const after = await snapshot();
      assert.ok(!after.tables.includes('kk_item'), 'no plugin table');
      assert.ok(!after.plugins.some((p) => (p as { name: string }).name === 'kill-kit'), 'no plugin row');
      assert.ok(!after.roles.some((r) => (r as { code: string }).code === 'kk_user'), 'no plugin role');
      assert.deepEqual(after, before, 'nothing at all is left by the killed install');

      const again = await runCrm(env, ['plugin', 'install', 'kill-kit'], 90_000);
      assert.equal(again.status, 0, again.stdout + again.stderr);
      assert.match(again.stdout, /kill-kit 1\.0\.0: installed\./);
      db = await open();
      const items = await queryRows<{ name: string }>(db.knex, `select name from ${qualified(tenant, 'kk_item')} order by name`);
      assert.deepEqual(items.map((i) => i.name), ['一号', '二号']);
      const plugins = await queryRows<{ name: string; status: string }>(db.knex, `select name, status from ${qualified(tenant, 'crm_plugin')} where name = 'kill-kit'`);
      assert.deepEqual(plugins, [{ name: 'kill-kit', status: 'installed' }]);
    } finally {
      if (pglite) await db?.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
