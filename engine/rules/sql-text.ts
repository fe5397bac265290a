// SQL pieces with their bindings, and the boolean algebra the compiler builds conditions from.
//
// A Cond is "WHERE-correct": it is TRUE exactly when the json-logic rule is truthy, and FALSE or NULL otherwise.
// AND and OR keep that property, NOT does not (NOT NULL is NULL), so negation is pushed down to the leaves, and every
// leaf is built as a pair {pos, neg} whose null case is settled at compile time.

export interface SqlText {
  sql: string;
  bindings: unknown[];
}

/** A condition: SQL, or a constant that needs no SQL. */
export type Cond = boolean | SqlText;

/** A leaf or subtree compiled both ways: pos is truthy-in-JS, neg is falsy-in-JS. */
export interface Leaf {
  pos: Cond;
  neg: Cond;
}

export function sqlText(sql: string, ...bindings: unknown[]): SqlText {
  return { sql, bindings };
}

export function constantLeaf(value: boolean): Leaf {
  return { pos: value, neg: !value };
}

export function swapLeaf(leaf: Leaf): Leaf {
  return { pos: leaf.neg, neg: leaf.pos };
}

function join(parts: SqlText[], separator: string): SqlText {
  if (parts.length === 1) return parts[0]!;
  return {
    sql: parts.map((p) => wrap(p.sql)).join(separator),
    bindings: parts.flatMap((p) => p.bindings),
  };
}

export function andAll(conds: Cond[]): Cond {
  if (conds.some((c) => c === false)) return false;
  const rest = conds.filter((c): c is SqlText => c !== true);
  return rest.length === 0 ? true : join(rest, ' AND ');
}

export function orAll(conds: Cond[]): Cond {
  if (conds.some((c) => c === true)) return true;
  const rest = conds.filter((c): c is SqlText => c !== false);
  return rest.length === 0 ? false : join(rest, ' OR ');
}

export function andLeaves(leaves: Leaf[]): Leaf {
  return { pos: andAll(leaves.map((l) => l.pos)), neg: orAll(leaves.map((l) => l.neg)) };
}

export function orLeaves(leaves: Leaf[]): Leaf {
  return { pos: orAll(leaves.map((l) => l.pos)), neg: andAll(leaves.map((l) => l.neg)) };
}

/** A condition that is never NULL, with its negation. */
export function twoValuedLeaf(cond: SqlText): Leaf {
  return { pos: cond, neg: { sql: `NOT ${wrap(cond.sql)}`, bindings: cond.bindings } };
}

/**
 * How a comparison behaves for rows whose value is not null: `when` and `unless` are each other's negation there and
 * both are NULL for a null value. `unlessOrNull` is an optional shorter form of `(unless OR value IS NULL)`.
 */
export type Fragment = boolean | { when: SqlText; unless: SqlText; unlessOrNull?: SqlText };

/**
 * Joins a fragment with the null case decided in JavaScript: `nullResult` is what json-logic-js answers when the
 * value is null. Only the case that is true needs an `IS NULL`, so `amount < 5` becomes `(amount < ? OR amount IS
 * NULL)` (0 < 5 holds in JS) while `amount > 5` stays a plain, index-friendly `amount > ?`.
 */
export function nullableLeaf(column: string, fragment: Fragment, nullResult: boolean): Leaf {
  const isNull = sqlText(`${column} IS NULL`);
  const notNull = sqlText(`${column} IS NOT NULL`);
  if (fragment === true) return nullResult ? constantLeaf(true) : { pos: notNull, neg: isNull };
  if (fragment === false) return nullResult ? { pos: isNull, neg: notNull } : constantLeaf(false);
  if (nullResult) return { pos: orAll([fragment.when, isNull]), neg: fragment.unless };
  return { pos: fragment.when, neg: fragment.unlessOrNull ?? orAll([fragment.unless, isNull]) };
}

/** Parentheses around every operand: cheap, and never wrong whatever a column expression contains. */
export function wrap(sql: string): string {
  return `(${sql})`;
}

/** The final boolean expression for WHERE: always parenthesised, constants as SQL literals. */
export function condToSql(cond: Cond): SqlText {
  if (cond === true) return sqlText('true');
  if (cond === false) return sqlText('false');
  return { sql: wrap(cond.sql), bindings: cond.bindings };
}
