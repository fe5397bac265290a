// Validation of an authored rule before it is stored or used: every problem, each with its JSON pointer.
import { checkStructure } from './check-structure.ts';
import { analyzeSql } from './compile-rule-to-sql.ts';
import type { RuleContext, RuleProblem, RulePurpose, RuleScope, ValueKind } from './types.ts';

// A fixed sample context: only the shapes of values matter for whether a rule compiles, not the values.
const SAMPLE_VALUES: Record<ValueKind, unknown> = {
  string: 'sample',
  number: 1,
  boolean: true,
  date: '2000-01-01',
  datetime: '2000-01-01T00:00:00.000Z',
  uuid: '00000000-0000-0000-0000-000000000000',
  string_array: ['sample'],
  json: null,
};

function sampleContext(scope: RuleScope): RuleContext {
  const variables: Record<string, unknown> = {};
  for (const [name, kind] of scope.variables ?? []) variables[name] = SAMPLE_VALUES[kind];
  return { now: new Date(Date.UTC(2000, 0, 1)), variables };
}

/**
 * Problems with the rule for its purpose; empty means usable. 'filter' and 'condition' (the default) must also
 * compile to SQL; 'formula' rules are evaluated in memory and may use arithmetic, cat, substr and merge over fields.
 */
export function checkRule(rule: unknown, scope: RuleScope, opts: { purpose?: RulePurpose } = {}): RuleProblem[] {
  const purpose = opts.purpose ?? 'condition';
  const structure = checkStructure(rule, { mode: 'check', scope });
  if (purpose === 'formula') return structure.problems;
  return [...structure.problems, ...analyzeSql(rule, scope, sampleContext(scope), structure).problems];
}
