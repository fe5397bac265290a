// in, contains and starts_with compiled to SQL with json-logic-js's answers for nulls, empty text and odd types.
import { foldAscii, foldAsciiSql } from './ascii-fold.ts';
import { argumentPointer } from './check-structure.ts';
import { isCanonicalDate, isCanonicalDateTime } from './date-math.ts';
import { textMatches } from './json-logic-engine.ts';
import { pointerTo } from './json-pointer.ts';
import { numberParam } from './compile-comparison.ts';
import { constantLeaf, nullableLeaf, sqlText, type Fragment, type Leaf } from './sql-text.ts';
import { operandOf, refuse, type SqlCompiler } from './sql-compiler.ts';
import type { RuleField } from './types.ts';
import { isCanonicalUuid } from './uuid.ts';

/** json-logic-js's `in`: indexOf on an array (strict equality) or a text (substring); false for anything else. */
function jsIn(needle: unknown, haystack: unknown): boolean {
  if (!haystack || typeof (haystack as { indexOf?: unknown }).indexOf !== 'function') return false;
  return (haystack as { indexOf(x: unknown): number }).indexOf(needle) !== -1;
}

export function compileIn(c: SqlCompiler, node: Record<string, unknown>, args: unknown[], pointer: string): Leaf {
  const at = (i: number) => argumentPointer(node, 'in', pointer, i);
  const needle = operandOf(c, args[0], at(0));
  const haystack = operandOf(c, args[1], at(1));
  if (!needle || !haystack) return constantLeaf(false);
  if (needle.type === 'value' && haystack.type === 'value') return constantLeaf(jsIn(needle.value, haystack.value));
  if (needle.type === 'field' && haystack.type === 'value') return fieldInValue(c, needle.field, haystack.value, at(0));
  if (needle.type === 'value' && haystack.type === 'field') return valueInField(c, needle.value, haystack.field, at(1));
  refuse(c, pointerTo(pointer, 'in'), '"in" between two fields cannot be compiled to SQL', 'a field in a list of values, or a value in a field');
  return constantLeaf(false);
}

/** {"in": [field, [..]]} is membership by strict equality; {"in": [field, "text"]} is "field is a substring of text". */
function fieldInValue(c: SqlCompiler, field: RuleField, list: unknown, fieldPointer: string): Leaf {
  const nullResult = jsIn(null, list);
  const col = field.column;
  if (typeof list === 'string') {
    if (field.kind === 'uuid') {
      refuse(c, fieldPointer, 'a record id (uuid) is never part of a text: "in" with text looks for a substring', 'a list of ids, e.g. {"in": [{"var": "owner"}, ["…", "…"]]}');
      return constantLeaf(false);
    }
    if (list === '') return constantLeaf(false); // json-logic-js: an empty haystack is "nothing to search"
    if (field.kind !== 'string') {
      refuse(c, fieldPointer, 'only a text field can be tested as part of a text', 'a list of values to test membership');
      return constantLeaf(false);
    }
    return nullableLeaf(col, { when: sqlText(`strpos(?, ${col}) > 0`, list), unless: sqlText(`strpos(?, ${col}) = 0`, list) }, nullResult);
  }
  if (!Array.isArray(list)) return constantLeaf(false);
  return nullableLeaf(col, listFragment(field, list), nullResult);
}

function listFragment(field: RuleField, list: unknown[]): Fragment {
  const keep = (test: (v: unknown) => boolean) => [...new Set(list.filter(test))];
  switch (field.kind) {
    case 'number':
      return inList(field.column, keep((v) => typeof v === 'number').map((v) => numberParam(v as number)));
    case 'string':
      return inList(field.column, keep((v) => typeof v === 'string').map((v) => ({ sql: '?', value: v })));
    case 'date':
      return inList(field.column, keep(isCanonicalDate).map((v) => ({ sql: '?::date', value: v })));
    case 'datetime':
      return inList(field.column, keep(isCanonicalDateTime).map((v) => ({ sql: '?::timestamptz', value: v })));
    case 'uuid':
      // Items that are not canonical uuids can never be === a stored one; they are dropped, never sent.
      return inList(field.column, keep(isCanonicalUuid).map((v) => ({ sql: '?', value: v })));
    case 'boolean': {
      const [t, f] = [list.includes(true), list.includes(false)];
      if (t && f) return true;
      if (!t && !f) return false;
      return { when: sqlText(`${field.column} = ${t}`), unless: sqlText(`${field.column} = ${!t}`), unlessOrNull: sqlText(`${field.column} IS NOT ${t}`) };
    }
    default:
      return false; // an array value is never === an item of another array
  }
}

function inList(col: string, params: { sql: string; value: unknown }[]): Fragment {
  if (params.length === 0) return false;
  const placeholders = params.map((p) => p.sql).join(', ');
  const values = params.map((p) => p.value);
  return { when: sqlText(`${col} IN (${placeholders})`, ...values), unless: sqlText(`${col} NOT IN (${placeholders})`, ...values) };
}

/** {"in": [value, field]}: the value is an item of a multi-select field, or a substring of a text field. */
function valueInField(c: SqlCompiler, value: unknown, field: RuleField, fieldPointer: string): Leaf {
  const col = field.column;
  if (field.kind === 'string_array') {
    if (typeof value !== 'string') return constantLeaf(false); // items are text; indexOf is strict
    return nullableLeaf(col, { when: sqlText(`?::text = ANY(${col})`, value), unless: sqlText(`NOT (?::text = ANY(${col}))`, value) }, false);
  }
  if (field.kind === 'string') {
    const needle = String(value); // String#indexOf turns its argument into text
    if (needle === '') return nullableLeaf(col, { when: sqlText(`${col} <> ''`), unless: sqlText(`${col} = ''`) }, false);
    return nullableLeaf(col, { when: sqlText(`strpos(${col}, ?) > 0`, needle), unless: sqlText(`strpos(${col}, ?) = 0`, needle) }, false);
  }
  if (field.kind === 'uuid') {
    refuse(c, fieldPointer, 'a record id (uuid) field holds one id, not a list or a text to look inside', 'the field first: {"in": [{"var": "…"}, [ids]]}, or ==');
    return constantLeaf(false);
  }
  refuse(c, fieldPointer, `"in" looks inside a text or multi-select field, not a ${field.kind} field`);
  return constantLeaf(false);
}

/** contains / starts_with: ASCII-only case folding on both sides (translate in SQL), so the answers match. */
export function compileTextMatch(c: SqlCompiler, node: Record<string, unknown>, op: 'contains' | 'starts_with', args: unknown[], pointer: string): Leaf {
  const at = (i: number) => argumentPointer(node, op, pointer, i);
  const text = operandOf(c, args[0], at(0));
  const part = operandOf(c, args[1], at(1));
  if (!text || !part) return constantLeaf(false);
  if (text.type === 'value' && part.type === 'value') {
    return constantLeaf(textMatches[op](text.value, part.value));
  }
  if (text.type !== 'field' || part.type !== 'value') {
    refuse(c, at(1), `"${op}" in a filter needs a text field first and a value second`);
    return constantLeaf(false);
  }
  if (text.field.kind !== 'string') {
    const why = text.field.kind === 'uuid' ? ' (a record id matches only as a whole: use == or "in" a list of ids)' : '';
    refuse(c, at(0), `"${op}" needs a text field, not a ${text.field.kind} field${why}`);
    return constantLeaf(false);
  }
  if (typeof part.value !== 'string') return constantLeaf(false); // the operator is false for non-text
  const escaped = foldAscii(part.value).replace(/[!%_]/g, (ch) => `!${ch}`);
  const pattern = op === 'contains' ? `%${escaped}%` : `${escaped}%`;
  const folded = foldAsciiSql(text.field.column);
  return nullableLeaf(
    text.field.column,
    { when: sqlText(`${folded} LIKE ? ESCAPE '!'`, pattern), unless: sqlText(`${folded} NOT LIKE ? ESCAPE '!'`, pattern) },
    false,
  );
}
