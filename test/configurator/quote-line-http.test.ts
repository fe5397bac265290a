// A configured item on a quote, through the records API under a sales user's own rights: the line holds model code,
// spec text, price, series and template version instead of a catalogue product, keeps them when the template is
// edited later, and a line with neither a product nor a model code is refused with a message naming both.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

const seed = JSON.parse(readFileSync(new URL('../../plugins/instrument-selection/seed/demo.json', import.meta.url), 'utf8'));
const TEMPLATE = seed.records.configurator_template.find((t: { code: string }) => t.code === '3051C').document;
const CHOICES = { type: 'D', range: '2', output: 'A', flange: '2', diaphragm: '2', oring: 'A', fill: '1', housing: 'A', options: ['B4', 'M5'] };

describe('configurator/quote lines: a configured item on a quote', function () {
  this.timeout(180_000);
  let app: DemoApp;
  let customer: string;
  before(async () => {
    app = await startDemoApp();
    assert.equal((await app.as('admin').get('/api/configurator/templates/3051C')).status, 404);
    const put = await app.send('PUT', '/api/configurator/templates/3051C', TEMPLATE, { as: 'admin' });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    customer = (await app.as('sales1').get('/api/records/customer?limit=1&sort=name')).body.data[0].id;
  });
  after(() => app?.close());

  it('stores model code, spec, price and template version on a new quote\'s line, and keeps them when the template changes', async () => {
    const configured = await app.as('sales1').post('/api/configurator/configure', { template: '3051C', choices: CHOICES, quantity: 3, customer });
    assert.equal(configured.status, 200, JSON.stringify(configured.body));
    const c = configured.body;
    const line = {
      line_no: 1,
      model_code: c.model_code,
      specification: c.spec.map((s: { label: string; option: string; text: string }) => `${s.label}:${s.option} ${s.text}`).join('\n'),
      quantity: 3,
      unit_price: c.unit_price,
      config_template: c.template,
      template_version: c.template_version,
    };
    const created = await app.as('sales1').post('/api/records/quote?expand=lines', { subject: '选型报价', customer, quote_date: '2026-12-05', lines: [line] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const [stored] = created.body.lines;
    assert.equal(stored.model_code, c.model_code);
    assert.equal(stored.product, null);
    assert.equal(stored.unit_price, c.unit_price);
    assert.equal(stored.template_version, c.template_version);
    assert.equal(created.body.subtotal, Number((c.unit_price * 3).toFixed(2)));

    // A later price change of the series leaves the quote as it was sent.
    const doc = (await app.as('admin').get('/api/configurator/templates/3051C')).body;
    assert.equal((await app.send('PUT', '/api/configurator/templates/3051C', { ...doc, base_price: '99999' }, { as: 'admin' })).status, 200);
    const again = (await app.as('sales1').get(`/api/records/quote/${created.body.id}?expand=lines`)).body;
    assert.equal(again.lines[0].unit_price, c.unit_price);
    assert.equal(again.lines[0].template_version, c.template_version);
    const repriced = (await app.as('sales1').post('/api/configurator/configure', { template: '3051C', choices: CHOICES })).body;
    assert.ok(repriced.template_version > c.template_version);
  });

  it('adds a configured line to an existing quote beside its product lines', async () => {
    const product = (await app.as('sales1').get('/api/records/product?limit=1')).body.data[0].id;
    const quote = (await app.as('sales1').post('/api/records/quote?expand=lines', { subject: '混合报价', customer, quote_date: '2026-12-05', lines: [{ line_no: 1, product, quantity: 1, unit_price: 1000 }] })).body;
    const code = (await app.as('sales1').post('/api/configurator/configure', { template: '3051C', choices: CHOICES })).body;
    const patched = await app.as('sales1').patch(`/api/records/quote/${quote.id}?expand=lines`, {
      version: quote.version,
      lines: [{ id: quote.lines[0].id }, { line_no: 2, model_code: code.model_code, quantity: 2, unit_price: code.unit_price, config_template: '3051C', template_version: code.template_version }],
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual(patched.body.lines.map((l: { product: string | null; model_code: string | null }) => [!!l.product, l.model_code]).sort(), [[false, code.model_code], [true, null]]);
  });

  it('refuses a line with neither a product nor a model code, saying so at the line\'s product, and stores nothing', async () => {
    const r = await app.as('sales1').post('/api/records/quote', { subject: '空明细报价', customer, quote_date: '2026-12-05', lines: [{ line_no: 1, quantity: 1, unit_price: 10 }] });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(r.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]), [['/lines/0/product', '请选择产品或填写型号']]);
    assert.equal((await app.sql(`select 1 from ${app.table('quote')} where subject = ?`, ['空明细报价'])).length, 0);
  });
});
