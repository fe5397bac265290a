import assert from 'node:assert/strict';
import { evaluateRule, isTruthy, testRule, type RuleContext } from '../../engine/rules/index.ts';

const ctx: RuleContext = { now: new Date('2024-01-31T20:00:00.000Z'), variables: { '$user.id': 'u1', '$user.departments_below': ['d1', 'd2'] } };
const run = (rule: unknown, data: unknown = {}, c: RuleContext = ctx) => evaluateRule(rule, data, c);

describe('rules/evaluateRule', () => {
  describe('truthiness', () => {
    it('follows json-logic: 0, "", null, false and [] are falsy; "0", [0] and {} are truthy', () => {
      for (const v of [0, '', null, false, [], undefined, NaN]) assert.equal(isTruthy(v), false, JSON.stringify(v));
      for (const v of ['0', [0], {}, 1, -1, 'a', true]) assert.equal(isTruthy(v), true, JSON.stringify(v));
    });
  });

  describe('our operators', () => {
    it('contains folds ASCII case only, so "É" and "é" stay different', () => {
      assert.equal(run({ contains: [{ var: 'name' }, 'ACME'] }, { name: 'The acme Co' }), true);
      assert.equal(run({ contains: [{ var: 'name' }, '客户'] }, { name: '大客户A' }), true);
      assert.equal(run({ contains: [{ var: 'name' }, 'é'] }, { name: 'CAFÉ' }), false);
      assert.equal(run({ contains: [{ var: 'name' }, ''] }, { name: '' }), true);
      assert.equal(run({ contains: [{ var: 'name' }, 'a'] }, { name: null }), false);
      assert.equal(run({ contains: [{ var: 'name' }, 5] }, { name: 'a5' }), false, 'only text is searched');
    });

    it('starts_with folds ASCII case only', () => {
      assert.equal(run({ starts_with: [{ var: 'code' }, 'ht-'] }, { code: 'HT-2024' }), true);
      assert.equal(run({ starts_with: [{ var: 'code' }, 'T-'] }, { code: 'HT-2024' }), false);
      assert.equal(run({ starts_with: [{ var: 'code' }, 'ü'] }, { code: 'Über' }), false);
    });

    it('now is the ISO datetime of ctx.now and today is its date in the context time zone', () => {
      assert.equal(run({ now: [] }), '2024-01-31T20:00:00.000Z');
      assert.equal(run({ today: [] }), '2024-02-01', 'Asia/Shanghai is already on Feb 1');
      assert.equal(run({ today: [] }, {}, { ...ctx, timeZone: 'UTC' }), '2024-01-31');
      assert.equal(run({ today: [] }, {}, { ...ctx, timeZone: 'America/Los_Angeles' }), '2024-01-31');
    });

    it('date_add on dates clamps month and year steps to the month end, like PostgreSQL', () => {
      const add = (d: string, n: number, unit: string) => run({ date_add: [d, n, unit] });
      assert.equal(add('2024-01-31', 1, 'month'), '2024-02-29');
      assert.equal(add('2023-01-31', 1, 'month'), '2023-02-28');
      assert.equal(add('2024-03-31', -1, 'month'), '2024-02-29');
      assert.equal(add('2024-02-29', 1, 'year'), '2025-02-28');
      assert.equal(add('2024-12-31', 1, 'day'), '2025-01-01');
      assert.equal(add('2024-01-01', -2, 'week'), '2023-12-18');
      assert.equal(add('2024-01-01', 9, 'hour'), '2024-01-01T01:00:00.000Z', 'local midnight in Shanghai plus 9 hours');
    });

    it('date_add on datetimes steps the wall clock of the zone for calendar units and exact time for hours', () => {
      assert.equal(run({ date_add: [{ now: [] }, 1, 'month'] }), '2024-02-29T20:00:00.000Z');
      assert.equal(run({ date_add: ['2024-01-30T20:00:00.000Z', 1, 'month'] }), '2024-02-28T20:00:00.000Z', 'Jan 31 04:00 in Shanghai');
      assert.equal(run({ date_add: ['2024-01-30T20:00:00.000Z', 1, 'month'] }, {}, { ...ctx, timeZone: 'UTC' }), '2024-02-29T20:00:00.000Z');
      assert.equal(run({ date_add: [{ now: [] }, -90, 'minute'] }), '2024-01-31T18:30:00.000Z');
      assert.equal(run({ date_add: [{ today: [] }, 7, 'day'] }), '2024-02-08');
    });

    it('date_add gives null for values it cannot read instead of guessing', () => {
      for (const args of [['2024-13-01', 1, 'day'], ['yesterday', 1, 'day'], ['2024-01-01', 1.5, 'day'], ['2024-01-01', 1, 'fortnight'], [null, 1, 'day'], ['9999-12-31', 1, 'day']]) {
        assert.equal(run({ date_add: args }), null, JSON.stringify(args));
      }
    });
  });

  describe('variables and var', () => {
    it('reads $variables from the context, null when not given', () => {
      assert.equal(run({ '==': [{ var: 'owner_id' }, { var: '$user.id' }] }, { owner_id: 'u1' }), true);
      assert.equal(run({ in: [{ var: 'department_id' }, { var: '$user.departments_below' }] }, { department_id: 'd2' }), true);
      assert.equal(run({ var: '$user.unknown' }), null);
      assert.equal(run({ var: '$user.id' }, {}, { now: ctx.now }), null);
    });

    it('never reads inherited properties, even through a computed name', () => {
      assert.equal(run({ var: [{ cat: ['constr', 'uctor'] }] }, {}), null);
      assert.equal(run({ var: [{ cat: ['__pro', 'to__'] }] }, {}), null);
      assert.equal(run({ var: 'name.length' }, { name: 'abc' }), 3, 'own properties of values still work');
      assert.equal(run({ var: 'toString' }, {}), null);
    });

    it('refuses prototype names, unknown operators and log before evaluating', () => {
      for (const rule of [{ var: '__proto__' }, { var: 'a.constructor' }, JSON.parse('{"__proto__": {"var": "x"}}'), { log: 'x' }, { 'Math.max': [1] }, { nope: [] }]) {
        assert.throws(() => run(rule), (e: Error & { code?: string }) => e.code === 'BAD_REQUEST', JSON.stringify(rule));
      }
    });

    it('refuses a rule nested deeper than the bound instead of overflowing the stack', () => {
      let rule: unknown = { var: 'x' };
      for (let i = 0; i < 5000; i++) rule = { '!': [rule] };
      assert.throws(() => run(rule), /cannot be evaluated/);
    });
  });

  it('testRule is evaluateRule followed by isTruthy', () => {
    assert.equal(testRule({ missing: ['a'] }, { a: 'x' }, ctx), false);
    assert.equal(testRule({ missing: ['a'] }, { a: '' }, ctx), true);
  });
});
