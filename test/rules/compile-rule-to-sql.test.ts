import assert from 'node:assert/strict';
import { compileRuleToSql, evaluateRule, isTruthy, type RuleField, type RuleScope, type ValueKind } from '../../engine/rules/index.ts';
import { createTestTenant, dropTestTenant } from '../helpers/test-database.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';
import { evaluateRuleInSql } from './sql-literal-row.ts';

const FIELDS: Record<string, ValueKind> = { amount: 'number', name: 'string', due: 'date', at: 'datetime', vip: 'boolean', tags: 'string_array', customer: 'uuid', owner: 'uuid' };
const [U1, U2, U3] = ['0f8fad5b-d9cb-469f-a165-70867728950e', '7c9e6679-7425-40de-944b-e07fc1f90ae7', 'a8098c1a-f86e-11da-bd1a-00112444be1e'] as const;
const scope: RuleScope = {
  fields: new Map<string, RuleField>(Object.entries(FIELDS).map(([n, kind]) => [n, { kind, column: `"c"."${n}"` }])),
  variables: new Map<string, ValueKind>([['$user.id', 'uuid'], ['$user.departments_below', 'string_array']]),
};
const ctx = { now: new Date('2024-01-31T20:00:00.000Z'), variables: { '$user.id': U1, '$user.departments_below': [U2, U3] } };
const compile = (rule: unknown) => compileRuleToSql(rule, scope, ctx);

describe('rules/compileRuleToSql', () => {
  describe('the SQL it writes', () => {
    it('compiles != to IS DISTINCT FROM, because null != 5 is true in JavaScript', () => {
      assert.deepEqual(compile({ '!=': [{ var: 'amount' }, 5] }), { sql: '("c"."amount" IS DISTINCT FROM ?)', bindings: [5] });
    });

    it('adds IS NULL to < only when JavaScript holds the null case true (null < 5 is 0 < 5)', () => {
      assert.deepEqual(compile({ '<': [{ var: 'amount' }, 5] }), { sql: '(("c"."amount" < ?) OR ("c"."amount" IS NULL))', bindings: [5] });
      assert.deepEqual(compile({ '<': [{ var: 'amount' }, -1] }), { sql: '("c"."amount" < ?)', bindings: [-1] });
      assert.deepEqual(compile({ '>': [{ var: 'amount' }, 5] }), { sql: '("c"."amount" > ?)', bindings: [5] });
      assert.deepEqual(compile({ '!': { '<': [{ var: 'amount' }, 5] } }), { sql: '("c"."amount" >= ?)', bindings: [5] });
    });

    it('coerces the value as loose == does: a number field against "5" compares with 5, against "abc" with nothing', () => {
      assert.deepEqual(compile({ '==': [{ var: 'amount' }, '5'] }), { sql: '("c"."amount" = ?)', bindings: [5] });
      assert.deepEqual(compile({ '==': [{ var: 'amount' }, 'abc'] }), { sql: 'false', bindings: [] });
      assert.deepEqual(compile({ '===': [{ var: 'amount' }, '5'] }), { sql: 'false', bindings: [] });
      assert.deepEqual(compile({ '==': [{ var: 'amount' }, null] }), { sql: '("c"."amount" IS NULL)', bindings: [] });
    });

    it('binds every literal and never writes one into the SQL', () => {
      const evil = "x'); drop table users; --";
      const { sql, bindings } = compile({ or: [{ '==': [{ var: 'name' }, evil] }, { contains: [{ var: 'name' }, evil] }, { in: [{ var: 'name' }, [evil, 'b']] }] });
      assert.ok(!sql.includes('drop table'), sql);
      assert.deepEqual(bindings, [evil, `%${evil}%`, evil, 'b']);
    });

    it('folds parts without fields in JavaScript, including now, today, date_add and $variables', () => {
      assert.deepEqual(compile({ '==': [1, '1'] }), { sql: 'true', bindings: [] });
      assert.deepEqual(compile({ and: [{ '<': [{ var: 'amount' }, { '*': [2, 500] }] }, { '==': [{ var: 'name' }, { var: '$user.id' }] }] }), {
        sql: '((("c"."amount" < ?) OR ("c"."amount" IS NULL)) AND ("c"."name" = ?))',
        bindings: [1000, U1],
      });
      assert.deepEqual(compile({ '<': [{ var: 'due' }, { date_add: [{ today: [] }, 1, 'month'] }] }), { sql: '("c"."due" < ?::date)', bindings: ['2024-03-01'] });
      assert.deepEqual(compile({ in: [{ var: 'name' }, { var: '$user.departments_below' }] }), { sql: '("c"."name" IN (?, ?))', bindings: [U2, U3] });
    });

    it('tests multi-select membership with = ANY and truthiness with JavaScript rules', () => {
      assert.deepEqual(compile({ in: ['hot', { var: 'tags' }] }), { sql: '(?::text = ANY("c"."tags"))', bindings: ['hot'] });
      assert.deepEqual(compile({ '!': { var: 'vip' } }), { sql: '("c"."vip" IS NOT TRUE)', bindings: [] });
      assert.deepEqual(compile({ and: [{ var: 'amount' }, { var: 'tags' }] }), { sql: '(("c"."amount" <> 0) AND (cardinality("c"."tags") > 0))', bindings: [] });
    });
  });

  describe('reference (uuid) fields', () => {
    it('compiles equality and membership to plain, index-friendly = and IN on the column', () => {
      assert.deepEqual(compile({ '==': [{ var: 'customer' }, U1] }), { sql: '("c"."customer" = ?)', bindings: [U1] });
      assert.deepEqual(compile({ '===': [U1, { var: 'customer' }] }), { sql: '("c"."customer" = ?)', bindings: [U1] });
      assert.deepEqual(compile({ '==': [{ var: 'owner' }, { var: '$user.id' }] }), { sql: '("c"."owner" = ?)', bindings: [U1] });
      assert.deepEqual(compile({ '!=': [{ var: 'customer' }, U1] }), { sql: '("c"."customer" IS DISTINCT FROM ?)', bindings: [U1] });
      assert.deepEqual(compile({ in: [{ var: 'owner' }, { var: '$user.departments_below' }] }), { sql: '("c"."owner" IN (?, ?))', bindings: [U2, U3] });
      assert.deepEqual(compile({ in: [{ var: 'owner' }, [U1, U1, null]] }), { sql: '(("c"."owner" IN (?)) OR ("c"."owner" IS NULL))', bindings: [U1] });
      assert.deepEqual(compile({ '!': { in: [{ var: 'owner' }, [U1, U2]] } }), { sql: '(("c"."owner" NOT IN (?, ?)) OR ("c"."owner" IS NULL))', bindings: [U1, U2] });
      assert.deepEqual(compile({ '==': [{ var: 'customer' }, { var: 'owner' }] }), { sql: '("c"."customer" IS NOT DISTINCT FROM "c"."owner")', bindings: [] });
    });

    it('tests null, missing and truthiness with IS NULL, and never compares a uuid column with text', () => {
      assert.deepEqual(compile({ '==': [{ var: 'customer' }, null] }), { sql: '("c"."customer" IS NULL)', bindings: [] });
      assert.deepEqual(compile({ '!==': [{ var: 'customer' }, null] }), { sql: '("c"."customer" IS NOT NULL)', bindings: [] });
      assert.deepEqual(compile({ missing: ['customer'] }), { sql: '("c"."customer" IS NULL)', bindings: [] });
      assert.deepEqual(compile({ '!': { var: 'customer' } }), { sql: '("c"."customer" IS NULL)', bindings: [] });
      assert.deepEqual(compile({ '!!': [{ var: 'owner' }] }), { sql: '("c"."owner" IS NOT NULL)', bindings: [] });
    });

    it('folds comparisons with values that are no canonical uuid: JavaScript already knows the answer', () => {
      const folded: [unknown, boolean][] = [
        [{ '==': [{ var: 'customer' }, 'not-a-uuid'] }, false],
        [{ '==': [{ var: 'customer' }, U1.toUpperCase()] }, false], // records hold lower case, as PostgreSQL prints
        [{ '===': [{ var: 'customer' }, `{${U1}}`] }, false],
        [{ '==': [{ var: 'customer' }, U1.replace(/-/g, '')] }, false],
        [{ '==': [{ var: 'customer' }, ''] }, false],
        [{ '==': [{ var: 'customer' }, 0] }, false], // Number(uuid) is NaN: it has hyphens
        [{ '==': [{ var: 'customer' }, false] }, false],
        [{ '!=': [{ var: 'customer' }, 'x'] }, true],
        [{ '!==': [{ var: 'customer' }, 5] }, true],
        [{ in: [{ var: 'customer' }, ['x', U1.toUpperCase()]] }, false],
        [{ in: [{ var: 'customer' }, []] }, false],
      ];
      for (const [rule, value] of folded) assert.deepEqual(compile(rule), { sql: String(value), bindings: [] }, JSON.stringify(rule));
      // Only the canonical items of a list are bound; the null case is decided like JavaScript's indexOf(null).
      assert.deepEqual(compile({ in: [{ var: 'customer' }, ['x', U2, U2.toUpperCase(), null]] }), {
        sql: '(("c"."customer" IN (?)) OR ("c"."customer" IS NULL))',
        bindings: [U2],
      });
    });

    it('throws BAD_REQUEST for ordering, contains and substring "in" on a uuid field', () => {
      const details = (rule: unknown) => {
        try {
          compile(rule);
        } catch (e) {
          return (e as { code?: string; details?: { pointer: string }[] }).details!.map((d) => d.pointer);
        }
        return assert.fail(`compiled ${JSON.stringify(rule)}`);
      };
      assert.deepEqual(details({ '<': [{ var: 'customer' }, U1] }), ['/</0']);
      assert.deepEqual(details({ contains: [{ var: 'customer' }, 'abc'] }), ['/contains/0']);
      assert.deepEqual(details({ in: [{ var: 'customer' }, 'abc'] }), ['/in/0']);
    });
  });

  describe('refusals', () => {
    it('throws BAD_REQUEST listing every problem with its pointer', () => {
      assert.throws(
        () => compile({ and: [{ '<': [{ var: 'name' }, 5] }, { '==': [{ var: 'nope' }, 1] }] }),
        (e: Error & { code?: string; details?: { pointer: string }[] }) =>
          e.code === 'BAD_REQUEST' && JSON.stringify(e.details!.map((d) => d.pointer)) === JSON.stringify(['/and/1/==/0/var', '/and/0/</1']),
      );
    });

    it('re-checks with the real $variable values: a text field is not ordered against a number', () => {
      const withNumber = { ...ctx, variables: { '$user.id': 7 } };
      assert.throws(() => compileRuleToSql({ '<': [{ var: 'name' }, { var: '$user.id' }] }, scope, withNumber), /cannot be used as a filter/);
    });

    it('refuses a rule that would expand into too much SQL', () => {
      let chain: unknown = { '>': [{ var: 'amount' }, 1] };
      // Within the depth and size bounds, yet each nested "if" doubles its condition's SQL.
      for (let i = 0; i < 9; i++) chain = { if: [chain, { '==': [{ var: 'name' }, 'a'] }, { '==': [{ var: 'name' }, 'b'] }] };
      assert.doesNotThrow(() => compile(chain));
      assert.throws(
        () => compile({ and: Array.from({ length: 7 }, () => chain) }),
        (e: Error & { details?: { pointer: string; message: string }[] }) => e.details!.length === 1 && e.details![0]!.pointer === '' && /too much SQL/.test(e.details![0]!.message),
      );
    });
  });

  describe('answers in the database', () => {
    let db: Database;
    let tenant: Tenant;
    before(async () => ({ db, tenant } = await createTestTenant('rules')));
    after(() => dropTestTenant(tenant));

    // [rule, record, what JavaScript answers]: the awkward corners of JavaScript comparison, held in SQL too.
    const cases: [unknown, Record<string, unknown>, boolean][] = [
      [{ '<': [{ var: 'amount' }, 5] }, { amount: null }, true],
      [{ '>': [{ var: 'amount' }, -5] }, { amount: null }, true],
      [{ '==': [{ var: 'amount' }, ''] }, { amount: 0 }, true],
      [{ '<': [{ var: 'amount' }, 'Infinity'] }, { amount: 1e300 }, true],
      [{ '==': [{ var: 'amount' }, true] }, { amount: 1 }, true],
      [{ '<': [{ var: 'due' }, { now: [] }] }, { due: '2024-01-31' }, true], // '2024-01-31' is a prefix of now, so smaller
      [{ '>=': [{ var: 'due' }, { now: [] }] }, { due: '2024-01-31' }, false],
      [{ '<': [{ var: 'due' }, { today: [] }] }, { due: '2024-01-31' }, true], // today is Feb 1 in Shanghai
      [{ '<': [{ var: 'due' }, '2024-02'] }, { due: '2024-01-31' }, true],
      [{ '<': [{ var: 'due' }, '2024-01'] }, { due: '2024-01-31' }, false],
      [{ '<=': [{ var: 'at' }, '2024-01-31'] }, { at: '2024-01-31T00:00:00.000Z' }, false],
      [{ '>': [{ var: 'at' }, '2024-01-31'] }, { at: '2024-01-31T00:00:00.000Z' }, true],
      [{ '<': [{ var: 'at' }, '2024-01-31T1'] }, { at: '2024-01-31T09:59:59.999Z' }, true],
      [{ '<': [{ var: 'at' }, 5] }, { at: null }, true],
      [{ '<': [{ var: 'at' }, 5] }, { at: '2024-01-31T00:00:00.000Z' }, false],
      [{ '<': [{ var: 'name' }, 'b'] }, { name: 'B' }, true], // code-unit order, not a locale's
      [{ '<': [{ var: 'name' }, 'a'] }, { name: '中' }, false],
      [{ in: [{ var: 'name' }, 'Springfield'] }, { name: '' }, true],
      [{ in: ['', { var: 'name' }] }, { name: '' }, false], // json-logic-js: an empty haystack finds nothing
      [{ in: [null, { var: 'name' }] }, { name: 'nullable' }, true], // indexOf turns null into "null"
      [{ contains: [{ var: 'name' }, '%_!'] }, { name: 'A%_!B' }, true],
      [{ contains: [{ var: 'name' }, '%'] }, { name: 'abc' }, false],
      [{ starts_with: [{ var: 'name' }, 'É'] }, { name: 'éclair' }, false],
      [{ '==': [{ var: 'vip' }, 'true'] }, { vip: true }, false], // true == 'true' is 1 == NaN
      [{ '<': [{ var: 'vip' }, 1] }, { vip: null }, true],
      [{ '==': [{ var: 'tags' }, null] }, { tags: null }, true],
      [{ var: 'tags' }, { tags: [] }, false],
      [{ missing_some: [2, ['name', 'amount', 'due']] }, { name: '', amount: 0, due: null }, true],
      [{ '<=': [{ var: 'due' }, { var: 'due' }] }, { due: null }, true], // null <= null is 0 <= 0
      [{ '==': [{ var: 'customer' }, U1] }, { customer: U1 }, true],
      [{ '==': [{ var: 'customer' }, U1] }, { customer: U2 }, false],
      [{ '!=': [{ var: 'customer' }, U1] }, { customer: null }, true],
      [{ '==': [{ var: 'customer' }, 'not-a-uuid'] }, { customer: U1 }, false], // no invalid uuid literal reaches SQL
      [{ '!=': [{ var: 'customer' }, 'not-a-uuid'] }, { customer: null }, true],
      [{ '==': [{ var: 'customer' }, U1.toUpperCase()] }, { customer: U1 }, false],
      [{ '==': [{ var: 'customer' }, null] }, { customer: null }, true],
      [{ '===': [{ var: 'customer' }, { var: '$user.id' }] }, { customer: U1 }, true],
      [{ in: [{ var: 'customer' }, ['x', U1.toUpperCase(), U1]] }, { customer: U1 }, true],
      [{ in: [{ var: 'customer' }, { var: '$user.departments_below' }] }, { customer: U1 }, false],
      [{ in: [{ var: 'customer' }, [null, U2]] }, { customer: null }, true],
      [{ '==': [{ var: 'customer' }, { var: 'owner' }] }, { customer: null, owner: null }, true],
      [{ '!=': [{ var: 'customer' }, { var: 'owner' }] }, { customer: U1, owner: U2 }, true],
      [{ '!=': [{ var: 'customer' }, { var: 'owner' }] }, { customer: U1, owner: null }, true],
      [{ '!!': [{ var: 'owner' }] }, { owner: U3 }, true],
      [{ missing: ['owner'] }, { owner: null }, true],
    ];

    for (const [rule, record, expected] of cases) {
      it(`${JSON.stringify(rule)} on ${JSON.stringify(record)} is ${expected} in JavaScript and in SQL`, async () => {
        assert.equal(isTruthy(evaluateRule(rule, record, ctx)), expected, 'JavaScript');
        const columns = Object.entries(FIELDS).map(([name, kind]) => ({ name, kind, value: record[name] ?? null }));
        assert.equal(await evaluateRuleInSql(db.knex, rule, columns, ctx, scope.variables as Map<string, ValueKind>), expected, 'SQL');
      });
    }
  });
});
