// The designers show every problem at the control it names, so the server must answer all of them at once, each with
// its JSON pointer: a flow with an unreachable state and an unknown required field, a role granting unknown entities,
// and a state taken out of a flow while records are in it (refused until they are moved). Nothing changes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPluginRoot, PROJECT_ROOT } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

type Doc = Record<string, any>;
const quoteFlow = (): Doc => {
  const flow = JSON.parse(readFileSync(join(PROJECT_ROOT, 'metadata/workflows/quote_flow.json'), 'utf8')) as Doc;
  delete flow.$schema;
  return flow;
};
const where = (body: Doc) => (body.error.details as Doc[]).map((d) => `${d.file ?? ''} ${d.pointer ?? d.path}`);

describe('http/designer refusals: every problem with its pointer, nothing changed', function () {
  this.timeout(180_000);
  let app: PluginServer;
  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: [] }));
  });
  after(() => app?.close());
  const versionInForce = async () => (await app.get('/api/admin/workflows/quote_flow/versions')).body.flow.currentVersion as number;

  it('refuses a flow with an unreachable state and an unknown required field, naming both', async () => {
    const flow = quoteFlow();
    flow.transitions = flow.transitions.filter((t: Doc) => t.action !== 'accept');
    flow.transitions.find((t: Doc) => t.action === 'send').required = ['no_such_field'];
    const send = flow.transitions.findIndex((t: Doc) => t.action === 'send');
    const version = await versionInForce();
    for (const dryRun of ['?dry_run=true', '']) {
      const r = await app.send('PUT', `/api/admin/metadata/workflows/quote_flow${dryRun}`, flow);
      assert.equal(r.status, 422, JSON.stringify(r.body));
      const found = where(r.body);
      assert.ok(found.includes('admin:workflows/quote_flow /states/accepted'), JSON.stringify(found));
      assert.ok(found.includes(`admin:workflows/quote_flow /transitions/${send}/required/0`), JSON.stringify(found));
    }
    assert.equal(await versionInForce(), version);
    assert.equal((await app.get('/api/admin/metadata/workflows/quote_flow')).status, 404);
  });

  it('refuses a role granting unknown entities, each at its pointer, and keeps the role', async () => {
    const [role] = (await app.get(`/api/records/role?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'code' }, 'sales'] }))}`)).body.data as Doc[];
    const permissions = structuredClone(role!.permissions);
    permissions.entities.no_such_a = { read: 'all' };
    permissions.entities.no_such_b = { read: 'own' };
    const r = await app.send('PATCH', `/api/records/role/${role!.id}`, { permissions, version: role!.version });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(where(r.body).filter((w) => w.includes('no_such')).sort(), [' /permissions/entities/no_such_a', ' /permissions/entities/no_such_b']);
    assert.deepEqual((await app.get(`/api/records/role/${role!.id}`)).body.permissions, role!.permissions);
  });

  it('refuses to take a state out of a flow while records are in it, and allows it once they are moved', async () => {
    await app.sql(`update ${app.table('quote')} set status = 'expired' where id = (select id from ${app.table('quote')} order by id limit 1)`);
    const n = (await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('quote')} where status = 'expired'`))[0]!.n;
    const flow = quoteFlow();
    delete flow.states.expired;
    flow.transitions = flow.transitions.filter((t: Doc) => t.to !== 'expired').map((t: Doc) => ({ ...t, from: t.from.filter((s: string) => s !== 'expired') }));
    flow.timers = (flow.timers ?? []).filter((t: Doc) => t.state !== 'expired' && t.do?.transition !== 'expire');
    const refused = await app.send('PUT', '/api/admin/metadata/workflows/quote_flow?dry_run=true', flow);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.deepEqual(where(refused.body), ['admin:workflows/quote_flow /states/expired']);
    assert.match(refused.body.error.details[0].message, new RegExp(`still holds ${n} record`));
    await app.sql(`update ${app.table('quote')} set status = 'draft' where status = 'expired'`);
    const planned = await app.send('PUT', '/api/admin/metadata/workflows/quote_flow?dry_run=true', flow);
    assert.equal(planned.status, 200, JSON.stringify(planned.body));
  });
});
