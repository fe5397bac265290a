// The records behind one segment of a report (a bar, a slice, a funnel stage, a table row): the report's own filter
// (its parameters filled in) AND each group's value, as the json-logic a list takes. Undefined when a group or the
// filter reads a referenced record's field (customer.region), which a list cannot filter by.
import dayjs from 'dayjs';
import type { Bucket, ReportColumn, ReportDefinition } from '../api/reports-api';

const UNIT: Record<Bucket, [number, dayjs.ManipulateType]> = { day: [1, 'day'], week: [1, 'week'], month: [1, 'month'], quarter: [3, 'month'], year: [1, 'year'] };

export function segmentFilter(def: ReportDefinition, columns: ReportColumn[], row: Record<string, unknown>, parameters: Record<string, unknown> = {}): unknown {
  const parts: unknown[] = [];
  if (def.filter !== undefined) {
    const own = withParameters(def.filter, def, parameters);
    if (readsThroughReference(own)) return undefined;
    parts.push(own);
  }
  for (const c of columns.filter((col) => col.role === 'group')) {
    const field = c.field ?? c.key;
    if (field.includes('.')) return undefined;
    const value = row[c.key];
    if (value === null || value === undefined) parts.push({ missing: [field] });
    else if (c.bucket && typeof value === 'string') {
      const [n, unit] = UNIT[c.bucket];
      const end = dayjs(value).add(n, unit).format('YYYY-MM-DD');
      parts.push({ '>=': [{ var: field }, value] }, { '<': [{ var: field }, end] });
    } else parts.push({ '==': [{ var: field }, value] });
  }
  return parts.length === 1 ? parts[0] : { and: parts };
}

function withParameters(node: unknown, def: ReportDefinition, values: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((n) => withParameters(n, def, values));
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node);
  const [op, arg] = entries[0] ?? [];
  if (entries.length === 1 && op === 'var' && typeof arg === 'string' && arg.startsWith('$param.')) {
    const name = arg.slice('$param.'.length);
    return values[name] ?? def.parameters?.find((p) => p.name === name)?.default ?? null;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, withParameters(v, def, values)]));
}

function readsThroughReference(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(readsThroughReference);
  if (!node || typeof node !== 'object') return false;
  return Object.entries(node).some(([op, arg]) => (op === 'var' ? String(Array.isArray(arg) ? arg[0] : arg).includes('.') && !String(arg).startsWith('$') : readsThroughReference(arg)));
}
