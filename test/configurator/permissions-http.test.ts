// The configurator under the demo company's roles: templates and customer terms are records, so who may read or
// change them is the ordinary policy: sales configure and see terms, only admins save templates, service has no access.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { seedRecords, type SeedDocument } from '../../engine/seed/index.ts';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

const CHOICES = { type: 'D', range: '2', output: 'A', flange: '2', diaphragm: '2', oring: 'A', fill: '1', housing: 'A', options: ['B4', 'M5'] };

describe('configurator/permissions: the ordinary policy decides', function () {
  this.timeout(120_000);
  let app: DemoApp;
  before(async () => {
    app = await startDemoApp();
    const doc = JSON.parse(readFileSync(new URL('../../plugins/instrument-selection/seed/demo.json', import.meta.url), 'utf8')) as SeedDocument;
    await seedRecords(app.systemContext(), { records: { configurator_template: doc.records.configurator_template! } }, 'plugins/instrument-selection/seed/demo.json');
  });
  after(() => app?.close());

  const put = (user: 'admin' | 'sales1', body: unknown) =>
    fetch(`${app.url}/api/configurator/templates/3051C`, { method: 'PUT', headers: { authorization: `Bearer ${app.tokens[user]}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('lets a salesperson configure with their customer\'s discount, but not change the template', async () => {
    const [customer] = await app.sql<{ id: string }>(`select id from ${app.table('customer')} order by name limit 1`);
    const term = await app.as('admin').post('/api/records/configurator_term', { customer: customer!.id, template: '3051C', discount_percent: 12 });
    assert.equal(term.status, 201, JSON.stringify(term.body));
    const r = await app.as('sales1').post('/api/configurator/configure', { template: '3051C', choices: CHOICES, quantity: 2, customer: customer!.id });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.model_code, '3051CD2A22A1AB4M5');
    // (6800 + 450 + 680) × 2 = 15860, no tier below 5 units, 12 % off = 13956.80
    assert.deepEqual([r.body.list_price, r.body.total, r.body.unit_price], [7930, 13956.8, 6978.4]);
    const template = await (await fetch(`${app.url}/api/configurator/templates/3051C`, { headers: { authorization: `Bearer ${app.tokens.sales1}` } })).json();
    assert.equal((await put('sales1', template)).status, 403);
    assert.equal((await put('admin', template)).status, 200);
  });

  it('refuses a role without the configurator module', async () => {
    const r = await app.as('service1').post('/api/configurator/configure', { template: '3051C', choices: CHOICES });
    assert.equal(r.status, 403);
  });
});
