// The filter builder's conditions and their json-logic: each condition is typed by its field (text contains,
// enum in, number and date ranges, ref equals), and the list's filter is their AND.
import dayjs from 'dayjs';
import type { FieldMeta } from '../api/types';
import { shownType } from '../common/field-types';

export type Operator =
  | 'contains' | 'starts_with' | 'eq' | 'ne' | 'in' | 'not_in' | 'has_any' | 'between' | 'gte' | 'lte' | 'empty' | 'not_empty' | 'is_true' | 'is_false';

export interface Condition {
  id: string;
  field: string;
  op: Operator;
  value?: unknown;
  value2?: unknown;
}

/** Operators that need no value. */
export const NO_VALUE = new Set<Operator>(['empty', 'not_empty', 'is_true', 'is_false']);

export function operatorsFor(field: FieldMeta): Operator[] {
  switch (shownType(field)) {
    case 'string':
    case 'text':
    case 'autonumber':
      return ['contains', 'starts_with', 'eq', 'ne', 'empty', 'not_empty'];
    case 'enum':
      return ['in', 'not_in', 'empty', 'not_empty'];
    case 'multi_enum':
      return ['has_any', 'empty', 'not_empty'];
    case 'integer':
    case 'decimal':
    case 'money':
    case 'date':
    case 'datetime':
      return ['between', 'gte', 'lte', 'eq', 'empty', 'not_empty'];
    case 'boolean':
      return ['is_true', 'is_false'];
    case 'ref':
      return ['eq', 'ne', 'empty', 'not_empty'];
    default:
      return [];
  }
}

const v = (name: string) => ({ var: name });
const present = (x: unknown) => x !== undefined && x !== null && x !== '' && !(Array.isArray(x) && x.length === 0);

/** Date-time fields are compared as instants: a picked day runs from its first to its last millisecond. */
function bound(field: FieldMeta, value: unknown, end: boolean): unknown {
  if (shownType(field) !== 'datetime' || typeof value !== 'string') return value;
  const d = dayjs(value);
  return (end ? d.endOf('day') : d.startOf('day')).toISOString();
}

/** The json-logic of one condition, or undefined while it is incomplete. */
export function conditionLogic(c: Condition, field: FieldMeta): unknown {
  const f = c.field;
  switch (c.op) {
    case 'empty':
      return { missing: [f] };
    case 'not_empty':
      return { '!': { missing: [f] } };
    case 'is_true':
      return { '==': [v(f), true] };
    case 'is_false':
      return { '!=': [v(f), true] };
  }
  if (c.op === 'between') {
    const parts = [];
    if (present(c.value)) parts.push({ '>=': [v(f), bound(field, c.value, false)] });
    if (present(c.value2)) parts.push({ '<=': [v(f), bound(field, c.value2, true)] });
    return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { and: parts };
  }
  if (!present(c.value)) return undefined;
  switch (c.op) {
    case 'contains':
      return { contains: [v(f), String(c.value)] };
    case 'starts_with':
      return { starts_with: [v(f), String(c.value)] };
    case 'eq':
      if (shownType(field) === 'datetime') return { and: [{ '>=': [v(f), bound(field, c.value, false)] }, { '<=': [v(f), bound(field, c.value, true)] }] };
      return { '==': [v(f), c.value] };
    case 'ne':
      return { '!=': [v(f), c.value] };
    case 'in':
      return { in: [v(f), c.value] };
    case 'not_in':
      return { '!': { in: [v(f), c.value] } };
    case 'has_any':
      return { or: (c.value as string[]).map((code) => ({ in: [code, v(f)] })) };
    case 'gte':
      return { '>=': [v(f), bound(field, c.value, false)] };
    case 'lte':
      return { '<=': [v(f), bound(field, c.value, true)] };
    default:
      return undefined;
  }
}

/** AND of every complete condition (and the quick search), or undefined for "everything". */
export function combineFilter(conditions: Condition[], fields: Map<string, FieldMeta>, extra?: unknown): unknown {
  const parts = conditions.flatMap((c) => {
    const field = fields.get(c.field);
    const logic = field ? conditionLogic(c, field) : undefined;
    return logic === undefined ? [] : [logic];
  });
  if (extra !== undefined) parts.push(extra);
  return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { and: parts };
}

export function isComplete(c: Condition, field: FieldMeta | undefined): boolean {
  return !!field && conditionLogic(c, field) !== undefined;
}
