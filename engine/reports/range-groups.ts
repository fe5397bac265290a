// Range groups: a number, or a date's whole days since / until the database's today, falls into named bands (aging:
// 未到期, 0–30, 31–60 …). The band is computed in the report's one statement, so "overdue" is never stored by hand.
import type { ErrorDetail, Locale, SqlFragment } from '../core/index.ts';
import type { ResolvedField } from './resolve-field.ts';
import type { RangeDef } from './report-types.ts';

export interface RangeSpec {
  days?: 'since' | 'until';
  ranges?: RangeDef[];
}

/** Problems of a group's days / ranges against its field (422 paths under `pointer`). */
export function rangeProblems(field: ResolvedField, spec: RangeSpec & { bucket?: string }, pointer: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const isDate = field.kind === 'date' || field.kind === 'datetime';
  if (spec.days && spec.bucket) problems.push({ path: `${pointer}/days`, message: 'a date is either bucketed or counted in days, not both' });
  if (spec.ranges && spec.bucket) problems.push({ path: `${pointer}/ranges`, message: 'a bucketed date cannot also fall into ranges' });
  if (spec.days && !isDate) problems.push({ path: `${pointer}/days`, message: `"${field.path}" is a ${field.field.type} field; only dates count days from today` });
  if (spec.ranges && !spec.days && field.kind !== 'number') {
    problems.push({ path: `${pointer}/ranges`, message: `"${field.path}" is a ${field.field.type} field; ranges band numbers, or dates counted in days`, expected: 'a number field, or "days": "since" | "until" on a date' });
  }
  if (spec.ranges) problems.push(...bandProblems(spec.ranges, `${pointer}/ranges`));
  return problems;
}

/** Keys unique, min ≤ max: shared with the `band` derived measure. */
export function bandProblems(ranges: RangeDef[], pointer: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  ranges.forEach((r, i) => {
    if (seen.has(r.key)) problems.push({ path: `${pointer}/${i}/key`, message: `"${r.key}" names two ranges` });
    seen.add(r.key);
    if (r.min !== undefined && r.max !== undefined && r.min > r.max) problems.push({ path: `${pointer}/${i}`, message: 'min is above max' });
  });
  return problems;
}

/** The value a range group compares: the field, or whole days between it and today (a bound 'YYYY-MM-DD'). */
export function rangeSubject(field: ResolvedField, days: RangeSpec['days'], today: string, timeZone: string): SqlFragment {
  if (!days) return { sql: field.column, bindings: [] };
  // A timestamp's day is the business time zone's day, as in buckets.
  const date = field.kind === 'datetime' ? { sql: `(${field.column} at time zone ?)::date`, bindings: [timeZone] } : { sql: field.column, bindings: [] };
  return days === 'since' ? { sql: `(?::date - ${date.sql})`, bindings: [today, ...date.bindings] } : { sql: `(${date.sql} - ?::date)`, bindings: [...date.bindings, today] };
}

/** `case when x in band 0 then <then 0> … end`; `then` gives each band's result (its key, or its position). */
export function bandCase(subject: SqlFragment, ranges: RangeDef[], then: (r: RangeDef, i: number) => string | number): SqlFragment {
  const sql: string[] = [];
  const bindings: unknown[] = [];
  ranges.forEach((r, i) => {
    const tests: string[] = [];
    if (r.min !== undefined) {
      tests.push(`${subject.sql} >= ?`);
      bindings.push(...subject.bindings, r.min);
    }
    if (r.max !== undefined) {
      tests.push(`${subject.sql} <= ?`);
      bindings.push(...subject.bindings, r.max);
    }
    if (!tests.length) {
      tests.push(`${subject.sql} is not null`);
      bindings.push(...subject.bindings);
    }
    // A position is compared as a number (an untyped parameter would be text, and '10' < '2').
    sql.push(`when ${tests.join(' and ')} then ?${typeof then(r, i) === 'number' ? '::int' : ''}`);
    bindings.push(then(r, i));
  });
  return { sql: `(case ${sql.join(' ')} end)`, bindings };
}

/** Bands as a column's options: their labels, or "min–max" when they have none. */
export function bandOptions(ranges: RangeDef[], locale: Locale): { code: string; label: string }[] {
  return ranges.map((r) => ({ code: r.key, label: r.labels?.[locale] ?? (r.min === undefined ? `≤ ${r.max}` : r.max === undefined ? `≥ ${r.min}` : `${r.min}–${r.max}`) }));
}
