// Test helper: evaluates a compiled rule in SQL against one record given as literal, typed columns (no table).
import type { Knex } from 'knex';
import { compileRuleToSql, type RuleContext, type RuleField, type RuleScope, type ValueKind } from '../../engine/rules/index.ts';

const CAST: Record<ValueKind, string> = {
  string: 'text',
  number: 'numeric',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
  uuid: 'uuid',
  string_array: 'text[]',
  json: 'jsonb',
};

/** knex expands array bindings into lists, so arrays travel as Postgres array literals. */
function arrayLiteral(items: string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(',')}}`;
}

export interface LiteralColumn {
  name: string;
  kind: ValueKind;
  value: unknown;
}

/** Builds a scope whose columns are `"r"."c0"`, `"r"."c1"`, … of a one-row subquery, and runs the rule on it. */
export async function evaluateRuleInSql(knex: Knex, rule: unknown, columns: LiteralColumn[], ctx: RuleContext, variables?: Map<string, ValueKind>): Promise<boolean> {
  const fields = new Map<string, RuleField>(columns.map((c, i) => [c.name, { kind: c.kind, column: `"r"."c${i}"` }]));
  const scope: RuleScope = variables ? { fields, variables } : { fields };
  const compiled = compileRuleToSql(rule, scope, ctx);
  const select = columns.length === 0 ? 'select 1' : `select ${columns.map((c, i) => `?::${CAST[c.kind]} as "c${i}"`).join(', ')}`;
  const values = columns.map((c) => (c.kind === 'string_array' && Array.isArray(c.value) ? arrayLiteral(c.value as string[]) : c.value ?? null));
  const result = await knex.raw(`select ${compiled.sql} as r from (${select}) as "r"`, [...compiled.bindings, ...values] as Knex.RawBinding[]);
  return result.rows[0].r === true;
}
