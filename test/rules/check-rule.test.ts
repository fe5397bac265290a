import assert from 'node:assert/strict';
import { checkRule, type RuleField, type RuleScope, type ValueKind } from '../../engine/rules/index.ts';

const FIELDS: Record<string, ValueKind> = {
  amount: 'number',
  quantity: 'number',
  price: 'number',
  name: 'string',
  due_date: 'date',
  signed_at: 'datetime',
  vip: 'boolean',
  tags: 'string_array',
  extra: 'json',
  customer: 'uuid',
  owner: 'uuid',
};
const scope: RuleScope = {
  fields: new Map<string, RuleField>(Object.entries(FIELDS).map(([n, kind]) => [n, { kind, column: `"c"."${n}"` }])),
  variables: new Map<string, ValueKind>([['$user.id', 'uuid'], ['$user.departments_below', 'string_array']]),
};
const pointers = (rule: unknown, purpose: 'filter' | 'condition' | 'formula' = 'filter') => checkRule(rule, scope, { purpose }).map((p) => p.pointer);
const only = (rule: unknown, purpose: 'filter' | 'condition' | 'formula' = 'filter') => {
  const problems = checkRule(rule, scope, { purpose });
  assert.equal(problems.length, 1, JSON.stringify(problems));
  return problems[0]!;
};

describe('rules/checkRule', () => {
  it('accepts typical filters, permission scopes and guards', () => {
    const rules = [
      { and: [{ '>=': [{ var: 'amount' }, 1000] }, { contains: [{ var: 'name' }, 'acme'] }] },
      { '==': [{ var: 'name' }, { var: '$user.id' }] },
      { in: [{ var: 'name' }, { var: '$user.departments_below' }] },
      { '<': [{ var: 'due_date' }, { date_add: [{ today: [] }, 7, 'day'] }] },
      { '<=': ['2024-01-01', { var: 'due_date' }, '2024-12-31'] },
      { if: [{ var: 'vip' }, { '>': [{ var: 'amount' }, 0] }, { missing: ['name'] }] },
      { '!': { in: ['hot', { var: 'tags' }] } },
      { '<=': [{ var: 'quantity' }, { var: 'price' }] },
    ];
    for (const rule of rules) assert.deepEqual(checkRule(rule, scope, { purpose: 'filter' }), [], JSON.stringify(rule));
  });

  it('accepts arithmetic over fields in a formula and refuses it in a filter, pointing at the operator', () => {
    const formula = { '*': [{ var: 'quantity' }, { var: 'price' }] };
    assert.deepEqual(checkRule(formula, scope, { purpose: 'formula' }), []);
    const rule = { '>': [formula, 100] };
    const problem = only(rule);
    assert.equal(problem.pointer, '/>/0');
    assert.match(problem.message, /"\*" over fields can only be evaluated in memory/);
    assert.deepEqual(checkRule({ if: [{ var: 'vip' }, { cat: [{ var: 'name' }, '!'] }, { substr: [{ var: 'name' }, 0, 3] }] }, scope, { purpose: 'formula' }), []);
  });

  it('refuses an unknown operator at its key', () => {
    assert.deepEqual(pointers({ and: [{ '==': [1, 1] }, { regex: [{ var: 'name' }, '.*'] }] }), ['/and/1/regex']);
    assert.match(only({ log: 'x' }).message, /unknown operator "log"/);
    assert.equal(only({ filter: [{ var: 'tags' }, true] }).pointer, '/filter');
  });

  it('refuses an unknown field at the var name, with the known names as expected', () => {
    const problem = only({ and: [{ '>': [{ var: 'amount' }, 1] }, { '==': [{ var: 'colour' }, 'red'] }] });
    assert.equal(problem.pointer, '/and/1/==/0/var');
    assert.match(problem.message, /unknown field "colour"/);
    assert.match(problem.expected!, /amount, quantity/);
    assert.equal(only({ '!': { var: 'nope' } }).pointer, '/!/var');
    assert.equal(only({ var: ['nope', 1] }, 'formula').pointer, '/var/0');
    assert.equal(only({ missing: ['name', 'nope'] }).pointer, '/missing/1');
    assert.equal(only({ missing_some: [1, ['name', 'nope']] }).pointer, '/missing_some/1/1');
    assert.equal(only({ '==': [{ var: '$user.secret' }, 1] }).pointer, '/==/0/var');
  });

  it('refuses __proto__, constructor and prototype in var paths and as object keys', () => {
    assert.deepEqual(pointers({ var: 'name.__proto__' }), ['/var']);
    assert.deepEqual(pointers({ '==': [{ var: ['constructor'] }, 1] }), ['/==/0/var/0']);
    assert.deepEqual(pointers({ missing: ['prototype'] }), ['/missing/0']);
    assert.deepEqual(pointers(JSON.parse('{"and": [{"__proto__": {"var": "name"}}]}')), ['/and/0/__proto__']);
    assert.deepEqual(pointers({ or: [true, { constructor: [1] }] }), ['/or/1/constructor']);
  });

  it('refuses nodes that are not one-key operator objects', () => {
    assert.deepEqual(pointers({ and: [{}, { '==': [1, 1], '!=': [1, 2] }] }), ['/and/0', '/and/1']);
  });

  it('refuses a rule nested deeper than 12 levels at the first level too deep', () => {
    let rule: unknown = { var: 'vip' };
    for (let i = 0; i < 11; i++) rule = { '!': [rule] };
    assert.deepEqual(checkRule(rule, scope), [], '12 levels are fine');
    rule = { '!': [rule] };
    const problem = only(rule);
    assert.equal(problem.pointer, `${'/!/0'.repeat(12)}`);
    assert.match(problem.message, /deeper than 12/);
  });

  it('refuses a rule with more than 500 parts, long text and long arrays, pointing at the offender', () => {
    const big = { or: Array.from({ length: 300 }, (_, i) => ({ '==': [{ var: 'amount' }, i] })) };
    const problem = only(big);
    assert.match(problem.message, /more than 500 parts/);
    assert.match(problem.pointer, /^\/or\/\d+/);
    assert.equal(only({ '==': [{ var: 'name' }, 'x'.repeat(1001)] }).pointer, '/==/1');
    assert.equal(only({ in: [{ var: 'amount' }, Array.from({ length: 1001 }, (_, i) => i)] }).pointer, '/in/1');
    assert.deepEqual(checkRule({ in: [{ var: 'amount' }, Array.from({ length: 1000 }, (_, i) => i)] }, scope), [], 'a 1000-item list is one part');
  });

  it('reports every problem, not only the first', () => {
    const rule = { and: [{ '==': [{ var: 'nope' }, 1] }, { foo: [] }, { '<': [{ var: 'name' }, 5] }, { '>': [1, 2, 3] }] };
    assert.deepEqual(pointers(rule), ['/and/0/==/0/var', '/and/1/foo', '/and/3/>', '/and/2/</1']);
  });

  it('refuses shapes the SQL compiler cannot give the same meaning, each with a reason', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ '<': [{ var: 'name' }, 5] }, '/</1', /text field compares with text only/],
      [{ '==': [{ var: 'amount' }, [1, 2]] }, '/==/1', /compares with a single value/],
      [{ '<': [{ var: 'name' }, { var: 'name' }] }, '/<', /cannot be ordered/],
      [{ '==': [{ var: 'amount' }, { var: 'name' }] }, '/==', /number field cannot be compared with a string field/],
      [{ '>': [{ var: ['amount', 0] }, 1] }, '/>/0/var', /default value in var never applies/],
      [{ '==': [{ var: 'extra' }, 1] }, '/==/0/var', /holds JSON/],
      [{ '>': [{ var: 'tags' }, 'a'] }, '/>/1', /multi-select/],
      [{ in: [{ var: 'name' }, { var: 'name' }] }, '/in', /between two fields/],
      [{ in: ['x', { var: 'amount' }] }, '/in/1', /text or multi-select field/],
      [{ contains: [{ var: 'amount' }, 'x'] }, '/contains/0', /needs a text field/],
      [{ '>': [{ date_add: [{ var: 'due_date' }, 1, 'day'] }, { today: [] }] }, '/>/0', /"date_add" over fields/],
      [{ and: [{ cat: [{ var: 'name' }, 'x'] }] }, '/and/0/cat', /cannot be used as a condition/],
      [{ missing: { merge: ['name'] } }, '/missing', /literal text/],
    ];
    for (const [rule, pointer, message] of cases) {
      const problem = only(rule);
      assert.equal(problem.pointer, pointer, JSON.stringify(rule));
      assert.match(problem.message, message, JSON.stringify(rule));
    }
  });

  it('checks arities and date_add units', () => {
    assert.equal(only({ '==': [1] }).pointer, '/==');
    assert.equal(only({ '!': [true, false] }).pointer, '/!');
    assert.equal(only({ '<': [{ var: 'due_date' }, { date_add: [{ today: [] }, 1, 'fortnight'] }] }).pointer, '/</1/date_add/2');
  });

  describe('reference (uuid) fields', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

    it('accepts equality, membership in a list, null tests, missing and truthiness', () => {
      const rules = [
        { '==': [{ var: 'customer' }, id] },
        { '!=': [{ var: 'owner' }, { var: '$user.id' }] },
        { '===': [id, { var: 'customer' }] },
        { '!==': [{ var: 'customer' }, null] },
        { '==': [{ var: 'customer' }, { var: 'owner' }] },
        { '!=': [{ var: 'owner' }, { var: 'customer' }] },
        { in: [{ var: 'owner' }, [id, null]] },
        { in: [{ var: 'owner' }, { var: '$user.departments_below' }] },
        { missing: ['customer'] },
        { '!': { var: 'customer' } },
        { '!!': [{ var: 'owner' }] },
        // settled at compile time (a stored uuid never equals them), never sent to the database
        { '==': [{ var: 'customer' }, 'not-a-uuid'] },
        { '!=': [{ var: 'customer' }, id.toUpperCase()] },
        { '==': [{ var: 'customer' }, 5] },
        { '===': [{ var: 'customer' }, true] },
      ];
      for (const rule of rules) assert.deepEqual(checkRule(rule, scope, { purpose: 'filter' }), [], JSON.stringify(rule));
    });

    it('refuses ordering, contains, starts_with and substring "in", each with a reason and a pointer', () => {
      const noOrder = /"(customer|owner)" holds record ids \(uuid\), which have no order/;
      const cases: [unknown, string, RegExp][] = [
        [{ '<': [{ var: 'customer' }, id] }, '/</0', noOrder],
        [{ '>': [id, { var: 'customer' }] }, '/>/1', noOrder],
        [{ '>=': [{ var: '$user.id' }, { var: 'owner' }] }, '/>=/1', noOrder],
        [{ '<=': [{ var: 'customer' }, null] }, '/<=/0', noOrder],
        [{ '<': [{ var: 'customer' }, { var: 'owner' }] }, '/</0', noOrder],
        [{ '<=': [id, { var: 'customer' }, id] }, '/<=/1', noOrder], // the between form: reported once
        [{ '<': [{ var: 'amount' }, { var: 'customer' }] }, '/</1', noOrder],
        [{ contains: [{ var: 'customer' }, '0f8f'] }, '/contains/0', /needs a text field, not a uuid field/],
        [{ starts_with: [{ var: 'owner' }, id] }, '/starts_with/0', /needs a text field, not a uuid field/],
        [{ in: [{ var: 'customer' }, `${id},${id}`] }, '/in/0', /never part of a text/],
        [{ in: [{ var: 'customer' }, ''] }, '/in/0', /never part of a text/],
        [{ in: [{ var: 'customer' }, { var: '$user.id' }] }, '/in/0', /never part of a text/],
        [{ in: ['0f8f', { var: 'customer' }] }, '/in/1', /holds one id/],
        [{ '==': [{ var: 'customer' }, { var: 'name' }] }, '/==', /a uuid field cannot be compared with a string field/],
        [{ '==': [{ var: 'customer' }, [id]] }, '/==/1', /compares with a single value/],
      ];
      for (const [rule, pointer, message] of cases) {
        const problem = only(rule);
        assert.equal(problem.pointer, pointer, JSON.stringify(rule));
        assert.match(problem.message, message, JSON.stringify(rule));
      }
      assert.match(only({ '>': [{ var: 'customer' }, id] }).expected!, /==, !=, or "in" a list of ids/);
    });

    it('leaves formulas alone: they run in memory only', () => {
      assert.deepEqual(checkRule({ if: [{ '<': [{ var: 'customer' }, { var: 'owner' }] }, 1, 2] }, scope, { purpose: 'formula' }), []);
    });
  });
});
