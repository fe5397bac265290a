// Configure and options over HTTP with prices worked out by hand: fixed and percent adders, range against slab tiers
// at quantities 1, 5 and 12, a customer's discount after the tier, a contracted price for one exact model code; and
// every bad input answered 422 with its path, nothing stored.
import assert from 'node:assert/strict';
import { entity, modelOf } from '../helpers/model-builder.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const CUSTOMER = '7d3c1a52-0b7e-4a43-9d55-2f0c6c1e9a01';
const OTHER = '0a4b1e2c-3d4f-4a5b-8c6d-7e8f9a0b1c2d';

const PX = {
  code: 'PX',
  labels: L('价格测试', 'Price test'),
  base_price: '1000.00',
  currency: 'CNY',
  segments: [
    { code: 'a', labels: L('甲', 'A'), options: [{ code: 'X', labels: L('X', 'X'), price: { add: '150.50' } }, { code: 'Y', labels: L('Y', 'Y'), price: { percent: '12.5' } }] },
    { code: 'b', labels: L('乙', 'B'), required: false, multiple: true, options: [{ code: 'P', labels: L('P', 'P'), price: { add: 20 } }, { code: 'Q', labels: L('Q', 'Q'), price: { percent: 1.25 } }] },
  ],
  parameters: [{ code: 't', labels: L('温度', 'Temperature'), type: 'number', unit: '°C', min: -20, max: 150 }],
  rules: [{ code: 'q_only_y', kind: 'availability', segment: 'b', option: 'Q', when: { '==': [{ var: 'a' }, 'Y'] }, message: L('Q 仅配 Y', 'Q only with Y') }],
  tiers: { mode: 'range', steps: [{ min: 1, percent: '0' }, { min: 5, percent: '5' }, { min: 10, percent: '8' }] },
};
const FULL = { a: 'Y', b: ['Q', 'P'] };

describe('configurator/configure over HTTP: prices by hand, and every bad input refused', function () {
  this.timeout(120_000);
  let s: TestServer;
  before(async () => {
    s = await startTestServer(modelOf([entity('widget')]), 'cfgcfg');
    assert.equal((await s.request('PUT', '/api/configurator/templates/PX', PX)).status, 200);
  });
  after(() => s?.close());

  const configure = (body: Record<string, unknown>) => s.request('POST', '/api/configurator/configure', { template: 'PX', ...body });
  const price = async (quantity: number, extra: Record<string, unknown> = {}) => {
    const r = await configure({ choices: FULL, quantity, ...extra });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return [r.body.list_price, r.body.total, r.body.unit_price];
  };
  const setMode = async (mode: 'range' | 'slab') => {
    const current = (await s.request('GET', '/api/configurator/templates/PX')).body;
    assert.equal((await s.request('PUT', '/api/configurator/templates/PX', { ...current, tiers: { ...PX.tiers, mode } })).status, 200);
  };

  it('adds fixed and percent-of-base adders: 1000 + 150.50 = 1150.50; 1000 + 125 + 20 + 12.50 = 1157.50', async () => {
    const fixed = await configure({ choices: { a: 'X' } });
    assert.deepEqual([fixed.body.model_code, fixed.body.list_price, fixed.body.total, fixed.body.unit_price], ['PXX', 1150.5, 1150.5, 1150.5]);
    const r = await configure({ choices: FULL });
    assert.equal(r.body.model_code, 'PXY/P/Q', 'a multiple segment prints in the order the template lists its options');
    assert.deepEqual(r.body.breakdown.filter((b: { step: string }) => b.step === 'option').map((b: { amount: number }) => b.amount), [125, 20, 12.5]);
    assert.equal(r.body.list_price, 1157.5);
  });

  it('range: the step reached prices every unit (1 → 1157.50; 5 → ×0.95; 12 → ×0.92)', async () => {
    await setMode('range');
    assert.deepEqual(await price(1), [1157.5, 1157.5, 1157.5]);
    // 1157.50 × 5 × 0.95 = 5498.125 → 5498.13; / 5 = 1099.626 → 1099.63
    assert.deepEqual(await price(5), [1157.5, 5498.13, 1099.63]);
    // 1157.50 × 12 × 0.92 = 12778.80; / 12 = 1064.90
    assert.deepEqual(await price(12), [1157.5, 12778.8, 1064.9]);
  });

  it('slab: each unit at its step (units 1-4 full, 5-9 at 5 %, 10+ at 8 %), rounded half-up only at the end', async () => {
    await setMode('slab');
    assert.deepEqual(await price(1), [1157.5, 1157.5, 1157.5]);
    // 4 × 1157.50 + 1 × 1099.625 = 5729.625 → 5729.63; / 5 = 1145.926 → 1145.93
    assert.deepEqual(await price(5), [1157.5, 5729.63, 1145.93]);
    // 4630 + 5 × 1099.625 + 3 × 1064.90 = 13322.825 → 13322.83 (half-up); / 12 = 1110.2358… → 1110.24
    assert.deepEqual(await price(12), [1157.5, 13322.83, 1110.24]);
    await setMode('range');
  });

  it("applies the customer's discount after the tier, and a contracted price for the exact model code instead of both", async () => {
    const term = async (values: Record<string, unknown>) => {
      const r = await s.request('POST', '/api/records/configurator_term', { customer: CUSTOMER, template: 'PX', ...values });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    };
    await term({ discount_percent: 10 });
    await term({ model_code: 'PXY/P/Q', contract_price: 999.99 });
    // range, 12 units: 12778.80 × 0.90 = 11500.92; / 12 = 958.41
    const other = await configure({ choices: { a: 'Y', b: ['P'] }, quantity: 12, customer: CUSTOMER });
    // 1000 + 125 + 20 = 1145 × 12 × 0.92 = 12640.80 × 0.9 = 11376.72; / 12 = 948.06
    assert.deepEqual([other.body.total, other.body.unit_price], [11376.72, 948.06]);
    assert.deepEqual(other.body.breakdown.map((b: { step: string }) => b.step), ['base', 'option', 'option', 'list_price', 'quantity', 'tier', 'customer_discount', 'total']);
    // The contracted model: 999.99 × 12 = 11999.88, no tier, no discount.
    assert.deepEqual(await price(12, { customer: CUSTOMER }), [1157.5, 11999.88, 999.99]);
    assert.deepEqual(await price(12, { customer: OTHER }), [1157.5, 12778.8, 1064.9], 'another customer has no terms');
  });

  it('refuses every bad input with its path: unknown template, segment, option, a non-array multiple, quantities, parameters', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ template: 'NOPE', choices: FULL }, '/template'],
      [{ choices: { ...FULL, zz: 'X' } }, '/choices/zz'],
      [{ choices: { a: 'W' } }, '/choices/a'],
      [{ choices: { a: 'Y', b: 'P' } }, '/choices/b'],
      [{ choices: {} }, '/choices/a'],
      [{ choices: FULL, quantity: 0 }, '/quantity'],
      [{ choices: FULL, quantity: 1e9 }, '/quantity'],
      [{ choices: FULL, quantity: 1.5 }, '/quantity'],
      [{ choices: FULL, parameters: { t: 151 } }, '/parameters/t'],
      [{ choices: FULL, parameters: { t: 'hot' } }, '/parameters/t'],
      [{ choices: FULL, parameters: { pressure: 1 } }, '/parameters/pressure'],
      [{ choices: { a: 'X', b: ['Q'] } }, '/choices/b'],
      [{ choices: FULL, customer: 'not-an-id' }, '/customer'],
    ];
    for (const [body, path] of cases) {
      const r = await configure(body);
      assert.equal(r.status, 422, `${JSON.stringify(body)} → ${r.status}`);
      assert.ok(r.body.error.details.some((d: { path: string }) => d.path === path), `${JSON.stringify(body)}: ${JSON.stringify(r.body.error.details)}`);
    }
    const refused = await configure({ choices: { a: 'X', b: ['Q'] } });
    assert.equal(refused.body.error.details[0].rule, 'q_only_y');
    const terms = await s.request('GET', '/api/records/configurator_term?count=exact');
    assert.equal(terms.body.count, 2, 'configure never writes');
  });

  it('lists options for a partial configuration: disabled ones with their rule and reason, parameters with ranges', async () => {
    const open = await s.request('POST', '/api/configurator/options', { template: 'PX', choices: {} });
    assert.equal(open.status, 200, JSON.stringify(open.body));
    assert.ok(open.body.segments[1].options.every((o: { available: boolean }) => o.available), 'nothing is disabled before the segment it depends on is chosen');
    const x = await s.request('POST', '/api/configurator/options', { template: 'PX', choices: { a: 'X' } });
    const q = x.body.segments[1].options.find((o: { code: string }) => o.code === 'Q');
    assert.deepEqual([q.available, q.rule, q.reason], [false, 'q_only_y', 'Q 仅配 Y']);
    assert.deepEqual(x.body.parameters[0], PX.parameters[0]);
    const en = await s.request('POST', '/api/configurator/options?lang=en', { template: 'PX', choices: { a: 'X' } }, { authorization: `Bearer ${s.token}`, 'accept-language': 'en' });
    assert.equal(en.body.segments[1].options[1].reason, 'Q only with Y');
    const bad = await s.request('POST', '/api/configurator/options', { template: 'PX', choices: { a: 'W' } });
    assert.deepEqual([bad.status, bad.body.error.details[0].path], [422, '/choices/a']);
  });
});
