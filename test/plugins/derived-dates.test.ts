// Derived dates over HTTP, on the machine-tool bundle's demo: a project's warranty dates follow its final acceptance
// (12 months, key parts 24, from the metadata), are read-only, follow a change or removal of the acceptance through the
// project to the service tickets on it (whose "in warranty" flag is a formula over them), whoever's scope those are in.
import assert from 'node:assert/strict';
import { addPeriod } from '../../engine/data/derived-dates.ts';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';
import type { Reply } from '../helpers/test-server.ts';

type Rec = Record<string, unknown> & { id: string; version: number };

describe('plugins/derived dates: warranty from final acceptance, followed to service tickets', function () {
  this.timeout(300_000);
  let app: PluginServer;
  let service1: string;
  const ok = (r: Reply, what: string) => assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  const one = async (entity: string, filter: unknown): Promise<Rec> => {
    const r = await app.get(`/api/records/${entity}?filter=${encodeURIComponent(JSON.stringify(filter))}`);
    ok(r, `list ${entity}`);
    assert.equal((r.body.data as Rec[]).length, 1, `one ${entity} for ${JSON.stringify(filter)}`);
    return (r.body.data as Rec[])[0]!;
  };
  const get = async (entity: string, id: string, token?: string) => app.send('GET', `/api/records/${entity}/${id}`, undefined, token);
  const patch = async (entity: string, rec: Rec, body: Record<string, unknown>, token?: string) => app.send('PATCH', `/api/records/${entity}/${rec.id}`, { ...body, version: rec.version }, token);
  const project = () => one('mt_project', { '==': [{ var: 'name' }, '恒驰汽车零部件 VMC1160 技改项目'] });
  const finalAcceptance = () => one('mt_acceptance', { '==': [{ var: 'name' }, '现场终验收'] });
  const ticket = () => one('service_ticket', { '==': [{ var: 'serial_no' }, 'VM2603-0123'] });

  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: ['machine-tool-projects'] }));
    ok(await app.post('/api/admin/plugins/machine-tool-projects/install', {}), 'install');
    const login = await app.send('POST', '/api/auth/login', { username: 'service1', password: 'demo1234' });
    service1 = String(login.body.token);
  });
  after(() => app?.close());

  it('adds years and months first, keeping to the last day of a shorter month, then days', () => {
    assert.equal(addPeriod('2026-05-20', { months: 12 }), '2027-05-20');
    assert.equal(addPeriod('2024-02-29', { years: 1 }), '2025-02-28');
    assert.equal(addPeriod('2026-01-31', { months: 1 }), '2026-02-28');
    assert.equal(addPeriod('2026-12-31', { months: 2, days: 1 }), '2027-03-01');
    assert.equal(addPeriod('2026-03-01', { days: -1 }), '2026-02-28');
  });

  it('the demo project in warranty has its warranty dates from its final acceptance, and its ticket is in warranty', async () => {
    const acceptance = await finalAcceptance();
    const p = await project();
    assert.equal(p.final_acceptance, acceptance.id);
    assert.equal(p.warranty_start, acceptance.accepted_on);
    assert.equal(p.warranty_until, addPeriod(String(acceptance.accepted_on), { months: 12 }));
    assert.equal(p.key_parts_warranty_until, addPeriod(String(acceptance.accepted_on), { months: 24 }));
    const t = await ticket();
    assert.equal(t.mt_project, p.id);
    assert.equal(t.mt_warranty_until, p.warranty_until);
    assert.equal(t.mt_key_parts_warranty_until, p.key_parts_warranty_until);
    assert.equal(t.mt_in_warranty, true);
  });

  it('refuses a derived date in a write, naming the field, and changes nothing', async () => {
    const p = await project();
    const r = await patch('mt_project', p, { warranty_until: '2099-01-01', notes: 'changed' });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    const details = (r.body.error as { details: { path: string }[] }).details;
    assert.ok(details.some((d) => d.path === '/warranty_until'), JSON.stringify(details));
    assert.deepEqual(await project(), p);
  });

  it('sets the warranty dates when a project gets its final acceptance', async () => {
    const lz = await one('mt_project', { '==': [{ var: 'name' }, '鲁重工程机械 2026 年立加扩产项目'] });
    assert.equal(lz.warranty_until, null);
    const created = await app.post('/api/records/mt_acceptance', { project: lz.id, name: '终验收(测试)', acceptance_type: 'final', accepted_on: '2027-01-31', result: 'passed' });
    ok(created, 'create acceptance');
    const r = await patch('mt_project', lz, { final_acceptance: created.body.id });
    ok(r, 'set final acceptance');
    const after = (await get('mt_project', lz.id)).body as Rec;
    assert.deepEqual([after.warranty_start, after.warranty_until, after.key_parts_warranty_until], ['2027-01-31', '2028-01-31', '2029-01-31']);
  });

  it('follows a change of the acceptance date through the project to the ticket, which a service user who cannot read projects sees', async () => {
    const t = await ticket();
    assert.equal((await get('mt_project', String(t.mt_project), service1)).status, 403, 'service1 cannot read projects');
    const acceptance = await finalAcceptance();
    const reported = String(t.mt_reported_on);
    // Accepted two years before the ticket was reported: the 12 months are over, the key parts' 24 months too.
    const earlier = addPeriod(reported, { years: -2, days: -1 });
    ok(await patch('mt_acceptance', acceptance, { accepted_on: earlier }), 'move the acceptance date');
    const p = await project();
    assert.equal(p.warranty_until, addPeriod(earlier, { months: 12 }));
    const seen = (await get('service_ticket', t.id, service1)).body as Rec;
    assert.equal(seen.mt_warranty_until, p.warranty_until);
    assert.equal(seen.mt_in_warranty, false);
    assert.equal(seen.mt_key_parts_in_warranty, false);
    assert.equal(seen.version, t.version, 'the ticket itself was not edited');
    // Back to a date one year and a day before the report: the machine is out of warranty, the key parts are not.
    const again = await finalAcceptance();
    ok(await patch('mt_acceptance', again, { accepted_on: addPeriod(reported, { years: -1, days: -1 }) }), 'move it again');
    const now = (await get('service_ticket', t.id, service1)).body as Rec;
    assert.deepEqual([now.mt_in_warranty, now.mt_key_parts_in_warranty], [false, true]);
  });

  it('refuses a service user linking a ticket to a project they cannot read, and changes nothing', async () => {
    const t = await ticket();
    const lz = await one('mt_project', { '==': [{ var: 'name' }, '鲁重工程机械 2026 年立加扩产项目'] });
    const r = await patch('service_ticket', t, { mt_project: lz.id }, service1);
    assert.ok(r.status === 422 || r.status === 403, `${r.status} ${JSON.stringify(r.body)}`);
    assert.deepEqual(await ticket(), t);
  });

  it('clears the warranty dates (and the ticket\'s) when the final acceptance is deleted', async () => {
    const acceptance = await finalAcceptance();
    const r = await app.send('DELETE', `/api/records/mt_acceptance/${acceptance.id}`);
    ok(r, 'delete');
    const p = await project();
    assert.deepEqual([p.final_acceptance, p.warranty_start, p.warranty_until, p.key_parts_warranty_until], [null, null, null, null]);
    const t = await ticket();
    assert.deepEqual([t.mt_warranty_until, t.mt_in_warranty], [null, false]);
  });
});
