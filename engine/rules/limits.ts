// Bounds that keep a rule cheap to check, evaluate and compile, whoever wrote it.

/** Nesting of operators and literal arrays; an operator's own argument list does not count as a level. */
export const MAX_DEPTH = 12;
/** Operators and literal values; a literal array of plain values counts once, whatever its length. */
export const MAX_NODES = 500;
export const MAX_STRING_LENGTH = 1000;
export const MAX_ARRAY_ITEMS = 1000;
/** Postgres accepts 65535 parameters per statement; leave room for the caller's own. */
export const MAX_SQL_BINDINGS = 20_000;
/** `if` and `!` expand conditions when compiled; past this the rule is refused rather than sent. */
export const MAX_SQL_LENGTH = 200_000;

/** Names that reach an object's prototype: refused in var paths, object keys and template paths. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
