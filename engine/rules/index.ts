// The rule language's door: json-logic checked, evaluated in memory and compiled to SQL; safe Handlebars templates.
export type { RuleContext, RuleField, RuleProblem, RulePurpose, RuleScope, ValueKind } from './types.ts';
export { DEFAULT_TIME_ZONE, VALUE_KINDS } from './types.ts';
export { checkRule } from './check-rule.ts';
export { evaluateRule, isTruthy, prepareRule, testRule } from './evaluate-rule.ts';
export { tryRule, TRY_KINDS, type TryKind, type TryOutcome } from './try-rule.ts';
export { compileRuleToSql } from './compile-rule-to-sql.ts';
export type { SqlText } from './sql-text.ts';
export { RULE_OPERATORS } from './operators.ts';
export { compileTemplate, templateProblems, type CompiledTemplate, type TemplateOptions, type TemplateRenderOptions } from './template/compile-template.ts';
export { checkTemplate, type TemplateProblem } from './template/check-template.ts';
export { addToDate, isCanonicalDate, todayIn } from './date-math.ts';
