// The form layout and menu designers' documents: an admin form replaces an entity's layout and an admin menu
// arranges the menu, live for every user on their next request and within their rights; refusals name the admin
// file and JSON pointer and change nothing; removing the document restores the shipped layout and menu.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPluginRoot, PROJECT_ROOT } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

interface Tab {
  id: string;
  sections: { id: string; fields: string[]; visibleWhen?: unknown }[];
}
interface Item {
  id: string;
  labels?: Record<string, string>;
  entity?: string;
  page?: string;
  hidden?: boolean;
  children?: Item[];
}

const labels = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const shippedTabs = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'metadata/forms/customer.json'), 'utf8')) as { tabs: Tab[] }).tabs;
const layout = {
  entity: 'customer',
  tabs: [
    {
      id: 'main',
      labels: labels('主要信息', 'Main'),
      sections: [
        { id: 'key', labels: labels('关键信息', 'Key facts'), columns: 3, fields: ['grade', 'name', 'industry'] },
        { id: 'money', labels: labels('资金', 'Money'), columns: 1, visibleWhen: { '==': [{ var: 'grade' }, 'A'] }, fields: ['credit_limit'] },
      ],
    },
  ],
};
const problemsOf = (body: { error: { details: { file?: string; pointer?: string }[] } }) => body.error.details.map((d) => `${d.file} ${d.pointer}`);
const ids = (items: Item[]) => items.map((i) => i.id);

describe('http/admin form layouts and menus: replace, restore, refuse', function () {
  this.timeout(120_000);
  let app: PluginServer;
  let sales1: string;
  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: [] }));
    sales1 = String((await app.send('POST', '/api/auth/login', { username: 'sales1', password: 'demo1234' }, '')).body.token);
  });
  after(() => app?.close());
  const meta = async (entity: string) => (await app.send('GET', `/api/meta/entities/${entity}`, undefined, sales1)).body as { layout: Tab[]; schema: { properties: Record<string, unknown> } };
  const menu = async () => (await app.send('GET', '/api/meta/menus', undefined, sales1)).body.data as Item[];

  it("replaces an entity's layout for every user at once: order, columns, conditions; unplaced fields stay on the form", async () => {
    const r = await app.send('PUT', '/api/admin/metadata/forms/customer', layout);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.applied, true);
    const seen = await meta('customer');
    assert.deepEqual(seen.layout.map((t) => t.id), ['main']);
    assert.deepEqual(seen.layout[0]!.sections[0]!.fields, ['grade', 'name', 'industry']);
    assert.deepEqual(seen.layout[0]!.sections[1]!.visibleWhen, { '==': [{ var: 'grade' }, 'A'] });
    // Not placed, still a form input: the form shows it in its 其他 section.
    assert.ok('phone' in seen.schema.properties);
  });

  for (const [what, fields, pointer, message] of [
    ['an unknown field', ['grade', 'name', 'no_such_field'], '/tabs/0/sections/0/fields/2', /unknown field \\"no_such_field/],
    ['a field placed twice', ['grade', 'name', 'credit_limit'], '/tabs/0/sections/1/fields/0', /already placed/],
  ] as const) {
    it(`refuses ${what} with admin:forms/customer and its pointer, and keeps the layout`, async () => {
      const doc = structuredClone(layout);
      doc.tabs[0]!.sections[0]!.fields = [...fields];
      const r = await app.send('PUT', '/api/admin/metadata/forms/customer', doc);
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.ok(problemsOf(r.body).includes(`admin:forms/customer ${pointer}`), JSON.stringify(r.body.error.details));
      assert.match(JSON.stringify(r.body.error.details), message);
      assert.deepEqual((await app.get('/api/admin/metadata/forms/customer')).body.doc, layout);
      assert.deepEqual((await meta('customer')).layout[0]!.sections[0]!.fields, ['grade', 'name', 'industry']);
    });
  }

  it('refuses a form saved under another entity\'s name', async () => {
    const r = await app.send('PUT', '/api/admin/metadata/forms/contact', layout);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(problemsOf(r.body).includes('admin:forms/contact /entity'), JSON.stringify(r.body.error.details));
  });

  it('restores the shipped layout when the admin form is removed', async () => {
    assert.equal((await app.send('DELETE', '/api/admin/metadata/forms/customer')).status, 200);
    assert.deepEqual((await meta('customer')).layout.map((t) => t.id), shippedTabs.map((t) => t.id));
  });

  const arranged = {
    items: [
      { id: 'sales' },
      {
        id: 'crm',
        labels: labels('客户中心', 'Customer centre'),
        children: [{ id: 'crm.customer', labels: labels('我的客户', 'My customers') }, { id: 'crm.quote_shortcut', labels: labels('报价快捷入口', 'Quotes'), entity: 'quote' }],
      },
      { id: 'service', children: [{ id: 'service.knowledge_article', hidden: true }] },
      { id: 'system', children: [{ id: 'system.customer_admin', labels: labels('客户(管理)', 'Customers (admin)'), entity: 'customer' }] },
    ],
  };

  it('arranges the menu for every user at once: group order, labels, new and hidden entries, within their rights', async () => {
    const before = await menu();
    const r = await app.send('PUT', '/api/admin/metadata/menus/main', arranged);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const after = await menu();
    // Arranged groups first, the others after them in their shipped order; sales1 holds no 系统管理.
    assert.deepEqual(ids(after), ['sales', 'crm', 'service', ...ids(before).filter((id) => !['sales', 'crm', 'service', 'system'].includes(id))]);
    const crm = after.find((i) => i.id === 'crm')!;
    assert.equal(crm.labels!['zh-CN'], '客户中心');
    assert.deepEqual(ids(crm.children!).slice(0, 2), ['crm.customer', 'crm.quote_shortcut']);
    assert.equal(crm.children![0]!.labels!['zh-CN'], '我的客户');
    assert.deepEqual(ids(crm.children!).slice(2), ids(before.find((i) => i.id === 'crm')!.children!).filter((id) => id !== 'crm.customer'));
    assert.ok(!JSON.stringify(after).includes('knowledge_article'));
    assert.ok(!JSON.stringify(after).includes('customer_admin'));
    const whole = await app.get('/api/admin/menus');
    assert.equal(whole.status, 200);
    const service = (whole.body.data as Item[]).find((i) => i.id === 'service')!;
    assert.equal(service.children!.find((c) => c.id === 'service.knowledge_article')!.hidden, true);
    assert.equal((await app.send('GET', '/api/admin/menus', undefined, sales1)).status, 403);
  });

  for (const [what, entry, pointer] of [
    ['an entry opening an unknown entity', { id: 'crm.nowhere', labels: labels('无', 'None'), entity: 'no_such_entity' }, '/items/1/children/1/entity'],
    ['an entry opening an unknown page', { id: 'crm.nowhere', labels: labels('无', 'None'), page: 'no_such_page' }, '/items/1/children/1/page'],
    ['an entry opening nothing', { id: 'crm.nowhere', labels: labels('无', 'None') }, '/items/1/children/1'],
  ] as const) {
    it(`refuses ${what} with admin:menus/main and its pointer, and keeps the menu`, async () => {
      const doc = structuredClone(arranged) as { items: Item[] };
      doc.items[1]!.children![1] = entry;
      const r = await app.send('PUT', '/api/admin/metadata/menus/main', doc);
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.ok(problemsOf(r.body).includes(`admin:menus/main ${pointer}`), JSON.stringify(r.body.error.details));
      assert.deepEqual((await app.get('/api/admin/metadata/menus/main')).body.doc, arranged);
      assert.deepEqual(ids(await menu()).slice(0, 2), ['sales', 'crm']);
    });
  }

  it('restores the shipped menu when the admin menu is removed', async () => {
    assert.equal((await app.send('DELETE', '/api/admin/metadata/menus/main')).status, 200);
    const shipped = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'metadata/menus/main.json'), 'utf8')) as { items: Item[] }).items;
    assert.deepEqual(ids(await menu()), ids(shipped).filter((id) => id !== 'system'));
  });
});
