// A rule tried on one record while it is being authored: checked for what it is (a condition or validation must also
// compile to SQL, a formula is evaluated in memory only), then evaluated exactly as the engine evaluates it when it
// runs for real, so a designer's "try it" never disagrees with a save.
import { checkRule } from './check-rule.ts';
import { evaluateRule, isTruthy } from './evaluate-rule.ts';
import type { RuleContext, RuleProblem, RuleScope } from './types.ts';

export const TRY_KINDS = ['condition', 'validation', 'formula'] as const;
export type TryKind = (typeof TRY_KINDS)[number];

export type TryOutcome = { problems: RuleProblem[] } | { problems: []; value: unknown; holds: boolean };

export function tryRule(rule: unknown, scope: RuleScope, kind: TryKind, data: Record<string, unknown>, ctx: RuleContext): TryOutcome {
  const problems = checkRule(rule, scope, { purpose: kind === 'formula' ? 'formula' : 'condition' });
  if (problems.length) return { problems };
  const value = evaluateRule(rule, data, ctx);
  return { problems: [], value, holds: isTruthy(value) };
}
