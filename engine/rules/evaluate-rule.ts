// In-memory evaluation: json-logic-js with our operators, behind a guard that refuses unsafe or unbounded rules.
import { EngineError } from '../core/index.ts';
import { checkStructure } from './check-structure.ts';
import { jsonLogic, registerRuleOperations, withRuleContext } from './json-logic-engine.ts';
import type { RuleContext } from './types.ts';

/**
 * Evaluates a rule against one record (or any JSON data) exactly as json-logic-js does, plus contains, starts_with,
 * now, today, date_add and `$variables` from ctx. Unknown operators, `log`, prototype names and oversized rules throw
 * BAD_REQUEST before anything runs; checkRule is still the place to validate an authored rule against its entity.
 */
export function evaluateRule(rule: unknown, data: unknown, ctx: RuleContext): unknown {
  // A frozen rule (the Model's formulas and rules are deep-frozen) cannot change: it is checked once, not per record.
  if (rule === null || typeof rule !== 'object' || !Object.isFrozen(rule)) return prepareRule(rule)(data, ctx);
  let prepared = preparedRules.get(rule);
  if (!prepared) {
    prepared = prepareRule(rule);
    preparedRules.set(rule, prepared);
  }
  return prepared(data, ctx);
}

const preparedRules = new WeakMap<object, ReturnType<typeof prepareRule>>();

/**
 * The guard evaluateRule runs, done once: a rule evaluated many times over (a configurator template's rules, once
 * per option on every request) is checked when prepared and then only applied.
 */
export function prepareRule(rule: unknown): (data: unknown, ctx: RuleContext) => unknown {
  registerRuleOperations();
  const { problems } = checkStructure(rule, { mode: 'evaluate' });
  if (problems.length > 0) {
    throw new EngineError(
      'BAD_REQUEST',
      'The rule cannot be evaluated',
      problems.map((p) => ({ pointer: p.pointer, message: p.message })),
    );
  }
  return (data, ctx) => withRuleContext(ctx, () => jsonLogic.apply(rule, data));
}

/** json-logic truthiness: false, 0, '', null, undefined and [] are falsy (NaN too); everything else is truthy. */
export function isTruthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}

/** evaluateRule then isTruthy: the answer a filter, guard or validation rule gives for one record. */
export function testRule(rule: unknown, data: unknown, ctx: RuleContext): boolean {
  return isTruthy(evaluateRule(rule, data, ctx));
}
