// The allow-list: every operator a rule may use, with its arity. Anything else is refused before evaluation.

export interface OperatorSpec {
  minArgs: number;
  maxArgs: number;
  /** Why the operator exists, shown in "unknown operator" hints and the README. */
  note: string;
}

const ANY = Number.POSITIVE_INFINITY;

/** Operators checkRule accepts for every purpose; which ones may reach SQL is decided by the compiler. */
export const RULE_OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  '==': { minArgs: 2, maxArgs: 2, note: 'loose equality (JavaScript ==)' },
  '!=': { minArgs: 2, maxArgs: 2, note: 'loose inequality' },
  '===': { minArgs: 2, maxArgs: 2, note: 'strict equality' },
  '!==': { minArgs: 2, maxArgs: 2, note: 'strict inequality' },
  '<': { minArgs: 2, maxArgs: 3, note: 'less than; three arguments mean a < x < b' },
  '<=': { minArgs: 2, maxArgs: 3, note: 'less or equal; three arguments mean a <= x <= b' },
  // json-logic-js silently ignores a third argument of > and >=; refusing it avoids a between that is not one.
  '>': { minArgs: 2, maxArgs: 2, note: 'greater than' },
  '>=': { minArgs: 2, maxArgs: 2, note: 'greater or equal' },
  '!': { minArgs: 1, maxArgs: 1, note: 'not (json-logic truthiness)' },
  '!!': { minArgs: 1, maxArgs: 1, note: 'truthiness as a boolean' },
  and: { minArgs: 1, maxArgs: ANY, note: 'first falsy argument, or the last' },
  or: { minArgs: 1, maxArgs: ANY, note: 'first truthy argument, or the last' },
  if: { minArgs: 1, maxArgs: ANY, note: 'if / then / else-if / … / else' },
  '?:': { minArgs: 3, maxArgs: 3, note: 'ternary' },
  var: { minArgs: 1, maxArgs: 2, note: 'a field or $variable, with an optional default for absent keys' },
  missing: { minArgs: 1, maxArgs: ANY, note: 'names of fields that are null or empty text' },
  missing_some: { minArgs: 2, maxArgs: 2, note: '[need, names]: missing names unless at least `need` are present' },
  in: { minArgs: 2, maxArgs: 2, note: 'member of an array, or substring of a text' },
  contains: { minArgs: 2, maxArgs: 2, note: 'text contains text, ASCII case-insensitive' },
  starts_with: { minArgs: 2, maxArgs: 2, note: 'text starts with text, ASCII case-insensitive' },
  now: { minArgs: 0, maxArgs: 0, note: 'the current instant as an ISO-8601 UTC datetime' },
  today: { minArgs: 0, maxArgs: 0, note: "today's date (YYYY-MM-DD) in the context time zone" },
  date_add: { minArgs: 3, maxArgs: 3, note: '[date or datetime, n, unit]' },
  '+': { minArgs: 1, maxArgs: ANY, note: 'sum (text is parsed as a number)' },
  '-': { minArgs: 1, maxArgs: 2, note: 'difference or negation' },
  '*': { minArgs: 1, maxArgs: ANY, note: 'product' },
  '/': { minArgs: 2, maxArgs: 2, note: 'quotient' },
  '%': { minArgs: 2, maxArgs: 2, note: 'remainder' },
  min: { minArgs: 1, maxArgs: ANY, note: 'smallest number' },
  max: { minArgs: 1, maxArgs: ANY, note: 'largest number' },
  cat: { minArgs: 0, maxArgs: ANY, note: 'concatenated text' },
  substr: { minArgs: 2, maxArgs: 3, note: '[text, start, length]; negative values count from the end' },
  merge: { minArgs: 0, maxArgs: ANY, note: 'flattened array' },
};

/**
 * Operators json-logic-js evaluates that checkRule still refuses: inside them `var` points at an array element,
 * which no scope can check. evaluateRule runs them (the conformance suite needs them); `log` is never run.
 */
export const EVALUATE_ONLY_OPERATORS: ReadonlySet<string> = new Set(['filter', 'map', 'reduce', 'all', 'some', 'none']);

export const DATE_ADD_UNITS: ReadonlySet<string> = new Set(['day', 'week', 'month', 'year', 'hour', 'minute']);

export function isKnownOperator(op: string): boolean {
  return Object.prototype.hasOwnProperty.call(RULE_OPERATORS, op);
}
