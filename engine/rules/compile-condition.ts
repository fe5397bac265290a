// The boolean skeleton of a filter: and, or, !, !!, if, field truthiness, missing; comparisons are delegated.
import { argumentPointer, argumentsOf, isPlainObject } from './check-structure.ts';
import { compileComparison } from './compile-comparison.ts';
import { compileIn, compileTextMatch } from './compile-membership.ts';
import { isTruthy } from './evaluate-rule.ts';
import { pointerTo } from './json-pointer.ts';
import { andAll, andLeaves, constantLeaf, nullableLeaf, orAll, orLeaves, sqlText, swapLeaf, twoValuedLeaf, type Cond, type Leaf } from './sql-text.ts';
import { fieldOf, foldValue, operandOf, readsField, refuse, type SqlCompiler } from './sql-compiler.ts';
import type { RuleField } from './types.ts';

const COMPARISONS = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=']);

/** Compiles a node used for its truthiness (a whole filter, an and/or/if branch, the argument of !). */
export function compileCondition(c: SqlCompiler, node: unknown, pointer: string): Leaf {
  if (Array.isArray(node)) return constantLeaf(node.length > 0); // an array's truthiness is its length alone
  if (!readsField(node)) {
    const folded = foldValue(c, node, pointer);
    return folded ? constantLeaf(isTruthy(folded.value)) : constantLeaf(false);
  }
  if (!isPlainObject(node) || Object.keys(node).length !== 1) {
    refuse(c, pointer, 'a rule node has exactly one key, the operator');
    return constantLeaf(false);
  }
  const op = Object.keys(node)[0]!;
  const args = argumentsOf(node, op);
  const at = (i: number) => argumentPointer(node, op, pointer, i);
  switch (op) {
    case 'and':
      return andLeaves(args.map((arg, i) => compileCondition(c, arg, at(i))));
    case 'or':
      return orLeaves(args.map((arg, i) => compileCondition(c, arg, at(i))));
    case '!':
      return swapLeaf(compileCondition(c, args[0], at(0)));
    case '!!':
      return compileCondition(c, args[0], at(0));
    case 'if':
    case '?:':
      return compileIf(c, args, at, 0);
    case 'var':
      return compileTruthiness(c, node, pointer);
    case 'missing':
      return compileMissing(c, node, args, pointer);
    case 'missing_some':
      return compileMissingSome(c, node, args, pointer);
    case 'in':
      return compileIn(c, node, args, pointer);
    case 'contains':
    case 'starts_with':
      return compileTextMatch(c, node, op, args, pointer);
    default:
      if (COMPARISONS.has(op)) return compileComparison(c, node, op, args, pointer);
      refuse(c, pointerTo(pointer, op), `"${op}" over fields cannot be used as a condition in a filter; it is evaluated in memory only (formulas)`);
      return constantLeaf(false);
  }
}

/** if(c1, t1, c2, t2, …, else): (c1 ∧ t1) ∨ (¬c1 ∧ rest); with no else the result is null, which is falsy. */
function compileIf(c: SqlCompiler, args: unknown[], at: (i: number) => string, i: number): Leaf {
  const remaining = args.length - i;
  if (remaining <= 0) return constantLeaf(false);
  if (remaining === 1) return compileCondition(c, args[i], at(i));
  const test = compileCondition(c, args[i], at(i));
  const then = compileCondition(c, args[i + 1], at(i + 1));
  const rest = compileIf(c, args, at, i + 2);
  return {
    pos: orAll([andAll([test.pos, then.pos]), andAll([test.neg, rest.pos])]),
    neg: orAll([andAll([test.pos, then.neg]), andAll([test.neg, rest.neg])]),
  };
}

/** A bare field as a condition: JavaScript truthiness of its value (0, '', null, false and [] are falsy). */
function compileTruthiness(c: SqlCompiler, node: Record<string, unknown>, pointer: string): Leaf {
  const operand = operandOf(c, node, pointer);
  if (!operand) return constantLeaf(false);
  if (operand.type === 'value') return constantLeaf(isTruthy(operand.value));
  const col = operand.field.column;
  switch (operand.field.kind) {
    case 'boolean':
      return { pos: sqlText(`${col} IS TRUE`), neg: sqlText(`${col} IS NOT TRUE`) };
    case 'number':
      return nullableLeaf(col, { when: sqlText(`${col} <> 0`), unless: sqlText(`${col} = 0`) }, false);
    case 'string':
      return nullableLeaf(col, { when: sqlText(`${col} <> ''`), unless: sqlText(`${col} = ''`) }, false);
    case 'string_array':
      return nullableLeaf(col, { when: sqlText(`cardinality(${col}) > 0`), unless: sqlText(`cardinality(${col}) = 0`) }, false);
    default:
      return nullableLeaf(col, true, false); // a stored date, datetime or uuid is non-empty text
  }
}

/** The names a missing / missing_some node lists, each with its pointer; undefined (reported) if not literal. */
function literalNames(c: SqlCompiler, names: unknown, pointer: string): { name: string; pointer: string }[] | undefined {
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
    refuse(c, pointer, 'a filter needs the field names as literal text');
    return undefined;
  }
  return (names as string[]).map((name, i) => ({ name, pointer: pointerTo(pointer, i) }));
}

/** json-logic's "missing" is a value that is null (or absent) or empty text. */
function missingCond(c: SqlCompiler, name: string, pointer: string): Cond {
  if (name.startsWith('$')) {
    const value = c.ctx.variables?.[name];
    return value === undefined || value === null || value === '';
  }
  const field: RuleField | undefined = fieldOf(c, name, pointer);
  if (!field) return false;
  return sqlText(field.kind === 'string' ? `(${field.column} IS NULL OR ${field.column} = '')` : `${field.column} IS NULL`);
}

function compileMissing(c: SqlCompiler, node: Record<string, unknown>, args: unknown[], pointer: string): Leaf {
  const nested = Array.isArray(args[0]); // json-logic-js then reads only that array
  const names = literalNames(c, nested ? args[0] : args, nested ? argumentPointer(node, 'missing', pointer, 0) : pointerTo(pointer, 'missing'));
  if (!names) return constantLeaf(false);
  // Each "is missing" test is never NULL, so its negation is exact; the list is truthy when it has any name.
  return orLeaves(names.map((n) => condLeaf(missingCond(c, n.name, n.pointer))));
}

function condLeaf(cond: Cond): Leaf {
  return typeof cond === 'boolean' ? constantLeaf(cond) : twoValuedLeaf(cond);
}

/** missing_some(need, names) is truthy when fewer than `need` are present and at least one is missing. */
function compileMissingSome(c: SqlCompiler, node: Record<string, unknown>, args: unknown[], pointer: string): Leaf {
  const needPointer = argumentPointer(node, 'missing_some', pointer, 0);
  const need = readsField(args[0]) ? undefined : foldValue(c, args[0], needPointer);
  const names = literalNames(c, args[1], argumentPointer(node, 'missing_some', pointer, 1));
  if (!need || !names) {
    if (!need) refuse(c, needPointer, 'missing_some needs a count that does not depend on fields');
    return constantLeaf(false);
  }
  const conds = names.map((n) => missingCond(c, n.name, n.pointer));
  const total = conds.length;
  // The smallest number of missing names for which json-logic-js returns a non-empty list.
  let threshold = 1;
  while (threshold <= total && total - threshold >= (need.value as number)) threshold++; // JS's own test, NaN included
  if (threshold > total) return constantLeaf(false);
  const known = conds.filter((x) => x === true).length;
  const open = conds.filter((x): x is Exclude<Cond, boolean> => typeof x !== 'boolean');
  const still = threshold - known;
  if (still <= 0) return constantLeaf(true);
  if (still > open.length) return constantLeaf(false);
  const count = open.map((x) => `(CASE WHEN ${x.sql} THEN 1 ELSE 0 END)`).join(' + ');
  return twoValuedLeaf(sqlText(`(${count}) >= ?`, ...open.flatMap((x) => x.bindings), still));
}
