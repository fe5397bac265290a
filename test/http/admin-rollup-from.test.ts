// What the entity designer's rollup `from` and default settings send, through the admin field API: a rollup over the
// records pointing at a customer (`from` contact via customer) keeping only some of them (`where`), computed for the
// customers that exist and kept up to date when those records are written as lines of a new customer too; a lines
// field's default lines and a json field's default given to a new record; and bad ones refused at their pointers
// with nothing changed.
import assert from 'node:assert/strict';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';
import type { Reply } from '../helpers/test-server.ts';

type Doc = Record<string, any>;
const labels = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const FIELDS = {
  contacts: {
    type: 'children',
    labels: labels('联系人明细', 'Contact lines'),
    target: 'contact',
    foreignKey: 'customer',
    default: [{ name: '采购部', dept_name: '采购部', phone: '0512-66000000' }],
  },
  reachable_contacts: {
    type: 'rollup',
    labels: labels('有手机的联系人数', 'Contacts with a mobile'),
    from: { entity: 'contact', via: 'customer' },
    where: { '!=': [{ var: 'mobile' }, null] },
    aggregate: 'count',
    resultType: 'integer',
  },
  profile: { type: 'json', labels: labels('扩展资料', 'Profile data'), default: { 等级: 1, 标签: ['机床'] } },
};

describe('http/admin rollup from and defaults: records pointing here, default lines and a json default', function () {
  this.timeout(240_000);
  let app: PluginServer;
  const put = (doc: object, dryRun = false) => app.send('PUT', `/api/admin/metadata/extensions/customer${dryRun ? '?dry_run=true' : ''}`, doc);
  const pointers = (r: Reply) => (r.body.error?.details ?? []).map((d: Doc) => d.pointer).sort();
  const withMobile = async (customer: string) =>
    (await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('contact')} where customer = ? and mobile is not null`, [customer]))[0]!.n;

  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: [] }));
  });
  after(() => app?.close());

  it('refuses a from naming a ref that does not point here and a default line naming an unknown field, changing nothing', async () => {
    const bad = {
      extends: 'customer',
      fields: {
        ...FIELDS,
        contacts: { ...FIELDS.contacts, default: [{ name: '前台', no_such_field: 1 }] },
        reachable_contacts: { ...FIELDS.reachable_contacts, from: { entity: 'contact', via: 'reports_to' } },
      },
    };
    const r = await put(bad);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(pointers(r), ['/fields/contacts/default/0/no_such_field', '/fields/reachable_contacts/from/via']);
    assert.equal((await app.get('/api/admin/metadata/extensions/customer')).status, 404);
    assert.equal((await app.get('/api/meta/entities/customer')).body.fields.some((f: Doc) => f.name === 'reachable_contacts'), false);
  });

  it('plans and adds the rollup computed for the customers that exist', async () => {
    const plan = await put({ extends: 'customer', fields: FIELDS }, true);
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    assert.ok(plan.body.plan.steps.some((s: Doc) => s.action === 'compute_formula' && s.column === 'reachable_contacts'), JSON.stringify(plan.body.plan));
    const r = await put({ extends: 'customer', fields: FIELDS });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [held] = await app.sql<{ id: string }>(`select customer as id from ${app.table('contact')} where mobile is not null group by customer order by count(*) desc limit 1`);
    assert.equal((await app.get(`/api/records/customer/${held!.id}`)).body.reachable_contacts, await withMobile(held!.id));
  });

  it('counts the lines a new customer is created with, which are the records pointing at it', async () => {
    const created = await app.post('/api/records/customer', {
      name: '常州精工减速机有限公司',
      contacts: [{ name: '王工', mobile: '13800000001' }, { name: '李经理', phone: '0519-88000000' }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.reachable_contacts, 1);
    assert.equal((await app.get(`/api/records/customer/${created.body.id}`)).body.reachable_contacts, 1);
    const added = await app.post('/api/records/contact', { customer: created.body.id, name: '赵工', mobile: '13800000003' });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal((await app.get(`/api/records/customer/${created.body.id}`)).body.reachable_contacts, 2);
  });

  it('gives a customer created without them the default lines and the json default', async () => {
    const created = await app.post('/api/records/customer', { name: '无锡数控刀具有限公司' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const got = await app.get(`/api/records/customer/${created.body.id}?expand=contacts`);
    assert.deepEqual(got.body.contacts.map((c: Doc) => [c.name, c.dept_name, c.phone]), [['采购部', '采购部', '0512-66000000']]);
    assert.deepEqual(got.body.profile, { 等级: 1, 标签: ['机床'] });
    assert.equal(got.body.reachable_contacts, 0);
  });
});
