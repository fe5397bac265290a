// The state shared by the SQL compiler's parts, and how it tells fields from values in a rule.
import { argumentsOf, isPlainObject } from './check-structure.ts';
import { evaluateRule } from './evaluate-rule.ts';
import { pointerTo } from './json-pointer.ts';
import type { RuleContext, RuleField, RuleProblem, RuleScope } from './types.ts';

export interface SqlCompiler {
  scope: RuleScope;
  /** Values for now/today/$variables: the real context when compiling, a sample one when only checking. */
  ctx: RuleContext;
  problems: RuleProblem[];
}

/** Something a comparison can hold: a column, or a value JavaScript computed at compile time. */
export type Operand = { type: 'field'; name: string; field: RuleField } | { type: 'value'; value: unknown };

export function refuse(c: SqlCompiler, pointer: string, message: string, expected?: string): void {
  // The between form compiles its middle argument twice; say each thing once.
  if (c.problems.some((p) => p.pointer === pointer && p.message === message)) return;
  c.problems.push(expected === undefined ? { pointer, message } : { pointer, message, expected });
}

/** The single operator of a rule node, or undefined for anything that is not one. */
export function operatorOf(node: unknown): string | undefined {
  if (!isPlainObject(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 ? keys[0] : undefined;
}

/**
 * Whether the node reads a field. Anything that does not (literals, now, today, $variables and arithmetic over them)
 * is folded to a value in JavaScript at compile time, so SQL only ever sees fields against bound values.
 */
export function readsField(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(readsField);
  const op = operatorOf(node);
  if (op === undefined) return false;
  const args = argumentsOf(node as Record<string, unknown>, op);
  if (op === 'var') return !isVariableName(args[0]) || args.slice(1).some(readsField);
  // missing and missing_some name fields as plain text.
  if (op === 'missing') return (Array.isArray(args[0]) ? args[0] : args).some((n) => !isVariableName(n));
  if (op === 'missing_some') return readsField(args[0]) || !Array.isArray(args[1]) || args[1].some((n) => !isVariableName(n));
  return args.some(readsField);
}

function isVariableName(name: unknown): boolean {
  return typeof name === 'string' && name.startsWith('$');
}

/** Folds a field-free node to its value; a failure becomes a problem and undefined. */
export function foldValue(c: SqlCompiler, node: unknown, pointer: string): { value: unknown } | undefined {
  try {
    return { value: evaluateRule(node, {}, c.ctx) };
  } catch (e) {
    refuse(c, pointer, `cannot compute this value: ${(e as Error).message}`);
    return undefined;
  }
}

export function fieldOf(c: SqlCompiler, name: string, pointer: string): RuleField | undefined {
  const field = c.scope.fields.get(name);
  if (!field) refuse(c, pointer, `unknown field "${name}"`);
  else if (field.kind === 'json') refuse(c, pointer, `"${name}" holds JSON, which filters cannot look inside`);
  else return field;
  return undefined;
}

/** Resolves one side of a comparison; reports why when it is neither a plain field nor a value. */
export function operandOf(c: SqlCompiler, node: unknown, pointer: string): Operand | undefined {
  if (!readsField(node)) {
    const folded = foldValue(c, node, pointer);
    return folded && { type: 'value', value: folded.value };
  }
  const op = operatorOf(node);
  if (op === 'var') {
    const args = argumentsOf(node as Record<string, unknown>, op);
    const namePointer = Array.isArray((node as Record<string, unknown>).var) ? pointerTo(pointerTo(pointer, 'var'), 0) : pointerTo(pointer, 'var');
    if (typeof args[0] !== 'string') return void refuse(c, namePointer, 'a filter needs the field name as literal text');
    if (args.length > 1) {
      // json-logic-js uses the default only for absent keys, never for null; a column is never absent.
      return void refuse(c, pointerTo(pointer, 'var'), 'a default value in var never applies in a filter (every field is present, maybe null)', 'wrap the comparison in "if" or test "missing"');
    }
    const field = fieldOf(c, args[0], namePointer);
    return field && { type: 'field', name: args[0], field };
  }
  refuse(
    c,
    pointer,
    op === undefined
      ? 'a literal array or object holding fields cannot be compared in a filter'
      : `"${op}" over fields can only be evaluated in memory (a formula), not in a filter`,
    'a field, or a value computed from literals, now, today and $variables',
  );
  return undefined;
}
