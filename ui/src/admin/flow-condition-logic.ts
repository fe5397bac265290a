// Reading a flow's json-logic condition back into the list filter's condition rows, so guards and step conditions
// are edited with the same builder; a condition in another shape stays as it is (shown as JSON).
import type { Condition, Operator } from '../list/filter-logic';

const BINARY: Record<string, Operator> = { '>=': 'gte', '<=': 'lte', '==': 'eq', '!=': 'ne', in: 'in', contains: 'contains', starts_with: 'starts_with' };

let counter = 0;
export const newConditionId = () => `fc${Date.now().toString(36)}${counter++}`;

function varName(x: unknown): string | undefined {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return undefined;
  const v = (x as { var?: unknown }).var;
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
}

function one(logic: unknown): Condition | undefined {
  if (!logic || typeof logic !== 'object' || Array.isArray(logic)) return undefined;
  const entries = Object.entries(logic as Record<string, unknown>);
  if (entries.length !== 1) return undefined;
  const [op, args] = entries[0]!;
  if (op === 'missing' && Array.isArray(args) && typeof args[0] === 'string') return { id: newConditionId(), field: args[0], op: 'empty' };
  if (op === '!') {
    const inner = one(args);
    if (inner?.op === 'empty') return { ...inner, op: 'not_empty' };
    if (inner?.op === 'in') return { ...inner, op: 'not_in' };
    return undefined;
  }
  const mapped = BINARY[op];
  if (!mapped || !Array.isArray(args) || args.length !== 2) return undefined;
  const field = varName(args[0]);
  if (!field || (typeof args[1] === 'object' && args[1] !== null && !Array.isArray(args[1]))) return undefined;
  return { id: newConditionId(), field, op: mapped, value: args[1] };
}

/** The rows of an AND of simple conditions, or undefined when the condition has another shape. */
export function conditionsOf(logic: unknown): Condition[] | undefined {
  if (logic === undefined) return [];
  const parts = logic && typeof logic === 'object' && 'and' in (logic as object) && Array.isArray((logic as { and: unknown }).and) ? ((logic as { and: unknown[] }).and) : [logic];
  const rows = parts.map(one);
  return rows.every((r) => r !== undefined) ? (rows as Condition[]) : undefined;
}
