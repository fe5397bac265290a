// == != === !== < <= > >= compiled to SQL that answers exactly what JavaScript answers for the same record values.
import { argumentPointer } from './check-structure.ts';
import { isCanonicalDate, isCanonicalDateTime } from './date-math.ts';
import { pointerTo } from './json-pointer.ts';
import { constantLeaf, nullableLeaf, sqlText, swapLeaf, twoValuedLeaf, andLeaves, type Fragment, type Leaf } from './sql-text.ts';
import { operandOf, refuse, type Operand, type SqlCompiler } from './sql-compiler.ts';
import type { RuleField } from './types.ts';
import { isCanonicalUuid } from './uuid.ts';

export type Relation = '==' | '===' | '<' | '<=' | '>' | '>=';
const FLIPPED: Record<Relation, Relation> = { '==': '==', '===': '===', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** JavaScript's own answer; the compiler asks it for every case it settles at compile time. */
export function jsRelation(op: Relation, a: unknown, b: unknown): boolean {
  const [x, y] = [a as number, b as number]; // JS coerces whatever they are; the cast only quiets the type checker
  switch (op) {
    case '==':
      return x == y;
    case '===':
      return x === y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

export function compileComparison(c: SqlCompiler, node: Record<string, unknown>, op: string, args: unknown[], pointer: string): Leaf {
  const at = (i: number) => argumentPointer(node, op, pointer, i);
  const opPointer = pointerTo(pointer, op);
  if ((op === '<' || op === '<=') && args.length === 3) {
    // The between form: a < x < b is (a < x) && (x < b) in json-logic-js.
    return andLeaves([binary(c, op, args[0], args[1], at(0), at(1), opPointer), binary(c, op, args[1], args[2], at(1), at(2), opPointer)]);
  }
  if (op === '!=') return swapLeaf(binary(c, '==', args[0], args[1], at(0), at(1), opPointer));
  if (op === '!==') return swapLeaf(binary(c, '===', args[0], args[1], at(0), at(1), opPointer));
  return binary(c, op as Relation, args[0], args[1], at(0), at(1), opPointer);
}

function binary(c: SqlCompiler, op: Relation, a: unknown, b: unknown, pa: string, pb: string, opPointer: string): Leaf {
  const left = operandOf(c, a, pa);
  const right = operandOf(c, b, pb);
  if (!left || !right) return constantLeaf(false);
  if (op !== '==' && op !== '===') {
    // Record ids are random: an order between them means nothing, and text order on a uuid column is not valid SQL.
    const id = isUuidField(left) ? { operand: left, at: pa } : isUuidField(right) ? { operand: right, at: pb } : undefined;
    if (id) {
      refuse(c, id.at, `"${id.operand.name}" holds record ids (uuid), which have no order: "${op}" cannot be used on it`, 'compare ids with ==, !=, or "in" a list of ids');
      return constantLeaf(false);
    }
  }
  if (left.type === 'value' && right.type === 'value') return constantLeaf(jsRelation(op, left.value, right.value));
  if (left.type === 'field' && right.type === 'field') return fieldVsField(c, op, left.field, right.field, opPointer);
  // Keep the field on the left: in JavaScript a < b is exactly b > a, whatever the types.
  if (left.type === 'value' && right.type === 'field') return fieldVsValue(c, FLIPPED[op], right.field, left.value, pa);
  if (left.type === 'field' && right.type === 'value') return fieldVsValue(c, op, left.field, right.value, pb);
  return constantLeaf(false);
}

function isUuidField(operand: Operand): operand is Extract<Operand, { type: 'field' }> {
  return operand.type === 'field' && operand.field.kind === 'uuid';
}

const SQL_OP: Record<Relation, string> = { '==': '=', '===': '=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const NEGATED: Record<Relation, string> = { '==': '<>', '===': '<>', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/** `left op right` and its negation, for non-null left values (right is never null). */
export function relationFragment(left: string, op: Relation, right: string, binding: unknown): Fragment {
  const when = sqlText(`${left} ${SQL_OP[op]} ${right}`, binding);
  const unless = sqlText(`${left} ${NEGATED[op]} ${right}`, binding);
  const isEquality = op === '==' || op === '===';
  return isEquality ? { when, unless, unlessOrNull: sqlText(`${left} IS DISTINCT FROM ${right}`, binding) } : { when, unless };
}

/** A bound number: small integers untyped (so integer, numeric and float columns all keep their index), else numeric. */
export function numberParam(n: number): { sql: string; value: number } {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 31 ? { sql: '?', value: n } : { sql: '?::numeric', value: n };
}

function fieldVsValue(c: SqlCompiler, op: Relation, field: RuleField, value: unknown, valuePointer: string): Leaf {
  const nullResult = jsRelation(op, null, value);
  if (typeof value === 'object' && value !== null && field.kind !== 'boolean') {
    refuse(c, valuePointer, 'a field compares with a single value', 'use "in" to test a list');
    return constantLeaf(false);
  }
  const fragment = fragmentFor(c, op, field, value, valuePointer);
  return fragment === undefined ? constantLeaf(false) : nullableLeaf(field.column, fragment, nullResult);
}

function fragmentFor(c: SqlCompiler, op: Relation, field: RuleField, value: unknown, valuePointer: string): Fragment | undefined {
  const col = field.column;
  const relational = op !== '==' && op !== '===';
  switch (field.kind) {
    case 'number': {
      if (op === '===') return typeof value === 'number' ? numberFragment(col, op, value) : false;
      if (op === '==' && value === null) return false;
      // JavaScript turns the other side into a number (null → 0, '' → 0, '5' → 5, true → 1, 'abc' → NaN).
      const n = Number(value);
      if (Number.isNaN(n)) return false;
      if (!Number.isFinite(n)) return jsRelation(op, 0, n); // every stored number relates to ±Infinity alike
      return numberFragment(col, op, n);
    }
    case 'string': {
      if (typeof value === 'string') return relationFragment(relational ? `${col} COLLATE "C"` : col, op, '?', value);
      if (op === '===' || (op === '==' && value === null)) return false;
      refuse(c, valuePointer, 'a text field compares with text only (JavaScript would turn both into numbers)', 'a text value, e.g. "5"');
      return undefined;
    }
    case 'uuid':
      // Equality only (ordering was refused). A stored uuid equals only its own canonical text, so any other value is
      // settled here and never reaches the database, where it would not even parse as a uuid.
      return isCanonicalUuid(value) ? relationFragment(col, op, '?', value) : false;
    case 'date':
      return dateFragment(op, col, value);
    case 'datetime':
      return dateTimeFragment(op, col, value);
    case 'boolean': {
      // Only two non-null values: ask JavaScript about each.
      const [t, f] = [jsRelation(op, true, value), jsRelation(op, false, value)];
      if (t && f) return true;
      if (!t && !f) return false;
      return { when: sqlText(`${col} = ${t}`), unless: sqlText(`${col} = ${!t}`), unlessOrNull: sqlText(`${col} IS NOT ${t}`) };
    }
    default:
      if ((op === '==' || op === '===') && value === null) return false; // an array is never == null
      refuse(c, valuePointer, 'a multi-select field can only be tested with "in", truthiness, missing or == null');
      return undefined;
  }
}

function numberFragment(col: string, op: Relation, n: number): Fragment {
  const param = numberParam(n);
  return relationFragment(col, op, param.sql, param.value);
}

/** Stored dates are canonical 'YYYY-MM-DD' text in JavaScript, so JS compares them as text with the value. */
function dateFragment(op: Relation, col: string, value: unknown): Fragment {
  if (op === '==' || op === '===') return isCanonicalDate(value) ? relationFragment(col, op, '?::date', value) : false;
  if (typeof value !== 'string') return false; // text against a number, boolean or null: NaN, always false
  if (isCanonicalDate(value)) return relationFragment(col, op, '?::date', value);
  const prefix = value.slice(0, 10);
  if (value.length > 10 && isCanonicalDate(prefix)) {
    // A 10-character date is a proper prefix of, so less than, any longer text starting with it (e.g. `now`).
    return relationFragment(col, op === '<' || op === '<=' ? '<=' : '>', '?::date', prefix);
  }
  return relationFragment(`to_char(${col}, 'YYYY-MM-DD') COLLATE "C"`, op, '?', value);
}

const ISO_TEXT = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') COLLATE "C"`;

function dateTimeFragment(op: Relation, col: string, value: unknown): Fragment {
  if (op === '==' || op === '===') return isCanonicalDateTime(value) ? relationFragment(col, op, '?::timestamptz', value) : false;
  if (typeof value !== 'string') return false;
  if (isCanonicalDateTime(value)) return relationFragment(col, op, '?::timestamptz', value);
  if (isCanonicalDate(value)) {
    // '2024-01-02T…' is greater than '2024-01-02' as text, so only the instant of that UTC midnight matters.
    return relationFragment(col, op === '<' || op === '<=' ? '<' : '>=', '?::timestamptz', `${value}T00:00:00.000Z`);
  }
  return relationFragment(ISO_TEXT(col), op, '?', value);
}

/** Two fields of one kind; the SQL is never NULL, so NOT is safe. */
function fieldVsField(c: SqlCompiler, op: Relation, a: RuleField, b: RuleField, opPointer: string): Leaf {
  if (a.kind !== b.kind) {
    refuse(c, opPointer, `a ${a.kind} field cannot be compared with a ${b.kind} field in a filter`);
    return constantLeaf(false);
  }
  const [x, y, sqlOp] = [a.column, b.column, SQL_OP[op]];
  if (op === '==' || op === '===') {
    if (a.kind === 'string_array') {
      refuse(c, opPointer, 'two multi-select fields cannot be compared in a filter (JavaScript compares arrays by identity)');
      return constantLeaf(false);
    }
    return twoValuedLeaf(sqlText(`${x} IS NOT DISTINCT FROM ${y}`)); // null == null holds in JavaScript too
  }
  switch (a.kind) {
    case 'number':
      return twoValuedLeaf(sqlText(`coalesce(${x}, 0) ${sqlOp} coalesce(${y}, 0)`)); // JS reads null as 0 here
    case 'boolean':
      return twoValuedLeaf(sqlText(`coalesce(${x}::int, 0) ${sqlOp} coalesce(${y}::int, 0)`));
    case 'date':
    case 'datetime': {
      // null against a date is 0 against NaN (false); null against null is 0 against 0.
      const bothNull = op === '<=' || op === '>=' ? `${x} IS NULL AND ${y} IS NULL` : 'false';
      return twoValuedLeaf(sqlText(`coalesce(${x} ${sqlOp} ${y}, ${bothNull})`));
    }
    default:
      return refuseFieldPair(c, opPointer, a.kind);
  }
}

function refuseFieldPair(c: SqlCompiler, opPointer: string, kind: string): Leaf {
  const why = kind === 'string' ? 'JavaScript orders text against null as numbers' : `${kind} fields have no order`;
  refuse(c, opPointer, `two ${kind} fields cannot be ordered in a filter: ${why}`);
  return constantLeaf(false);
}
