// The admin layer changes fields it did not define (core customer here): options added, relabelled and removed,
// required with existing blank rows counted, defaults and rules; archives its own fields with their data and
// restores them; refusals name admin:extensions/<entity> and the JSON pointer and change nothing.
import assert from 'node:assert/strict';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';
import type { Reply } from '../helpers/test-server.ts';

interface Detail {
  file?: string;
  pointer?: string;
  path?: string;
  message: string;
  info?: { rowCount?: number };
}

const labels = (zh: string, en: string) => ({ 'zh-CN': zh, en });

describe('http/admin field overrides: change core fields, archive and restore admin fields, refuse what rows cannot take', function () {
  this.timeout(180_000);
  let app: PluginServer;
  let industryOptions: { code: string; labels: Record<string, string> }[];
  // The admin's one document for customer, grown test by test (each PUT replaces it whole).
  let saved: Record<string, unknown> = {};
  const ext = (extra: Record<string, unknown>) => {
    const overrides = { ...(saved.overrides as object), ...(extra.overrides as object) };
    return { extends: 'customer', ...saved, ...extra, ...(Object.keys(overrides).length ? { overrides } : {}) };
  };
  const keep = (r: Reply) => {
    if (r.status === 200 && r.body.after) saved = { ...r.body.after };
    delete saved.extends;
    return r;
  };
  const put = async (doc: object, dryRun = false) => keep(await app.send('PUT', `/api/admin/metadata/extensions/customer${dryRun ? '?dry_run=true' : ''}`, doc));
  const customerField = async (name: string) => (await app.get('/api/meta/entities/customer')).body.fields.find((f: { name: string }) => f.name === name);

  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: [] }));
    industryOptions = (await customerField('industry')).options.map((o: { code: string; labels: Record<string, string> }) => ({ code: o.code, labels: o.labels }));
  });
  after(() => app?.close());

  it('adds an option to the core industry field and relabels the field, live for the next request', async () => {
    const doc = ext({ overrides: { industry: { labels: labels('行业', 'Sector'), options: [...industryOptions, { code: 'robotics', labels: labels('工业机器人', 'Robotics') }] } } });
    const plan = await put(doc, true);
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    assert.equal(plan.body.plan.refused, false);
    const r = await put(doc);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const field = await customerField('industry');
    assert.equal(field.labels['zh-CN'], '行业');
    assert.ok(field.options.some((o: { code: string }) => o.code === 'robotics'));
    const created = await app.post('/api/records/customer', { name: '江南造船配套有限公司', industry: 'robotics' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });

  it('refuses removing an option rows still use, with the count, and keeps the option', async () => {
    const doc = ext({ overrides: { industry: { options: industryOptions } } });
    const plan = await put(doc, true);
    const step = plan.body.plan.steps.find((s: { action: string }) => s.action === 'remove_options');
    assert.equal(step.impact, 'refused', JSON.stringify(plan.body.plan));
    assert.ok(step.rowCount >= 1);
    const r = await put(doc);
    assert.equal(r.status, 409, JSON.stringify(r.body));
    const detail = r.body.error.details.find((d: Detail) => d.path === 'customer.industry');
    assert.match(detail.message, /robotics/);
    assert.ok((await customerField('industry')).options.some((o: { code: string }) => o.code === 'robotics'));
  });

  it('removes an option no row uses', async () => {
    const used = new Set((await app.sql<{ industry: string }>(`select distinct industry from ${app.table('customer')} where industry is not null`)).map((r) => r.industry));
    const gone = industryOptions.find((o) => !used.has(o.code))!.code;
    const kept = industryOptions.filter((o) => o.code !== gone);
    const r = await put(ext({ overrides: { industry: { options: [...kept, { code: 'robotics', labels: labels('工业机器人', 'Robotics') }] } } }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(!(await customerField('industry')).options.some((o: { code: string }) => o.code === gone));
  });

  it('refuses making a field required while rows leave it blank, counting them, and applies it once a default fills them', async () => {
    await app.post('/api/records/customer', { name: '无网址客户' });
    const blank = await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('customer')} where website is null or btrim(website) = ''`);
    const r = await put(ext({ overrides: { website: { required: true } } }));
    assert.equal(r.status, 409, JSON.stringify(r.body));
    const detail = r.body.error.details.find((d: Detail) => d.path === 'customer.website');
    assert.equal(detail.info.rowCount, blank[0]!.n);
    assert.ok(!(await customerField('website')).required);
    const withDefault = await put(ext({ overrides: { website: { required: true, default: 'https://example.cn' } } }));
    assert.equal(withDefault.status, 200, JSON.stringify(withDefault.body));
    const field = await customerField('website');
    assert.equal(field.required, true);
    const created = await app.post('/api/records/customer', { name: '默认网址客户' });
    assert.equal(created.body.website, 'https://example.cn');
  });

  it('adds a rule to a core entity', async () => {
    const rule = { name: 'credit_needs_days', message: labels('有信用额度必须填写信用周期', 'A credit limit needs a credit period'), condition: { or: [{ '!': { var: 'credit_limit' } }, { '!!': { var: 'credit_days' } }] } };
    const r = await put(ext({ rules: [rule] }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const refused = await app.post('/api/records/customer', { name: '规则测试客户', credit_limit: 100000 });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
  });

  it('refuses an override that breaks the field, at admin:extensions/customer and its pointer', async () => {
    const r = await put(ext({ overrides: { industry: { maxLength: 20 } } }));
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(r.body.error.details.some((d: Detail) => d.file === 'admin:extensions/customer' && d.pointer?.startsWith('/overrides/industry')), JSON.stringify(r.body.error.details));
    const unknown = await put(ext({ overrides: { nope: { required: true } } }));
    assert.ok(unknown.body.error.details.some((d: Detail) => d.pointer === '/overrides/nope'), JSON.stringify(unknown.body));
  });

  it('archives the admin\'s own field keeping its data, and restores it with the data', async () => {
    const plantArea = { type: 'decimal', labels: labels('厂房面积', 'Plant area'), scale: 2 };
    const added = await put(ext({ fields: { plant_area: plantArea } }));
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const created = await app.post('/api/records/customer', { name: '厂房客户', plant_area: 1200.5 });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const archived = await put(ext({ archived: ['plant_area'] }));
    assert.equal(archived.status, 200, JSON.stringify(archived.body));
    assert.ok(archived.body.plan.steps.some((s: { action: string; column?: string }) => s.action === 'archive_column' && s.column === 'plant_area'));
    const hidden = await app.get(`/api/records/customer/${created.body.id}`);
    assert.equal('plant_area' in hidden.body, false);
    const kept = await app.sql<{ plant_area: string }>(`select plant_area from ${app.table('customer')} where id = ?`, [created.body.id]);
    assert.equal(Number(kept[0]!.plant_area), 1200.5);
    const { archived: _a, ...withoutArchive } = ext({}) as Record<string, unknown>;
    const restored = await put(withoutArchive);
    assert.ok(restored.body.plan.steps.some((s: { action: string }) => s.action === 'restore_column'), JSON.stringify(restored.body.plan));
    assert.equal((await app.get(`/api/records/customer/${created.body.id}`)).body.plant_area, 1200.5);
  });

  it('refuses archiving a core field at its pointer', async () => {
    const r = await put(ext({ archived: ['website'] }));
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(r.body.error.details.some((d: Detail) => d.file === 'admin:extensions/customer' && d.pointer === '/archived/0'), JSON.stringify(r.body.error.details));
  });

  it('previews the next number of a numbering rule without taking it', async () => {
    const first = await app.get('/api/admin/autonumber-preview?template=' + encodeURIComponent('FW-{{seq 4}}') + '&entity=field_visit&field=code');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.number, 'FW-0001');
    const customers = await app.sql<{ n: number }>(`select value::int as n from ${app.table('crm_sequence')} where key = 'customer.customer_no:all'`);
    const next = await app.get('/api/admin/autonumber-preview?template=' + encodeURIComponent('KH-{{seq 5}}') + '&entity=customer&field=customer_no');
    assert.equal(next.body.number, `KH-${String(customers[0]!.n + 1).padStart(5, '0')}`);
    assert.equal((await app.get('/api/admin/autonumber-preview?template=' + encodeURIComponent('KH-{{seq 5}}') + '&entity=customer&field=customer_no')).body.number, next.body.number);
    const bad = await app.get('/api/admin/autonumber-preview?template=' + encodeURIComponent('X-{{nope 3}}'));
    assert.equal(bad.status, 422, JSON.stringify(bad.body));
    assert.equal(bad.body.error.details[0].path, 'template');
    assert.equal((await app.get('/api/admin/autonumber-preview')).status, 400);
  });

  it('gives the designer a core formula to change (not other users), and recomputes existing rows when it changes', async () => {
    const exposure = { '+': [{ var: ['open_receivables', 0] }, { var: ['open_orders', 0] }] };
    assert.deepEqual((await customerField('credit_exposure')).formula, exposure);
    const login = await app.send('POST', '/api/auth/login', { username: 'sales1', password: 'demo1234' });
    const asSales = await app.send('GET', '/api/meta/entities/customer', undefined, login.body.token);
    const seen = asSales.body.fields.find((f: { name: string }) => f.name === 'credit_exposure');
    assert.ok(seen && !('formula' in seen), JSON.stringify(seen));

    const [before] = (await app.get('/api/records/customer?limit=1&sort=name&fields=id,credit_exposure')).body.data;
    const doc = ext({ overrides: { credit_exposure: { formula: { '+': [...exposure['+'], 1000] } } } });
    const plan = await put(doc, true);
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    const step = plan.body.plan.steps.find((s: { action: string; column?: string }) => s.action === 'compute_formula' && s.column === 'credit_exposure');
    assert.ok(step && step.rowCount > 0, JSON.stringify(plan.body.plan));
    assert.equal((await put(doc)).status, 200);
    const after = (await app.get(`/api/records/customer/${before.id}`)).body;
    assert.equal(Number(after.credit_exposure), Number(before.credit_exposure) + 1000);
  });
});
