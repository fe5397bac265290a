// Purging a plugin (spare-parts): refused while installed, without the name confirmed, or before the CLI's --confirm,
// changing nothing; then a backup holding every row it removes, and its tables, the fields it added to service
// tickets, its role (and the users' links to it) and its registry row are gone, while the tickets themselves stay.
// A fresh install afterwards starts from nothing.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';
import type { Reply } from '../helpers/test-server.ts';

type Row = Record<string, unknown>;
const NAME = 'spare-parts';

describe('plugins/purge: data deleted for good only when uninstalled, confirmed and backed up', function () {
  this.timeout(120_000);
  let app: PluginServer;
  let ticketId: string;

  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: [NAME] }));
    ok(await app.post(`/api/admin/plugins/${NAME}/install`), 'install');
    ok(await app.post('/api/records/sp_part', { part_no: 'SP-PURGE-1', name: '主轴轴承', unit: '套', list_price: 1200 }), 'a part');
    const [ticket] = await app.sql<{ id: string; version: number }>(`select id, version from ${app.table('service_ticket')} order by created_at, id limit 1`);
    ticketId = ticket!.id;
    ok(await app.send('PATCH', `/api/records/service_ticket/${ticketId}`, { version: ticket!.version, sp_part_no: 'SP-PURGE-1', sp_part_qty: 2 }, app.token), 'a ticket using the part');
    const [role] = await app.sql<{ id: string }>(`select id from ${app.table('role')} where code = 'sp_keeper'`);
    const [user] = await app.sql<{ id: string; version: number }>(`select id, version from ${app.table('app_user')} where username = 'service1'`);
    ok(await app.send('PATCH', `/api/records/app_user/${user!.id}`, { version: user!.version, roles: [...(await rolesOf('service1')), role!.id] }, app.token), 'service1 keeps parts too');
  });
  after(() => app?.close());

  function ok(r: Reply, what: string) {
    assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  async function rolesOf(username: string): Promise<string[]> {
    // Read in SQL: a GET by id would log a view, which the state comparisons would then see arrive late.
    const rows = await app.sql<{ id: string }>(`select l.target_id as id from ${app.table('app_user__roles')} l join ${app.table('app_user')} u on u.id = l.source_id where u.username = ?`, [username]);
    return rows.map((r) => r.id);
  }
  const tableExists = async (name: string) => (await app.sql(`select 1 from information_schema.tables where table_schema = ? and table_name = ?`, [app.config.schema, name])).length > 0;
  const columnExists = async (table: string, column: string) =>
    (await app.sql(`select 1 from information_schema.columns where table_schema = ? and table_name = ? and column_name = ?`, [app.config.schema, table, column])).length > 0;

  it('refuses while the plugin is installed, and without the name confirmed, changing nothing', async () => {
    const before = await app.state();
    const installed = await app.post(`/api/admin/plugins/${NAME}/purge`, { confirm: NAME });
    assert.equal(installed.status, 409, JSON.stringify(installed.body));
    assert.match(installed.body.error.message, /uninstall it first/);
    ok(await app.post(`/api/admin/plugins/${NAME}/uninstall`), 'uninstall');
    const afterUninstall = await app.state();
    for (const body of [{}, { confirm: 'spare' }, { confirm: NAME, extra: 1 }]) {
      const r = await app.post(`/api/admin/plugins/${NAME}/purge`, body);
      assert.equal(r.status, 400, JSON.stringify(r.body));
    }
    const cli = await app.crm('plugin', 'purge', NAME);
    assert.notEqual(cli.status, 0);
    assert.match(cli.stderr, /confirm/);
    assert.deepEqual(await app.state(), afterUninstall);
    assert.notDeepEqual(before, afterUninstall, 'only the uninstall changed anything');
    assert.ok(await tableExists('sp_part'));
  });

  it('backs up, then removes the tables, the added fields and the role; other data stays', async () => {
    const parts = await app.sql<Row>(`select * from ${app.table('sp_part')}`);
    const tickets = await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('service_ticket')}`);
    const r = await app.post(`/api/admin/plugins/${NAME}/purge`, { confirm: NAME });
    ok(r, 'purge');
    assert.equal(r.body.status, 'purged');
    assert.deepEqual(r.body.dropped, { tables: ['sp_part__fits_products', 'sp_part'], columns: ['service_ticket.sp_part_no', 'service_ticket.sp_part_qty'] });

    assert.ok(existsSync(r.body.backup), r.body.backup);
    const lines = readFileSync(r.body.backup, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
    assert.equal(lines[0]!.format, 'crm-plugin-backup/1');
    assert.equal(lines[0]!.plugin, NAME);
    const backedParts = lines.filter((l) => l.table === 'sp_part').map((l) => l.row as Row);
    assert.equal(backedParts.length, parts.length);
    assert.ok(backedParts.some((p) => p.part_no === 'SP-PURGE-1' && Number(p.list_price) === 1200));
    assert.deepEqual(lines.filter((l) => l.columns_of === 'service_ticket').map((l) => l.row), [{ id: ticketId, sp_part_no: 'SP-PURGE-1', sp_part_qty: 2 }]);
    assert.ok(lines.some((l) => (l.role as Row | undefined)?.code === 'sp_keeper'));
    assert.equal(r.body.rows, lines.filter((l) => l.table || l.columns_of).length);
    assert.ok(lines.some((l) => l.table === 'sp_part__fits_products'), 'link rows too');

    assert.equal(await tableExists('sp_part'), false);
    assert.equal(await columnExists('service_ticket', 'sp_part_no'), false);
    assert.equal((await app.sql(`select 1 from ${app.table('role')} where code = 'sp_keeper'`)).length, 0);
    assert.equal((await app.sql(`select 1 from ${app.table('crm_plugin')} where name = ?`, [NAME])).length, 0);
    assert.deepEqual((await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('service_ticket')}`))[0], tickets[0]);
    assert.equal((await app.get(`/api/records/service_ticket?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'id' }, ticketId] }))}`)).body.data.length, 1, 'the ticket is still served');
    assert.ok((await rolesOf('service1')).length >= 1, 'service1 keeps its other roles');
    const listed = (await app.get('/api/admin/plugins')).body.data.find((p: { name: string }) => p.name === NAME);
    assert.equal(listed.installed, undefined);
    const audit = await app.sql(`select 1 from ${app.table('crm_audit')} where action = 'metadata_change' and context->>'reason' = ?`, [`plugin purge ${NAME}`]);
    assert.equal(audit.length, 1);
  });

  it('answers 404 for a plugin with nothing left to purge, and installs afresh', async () => {
    assert.equal((await app.post(`/api/admin/plugins/${NAME}/purge`, { confirm: NAME })).status, 404);
    ok(await app.post(`/api/admin/plugins/${NAME}/install`), 'install again');
    const parts = await app.sql<Row>(`select part_no from ${app.table('sp_part')}`);
    assert.ok(!parts.some((p) => p.part_no === 'SP-PURGE-1'), 'the purged part does not come back');
    assert.ok(await columnExists('service_ticket', 'sp_part_no'));
    const [ticket] = await app.sql<{ sp_part_no: string | null }>(`select sp_part_no from ${app.table('service_ticket')} where id = ?`, [ticketId]);
    assert.equal(ticket!.sp_part_no, null);
  });

  it('the CLI uninstalls and purges in one command once the name is confirmed', async () => {
    const refused = await app.crm('plugin', 'uninstall', NAME, '--purge');
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /--confirm spare-parts/);
    assert.equal((await app.sql<{ status: string }>(`select status from ${app.table('crm_plugin')} where name = ?`, [NAME]))[0]!.status, 'installed', 'not even uninstalled');
    const done = await app.crm('plugin', 'uninstall', NAME, '--purge', '--confirm', NAME);
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stdout, /purged\. Backup of \d+ rows: .*spare-parts-.*\.ndjson/);
    assert.equal(await tableExists('sp_part'), false);
  });
});
