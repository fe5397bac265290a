// A plugin whose demo seed also fills an engine entity (instrument-selection: its 选型模版 are configurator_template
// records) installs again after a purge: the purge drops only the plugin's own tables, and the new install keeps the
// templates that are still there (with the admin's edits) instead of refusing them as duplicates.
import assert from 'node:assert/strict';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';
import type { Reply } from '../helpers/test-server.ts';

const NAME = 'instrument-selection';

describe('plugins/reinstall after purge: seeded records in engine entities are kept, not duplicated', function () {
  this.timeout(300_000);
  let app: PluginServer;
  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: [NAME] }));
  });
  after(() => app?.close());

  const ok = (r: Reply, what: string) => assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  const templates = () => app.sql<{ code: string; name: string }>(`select code, name from ${app.table('configurator_template')} order by code`);
  const count = async (table: string) => (await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table(table)}`))[0]!.n;

  it('installs, is purged, and installs again with its templates kept as the admin left them', async () => {
    ok(await app.post(`/api/admin/plugins/${NAME}/install`), 'install');
    const seeded = await templates();
    assert.ok(seeded.length >= 2, 'the demo seed brings the example series');
    const series = await count('ins_series');
    assert.ok(series > 0);
    await app.sql(`update ${app.table('configurator_template')} set name = '3051C(现场改名)' where code = '3051C'`);

    ok(await app.post(`/api/admin/plugins/${NAME}/uninstall`), 'uninstall');
    ok(await app.post(`/api/admin/plugins/${NAME}/purge`, { confirm: NAME }), 'purge');
    assert.equal((await templates()).length, seeded.length, 'templates live in an engine entity and outlive the purge');

    ok(await app.post(`/api/admin/plugins/${NAME}/install`), 'install after purge');
    const after = await templates();
    assert.deepEqual(after.map((t) => t.code), seeded.map((t) => t.code), 'no template twice');
    assert.equal(after.find((t) => t.code === '3051C')!.name, '3051C(现场改名)', 'the admin edit is kept');
    assert.equal(await count('ins_series'), series, "the plugin's own demo data is seeded afresh");
  });
});
