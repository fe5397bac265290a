import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkRule, evaluateRule, isTruthy, type RuleField, type ValueKind } from '../../engine/rules/index.ts';
import { createTestTenant, dropTestTenant } from '../helpers/test-database.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';
import { evaluateRuleInSql, type LiteralColumn } from './sql-literal-row.ts';

type Case = [rule: unknown, data: unknown, expected: unknown];
const FIXTURE = fileURLToPath(new URL('../fixtures/json-logic/json-logic-tests.json', import.meta.url));
const entries = JSON.parse(readFileSync(FIXTURE, 'utf8')) as (string | Case)[];
const cases = entries.filter((e): e is Case => Array.isArray(e));
const ctx = { now: new Date('2024-01-02T03:04:05.678Z') };

// Deliberate deviations of evaluateRule from json-logic-js on the public suite: none.
const EVALUATION_DEVIATIONS = new Map<string, string>();

// The operators compileRuleToSql turns into SQL (anything else over fields is refused; field-free parts are folded).
const COMPILED = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=', '!', '!!', 'and', 'or', 'if', '?:', 'var', 'missing', 'missing_some', 'in']);

// Cases that use only those operators but that checkRule refuses for filters on purpose, each with its reason.
const REFUSED_IN_FILTERS = new Map<string, string>([
  ['{"if":[]}', 'an "if" without arguments is an authoring mistake (it is always null)'],
  ['{"missing":[]}', 'a "missing" without names is an authoring mistake (it is always [])'],
  ['{"var":["a",1]}', 'a var default applies only to absent keys, and a column is never absent (only null)'],
  ['{"var":["b",2]}', 'a var default applies only to absent keys, and a column is never absent (only null)'],
  ['{"var":["a.q",9]}', 'a var default applies only to absent keys, and a column is never absent (only null)'],
  ['{"var":[{"?:":[{"<":[{"var":"temp"},110]},"pie.filling","pie.eta"]}]}', 'a computed field name cannot be checked or compiled'],
]);

function operatorsOf(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => operatorsOf(n, into));
  else if (node && typeof node === 'object') {
    for (const [op, args] of Object.entries(node)) {
      into.add(op);
      operatorsOf(args, into);
    }
  }
  return into;
}

/** Field names a rule reads: var names and missing / missing_some names. */
function namesOf(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => namesOf(n, into));
  else if (node && typeof node === 'object') {
    for (const [op, args] of Object.entries(node)) {
      const list = Array.isArray(args) ? args : [args];
      if (op === 'var' && typeof list[0] === 'string') into.add(list[0]);
      if (op === 'missing') (Array.isArray(list[0]) ? list[0] : list).forEach((n: unknown) => typeof n === 'string' && into.add(n));
      if (op === 'missing_some' && Array.isArray(list[1])) list[1].forEach((n: unknown) => typeof n === 'string' && into.add(n));
      namesOf(args, into);
    }
  }
  return into;
}

function kindOf(value: unknown): ValueKind | undefined {
  if (value === null || value === undefined || typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'string_array';
  return undefined;
}

/** The record as typed columns, one per name the rule reads (dotted names read nested data, as var does). */
function columnsFor(rule: unknown, data: unknown): LiteralColumn[] | undefined {
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) return undefined;
  const columns: LiteralColumn[] = [];
  for (const name of namesOf(rule)) {
    const value = name.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
    const kind = kindOf(value);
    if (!kind) return undefined;
    columns.push({ name, kind, value: value ?? null });
  }
  return columns;
}

describe('rules/json-logic conformance suite', () => {
  it('has the public suite in the project fixtures', () => {
    assert.ok(cases.length >= 250, `only ${cases.length} cases in ${FIXTURE}`);
  });

  describe('evaluateRule gives json-logic-js answers', () => {
    cases.forEach(([rule, data, expected], i) => {
      const name = `#${i} ${JSON.stringify(rule)} on ${JSON.stringify(data)}`;
      if (EVALUATION_DEVIATIONS.has(JSON.stringify(rule))) return;
      it(name, () => assert.deepEqual(evaluateRule(rule, data, ctx), expected));
    });
  });

  describe('compileRuleToSql gives the same truthiness in the database', () => {
    let db: Database;
    let tenant: Tenant;
    before(async () => ({ db, tenant } = await createTestTenant('rules')));
    after(() => dropTestTenant(tenant));

    const candidates = cases.filter(([rule, data]) => [...operatorsOf(rule)].every((op) => COMPILED.has(op)) && columnsFor(rule, data));
    const compilable = candidates.filter(([rule]) => !REFUSED_IN_FILTERS.has(JSON.stringify(rule)));
    const refused = candidates.filter(([rule]) => REFUSED_IN_FILTERS.has(JSON.stringify(rule)));

    it('runs a substantial part of the suite through SQL', () => {
      assert.ok(compilable.length >= 120, `only ${compilable.length} cases use compiled operators only`);
    });

    refused.forEach(([rule, data]) => {
      it(`refuses ${JSON.stringify(rule)} in filters: ${REFUSED_IN_FILTERS.get(JSON.stringify(rule))}`, () => {
        const columns = columnsFor(rule, data)!;
        const scope = { fields: new Map<string, RuleField>(columns.map((c) => [c.name, { kind: c.kind, column: 'x' }])) };
        assert.notDeepEqual(checkRule(rule, scope, { purpose: 'filter' }), []);
      });
    });

    compilable.forEach(([rule, data, expected]) => {
      it(`${JSON.stringify(rule)} on ${JSON.stringify(data)} is ${isTruthy(expected) ? 'truthy' : 'falsy'}`, async () => {
        const columns = columnsFor(rule, data)!;
        const scope = { fields: new Map<string, RuleField>(columns.map((c) => [c.name, { kind: c.kind, column: 'x' }])) };
        assert.deepEqual(checkRule(rule, scope, { purpose: 'filter' }), []);
        assert.equal(await evaluateRuleInSql(db.knex, rule, columns, ctx), isTruthy(expected));
      });
    });
  });
});
