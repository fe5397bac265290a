// Public entry of the SQL compiler: a checked rule becomes one parameterised boolean expression for WHERE.
import { EngineError } from '../core/index.ts';
import { checkStructure, type StructureReport } from './check-structure.ts';
import { compileCondition } from './compile-condition.ts';
import { registerRuleOperations } from './json-logic-engine.ts';
import { MAX_SQL_BINDINGS, MAX_SQL_LENGTH } from './limits.ts';
import { condToSql, type SqlText } from './sql-text.ts';
import type { SqlCompiler } from './sql-compiler.ts';
import type { RuleContext, RuleProblem, RuleScope } from './types.ts';

/**
 * Runs the compiler and returns its SQL with every problem it met. checkRule calls it with a sample context (to
 * learn whether the rule compiles at all); compileRuleToSql with the real one. Problems inside a part the structure
 * check already refused are dropped, so each mistake is reported once.
 */
export function analyzeSql(rule: unknown, scope: RuleScope, ctx: RuleContext, structure: StructureReport): { sql: SqlText; problems: RuleProblem[] } {
  registerRuleOperations();
  if (!structure.bounded) return { sql: condToSql(false), problems: [] };
  const structural = structure.problems;
  const compiler: SqlCompiler = { scope, ctx, problems: [] };
  const leaf = compileCondition(compiler, rule, '');
  const sql = condToSql(leaf.pos);
  const related = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
  const problems = compiler.problems.filter((p) => !structural.some((s) => related(s.pointer, p.pointer)));
  if (structural.length === 0 && problems.length === 0) {
    if (sql.bindings.length > MAX_SQL_BINDINGS || sql.sql.length > MAX_SQL_LENGTH) {
      problems.push({ pointer: '', message: 'the rule expands to too much SQL (nested "if" and "!" multiply conditions)', expected: 'a simpler rule' });
    }
  }
  return { sql, problems };
}

/**
 * The rule as a boolean SQL expression, TRUE exactly for the rows where evaluateRule is truthy. Placeholders are
 * knex `?`: `query.whereRaw(sql, bindings)`. Every literal is bound, never written into the SQL. Throws BAD_REQUEST
 * with each problem's pointer when the rule does not check or cannot be compiled (checkRule tells the same
 * beforehand, except for $variable values only known now).
 */
export function compileRuleToSql(rule: unknown, scope: RuleScope, ctx: RuleContext): SqlText {
  const structure = checkStructure(rule, { mode: 'check', scope });
  const { sql, problems } = analyzeSql(rule, scope, ctx, structure);
  const all = [...structure.problems, ...problems];
  if (all.length > 0) {
    throw new EngineError(
      'BAD_REQUEST',
      'The rule cannot be used as a filter',
      all.map((p) => (p.expected === undefined ? { pointer: p.pointer, message: p.message } : { pointer: p.pointer, message: p.message, expected: p.expected })),
    );
  }
  return sql;
}
