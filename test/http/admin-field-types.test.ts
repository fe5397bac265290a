// The admin layer adds every structural field type on a core entity (customer): lines (children) owned through the
// child's ref back, a rollup over them computed for the records that exist, a many-to-many with its link table and a
// json field; each through the schema plan, live for the record API, archived with its data kept and restored with
// it. Bad definitions are refused at admin:extensions/customer and their pointer. A shipped attachment's limits and a
// shipped autonumber's numbering are overridden, and a narrowing the stored data cannot take is refused in the plan.
import assert from 'node:assert/strict';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';
import type { Reply } from '../helpers/test-server.ts';

type Doc = Record<string, any>;
const labels = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const FILE = 'admin:extensions/customer';

const FIELDS = {
  contacts: { type: 'children', labels: labels('联系人明细', 'Contact lines'), target: 'contact', foreignKey: 'customer' },
  contact_count: { type: 'rollup', labels: labels('联系人数', 'Contacts'), of: 'contacts', aggregate: 'count', resultType: 'integer' },
  focus_products: { type: 'many_to_many', labels: labels('关注产品', 'Products of interest'), target: 'product' },
  profile: { type: 'json', labels: labels('扩展资料', 'Profile data') },
};

describe('http/admin field types: lines, rollups, many-to-many and json added, archived and restored; shipped attachment and numbering settings', function () {
  this.timeout(240_000);
  let app: PluginServer;
  let customerId: string;
  let productId: string;
  const put = (entity: string, doc: object, dryRun = false) => app.send('PUT', `/api/admin/metadata/extensions/${entity}${dryRun ? '?dry_run=true' : ''}`, doc);
  const pointers = (r: Reply) => (r.body.error?.details ?? []).map((d: Doc) => `${d.file} ${d.pointer}`);
  const planned = (r: Reply, action: string, column?: string) => (r.body.plan?.steps ?? []).find((s: Doc) => s.action === action && (!column || s.column === column));

  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: [] }));
    customerId = (await app.sql<{ id: string }>(`select c.id from ${app.table('customer')} c where exists (select 1 from ${app.table('contact')} k where k.customer = c.id) order by c.id limit 1`))[0]!.id;
    productId = (await app.sql<{ id: string }>(`select id from ${app.table('product')} order by id limit 1`))[0]!.id;
  });
  after(() => app?.close());

  it('plans and adds the four types: a link table, a rollup column computed for existing customers, a jsonb column', async () => {
    const doc = { extends: 'customer', fields: FIELDS };
    const plan = await put('customer', doc, true);
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    assert.equal(plan.body.plan.refused, false);
    assert.ok(planned(plan, 'create_table')?.table === 'customer__focus_products', JSON.stringify(plan.body.plan));
    assert.ok(planned(plan, 'add_column', 'profile'), JSON.stringify(plan.body.plan));
    assert.ok(planned(plan, 'compute_formula', 'contact_count')?.rowCount > 0, JSON.stringify(plan.body.plan));
    assert.ok(!planned(plan, 'add_column', 'contacts'), 'lines live in the child table: no column');
    const r = await put('customer', doc);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const held = await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('contact')} where customer = ?`, [customerId]);
    const existing = await app.get(`/api/records/customer/${customerId}?expand=contacts`);
    assert.equal(existing.body.contact_count, held[0]!.n);
    assert.equal(existing.body.contacts.length, held[0]!.n);
  });

  it('writes and reads them through the record API', async () => {
    const created = await app.post('/api/records/customer', {
      name: '华东精密机床配套有限公司',
      contacts: [{ name: '王工', title: '设备科长', mobile: '13800000001' }, { name: '李经理', mobile: '13800000002' }],
      focus_products: [productId],
      profile: { 产线: ['五轴', '车铣复合'], 年产能: 1200 },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const got = await app.get(`/api/records/customer/${created.body.id}?expand=contacts`);
    assert.equal(got.body.contact_count, 2);
    assert.deepEqual(got.body.contacts.map((c: Doc) => c.name).sort(), ['李经理', '王工']);
    assert.deepEqual(got.body.focus_products, [productId]);
    assert.deepEqual(got.body.profile, { 产线: ['五轴', '车铣复合'], 年产能: 1200 });
    const alone = await app.post('/api/records/contact', { customer: created.body.id, name: '赵工', mobile: '13800000003' });
    assert.equal(alone.status, 201, JSON.stringify(alone.body));
    assert.equal((await app.get(`/api/records/customer/${created.body.id}`)).body.contact_count, 3);
    customerId = created.body.id;
  });

  it('refuses archiving the lines while a rollup counts them, at the rollup\'s pointer', async () => {
    const r = await put('customer', { extends: 'customer', fields: FIELDS, archived: ['contacts'] });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(pointers(r).includes(`${FILE} /fields/contact_count/of`), JSON.stringify(pointers(r)));
  });

  it('archives all four keeping lines, links, values; restores them with the data and the total recomputed', async () => {
    const archived = await put('customer', { extends: 'customer', fields: FIELDS, archived: Object.keys(FIELDS) });
    assert.equal(archived.status, 200, JSON.stringify(archived.body));
    assert.ok(planned(archived, 'archive_column', 'profile') && planned(archived, 'archive_column', 'contact_count'), JSON.stringify(archived.body.plan));
    const hidden = await app.get(`/api/records/customer/${customerId}`);
    for (const name of Object.keys(FIELDS)) assert.equal(name in hidden.body, false, name);
    assert.equal((await app.sql(`select 1 from ${app.table('customer__focus_products')} where source_id = ?`, [customerId])).length, 1);
    // While archived the lines are still records of their own; the total catches up on restore.
    assert.equal((await app.post('/api/records/contact', { customer: customerId, name: '孙工', mobile: '13800000004' })).status, 201);
    const restored = await put('customer', { extends: 'customer', fields: FIELDS });
    assert.equal(restored.status, 200, JSON.stringify(restored.body));
    assert.ok(planned(restored, 'restore_column', 'profile') && planned(restored, 'compute_formula', 'contact_count'), JSON.stringify(restored.body.plan));
    const back = await app.get(`/api/records/customer/${customerId}?expand=contacts`);
    assert.equal(back.body.contact_count, 4);
    assert.equal(back.body.contacts.length, 4);
    assert.deepEqual(back.body.focus_products, [productId]);
    assert.deepEqual(back.body.profile, { 产线: ['五轴', '车铣复合'], 年产能: 1200 });
  });

  it('refuses bad definitions of each type at their pointers and changes nothing', async () => {
    const bad = {
      ...FIELDS,
      bad_lines: { type: 'children', labels: labels('商机明细', 'Opportunity lines'), target: 'opportunity', foreignKey: 'customer' },
      bad_of: { type: 'rollup', labels: labels('错误汇总', 'Bad total'), of: 'name', aggregate: 'count', resultType: 'integer' },
      bad_field: { type: 'rollup', labels: labels('错误求和', 'Bad sum'), of: 'contacts', aggregate: 'sum', field: 'name', resultType: 'decimal' },
      bad_links: { type: 'many_to_many', labels: labels('错误关联', 'Bad links'), target: 'no_such_entity' },
      bad_json: { type: 'json', labels: labels('错误', 'Bad'), maxLength: 10 },
    };
    const r = await put('customer', { extends: 'customer', fields: bad }, true);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    const found = pointers(r);
    assert.ok(found.some((p: string) => p.startsWith(`${FILE} /fields/bad_json`)), JSON.stringify(found));
    const schemaValid = await put('customer', { extends: 'customer', fields: { ...bad, bad_json: FIELDS.profile } }, true);
    const where = pointers(schemaValid);
    for (const p of ['/fields/bad_lines/foreignKey', '/fields/bad_of/of', '/fields/bad_field/field', '/fields/bad_links/target']) assert.ok(where.includes(`${FILE} ${p}`), `${p}: ${JSON.stringify(where)}`);
    assert.equal((await app.get('/api/meta/entities/customer')).body.fields.some((f: Doc) => f.name.startsWith('bad_')), false);
  });

  it('overrides a shipped attachment\'s limits, refusing a narrowing the stored files cannot take', async () => {
    const [contract] = (await app.get('/api/records/contract?limit=1&sort=name')).body.data;
    await app.upload('contract', contract.id, 'attachments', '合同扫描件.pdf');
    await app.upload('contract', contract.id, 'attachments', '技术协议.pdf');
    const narrow = { extends: 'contract', overrides: { attachments: { maxFiles: 1 } } };
    const plan = await put('contract', narrow, true);
    const step = planned(plan, 'narrow_max_files', 'attachments');
    assert.equal(step?.impact, 'refused', JSON.stringify(plan.body));
    assert.equal(step.rowCount, 1);
    const refused = await put('contract', narrow);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error.details[0].path, 'contract.attachments');
    for (const change of [{ accept: ['.dwg'] }, { maxSize: 10 }]) {
      const r = await put('contract', { extends: 'contract', overrides: { attachments: change } });
      assert.equal(r.status, 409, `${JSON.stringify(change)}: ${JSON.stringify(r.body)}`);
    }
    const ok = await put('contract', { extends: 'contract', overrides: { attachments: { maxFiles: 2, maxSize: 5 * 1024 * 1024, accept: ['application/pdf', '.dwg'] } } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const field = (await app.get('/api/meta/entities/contract')).body.fields.find((f: Doc) => f.name === 'attachments');
    assert.deepEqual([field.maxFiles, field.maxSize, field.accept], [2, 5 * 1024 * 1024, ['application/pdf', '.dwg']]);
    const third = await fetch(`${app.url}/api/records/contract/${contract.id}/files/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/pdf', 'x-file-name': 'third.pdf' },
      body: Buffer.from('%PDF-1.4\n'),
    });
    assert.equal(third.status, 422, 'the new maxFiles holds for uploads');
    const wrong = await put('customer', { extends: 'customer', fields: FIELDS, overrides: { name: { maxFiles: 3 } } });
    assert.ok(pointers(wrong).includes(`${FILE} /overrides/name/maxFiles`), JSON.stringify(wrong.body));
  });

  it('overrides a shipped autonumber\'s template and reset, refusing one whose next number a record holds', async () => {
    const field = async () => (await app.get('/api/meta/entities/customer')).body.fields.find((f: Doc) => f.name === 'customer_no');
    assert.equal((await field()).template, 'KH-{{seq 5}}', 'the designer sees the template');
    const yearly = await put('customer', { extends: 'customer', fields: FIELDS, overrides: { customer_no: { reset: 'yearly' } } }, true);
    const step = planned(yearly, 'change_numbering', 'customer_no');
    assert.equal(step?.impact, 'refused', JSON.stringify(yearly.body));
    assert.match(step.reason, /KH-00001/);
    const badTemplate = await put('customer', { extends: 'customer', fields: FIELDS, overrides: { customer_no: { template: 'KH-{{nope 3}}' } } }, true);
    assert.ok(pointers(badTemplate).some((p: string) => p.startsWith(`${FILE} /overrides/customer_no/template`)), JSON.stringify(badTemplate.body));
    const doc = { extends: 'customer', fields: FIELDS, overrides: { customer_no: { template: 'KH{{date "YYYY"}}-{{seq 4}}', reset: 'yearly' } } };
    const r = await put('customer', doc);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((await field()).reset, 'yearly');
    const created = await app.post('/api/records/customer', { name: '编号规则测试客户' });
    assert.match(created.body.customer_no, /^KH\d{4}-0001$/);
  });
});
