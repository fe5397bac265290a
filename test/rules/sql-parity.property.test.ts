import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { checkRule, compileRuleToSql, isTruthy, evaluateRule, type RuleField, type RuleScope, type ValueKind } from '../../engine/rules/index.ts';
import { qualified, tableRef, type Database, type Tenant } from '../../engine/db/index.ts';
import { createTestTenant, dropTestTenant } from '../helpers/test-database.ts';
import { PARITY_FIELDS, PARITY_VARIABLES, UUIDS, nowArb, recordArb, ruleArb } from './rule-arbitraries.ts';

const SQL_TYPE: Record<ValueKind, string> = {
  number: 'numeric',
  string: 'text',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
  uuid: 'uuid',
  string_array: 'text[]',
  json: 'jsonb',
};
const RECORDS_PER_RUN = 20;

describe('rules/sql parity (property)', () => {
  let db: Database;
  let tenant: Tenant;
  let table: string;
  let scope: RuleScope;

  before(async () => {
    ({ db, tenant } = await createTestTenant('rules'));
    table = qualified(tenant, 'parity');
    const columns = Object.entries(PARITY_FIELDS).map(([name, kind]) => `"${name}" ${SQL_TYPE[kind]}`);
    await db.knex.raw(`create table ${table} (id int primary key, ${columns.join(', ')})`);
    scope = {
      fields: new Map<string, RuleField>(Object.entries(PARITY_FIELDS).map(([name, kind]) => [name, { kind, column: `"p"."${name}"` }])),
      variables: new Map(Object.entries(PARITY_VARIABLES)),
    };
  });
  after(() => dropTestTenant(tenant));

  /** Replaces the table's rows and reads them back, so JavaScript sees exactly what the database stores. */
  async function storeRecords(knex: Knex, records: unknown[]): Promise<Record<string, unknown>[]> {
    await knex.raw(`delete from ${table}`);
    await knex(tableRef(tenant, 'parity')).insert(records.map((r, id) => ({ id, ...(r as object) })));
    return (await knex.raw(`select * from ${table} order by id`)).rows;
  }

  it('evaluateRule truthiness equals the SQL WHERE result for every generated record and rule', async function () {
    this.timeout(120_000);
    await fc.assert(
      fc.asyncProperty(ruleArb, fc.array(recordArb, { minLength: RECORDS_PER_RUN, maxLength: RECORDS_PER_RUN }), nowArb, async (rule, records, now) => {
        const ctx = {
          now,
          timeZone: 'Asia/Shanghai',
          variables: {
            '$user.name': 'a',
            '$user.tags': ['a', '中'],
            '$user.limit': 2.5,
            '$user.id': UUIDS[0],
            // ids of other records, an upper-case spelling and text that is no uuid at all: only the first two can match
            '$user.departments_below': [UUIDS[1], UUIDS[2], UUIDS[0]!.toUpperCase(), 'x'],
          },
        };
        assert.deepEqual(checkRule(rule, scope, { purpose: 'filter' }), [], 'the generator made a rule checkRule refuses');
        const rows = await storeRecords(db.knex, records);
        const { sql, bindings } = compileRuleToSql(rule, scope, ctx);
        const result = await db.knex.raw(`select id from ${table} as "p" where ${sql} order by id`, bindings as Knex.RawBinding[]);
        const inSql = result.rows.map((r: { id: number }) => r.id);
        const inJs = rows.filter((row) => isTruthy(evaluateRule(rule, row, ctx))).map((row) => row.id);
        assert.deepEqual(inSql, inJs, `SQL: ${sql}\nbindings: ${JSON.stringify(bindings)}`);
      }),
      { numRuns: Number(process.env.RULES_PARITY_RUNS ?? 150) }, // raise it for a deeper soak
    );
  });
});
