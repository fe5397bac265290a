// Relative periods for a report's date parameters (本月, 上季度, 最近7天…): a value `{"period", "edge"}` stands for
// the first or last day of a period counted from a day, so a schedule stored once sends last month's numbers every
// month. Resolved to a plain date (YYYY-MM-DD) when the report runs, from "today" in the tenant's time zone (for a
// scheduled run, the day of its due time).
import type { ErrorDetail } from '../core/index.ts';

export const RELATIVE_PERIODS = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
  'last_7_days',
  'last_30_days',
  'month_to_date',
  'year_to_date',
] as const;
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number];

export interface RelativeDate {
  period: RelativePeriod;
  /** The period's first day (start) or last day (end). */
  edge: 'start' | 'end';
}

const PERIODS = new Set<string>(RELATIVE_PERIODS);
const EDGES = new Set(['start', 'end']);

/** An object value names a relative date (checked by relativeDateProblems); anything else is a plain value. */
export function isRelativeValue(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

export function relativeDateProblems(value: Record<string, unknown>, path: string): ErrorDetail[] {
  const problems: ErrorDetail[] = Object.keys(value)
    .filter((k) => k !== 'period' && k !== 'edge')
    .map((k) => ({ path: `${path}/${k}`, message: 'unknown property', expected: 'period, edge' }));
  if (!PERIODS.has(value.period as string)) problems.push({ path: `${path}/period`, message: 'no such relative period', expected: RELATIVE_PERIODS.join(', ') });
  if (!EDGES.has(value.edge as string)) problems.push({ path: `${path}/edge`, message: 'must be "start" (the period\'s first day) or "end" (its last day)' });
  return problems;
}

/** The date a checked relative value stands for, counted from `today` (YYYY-MM-DD). */
export function resolveRelativeDate(value: RelativeDate, today: string): string {
  const [start, end] = periodDays(value.period, today);
  return value.edge === 'start' ? start : end;
}

/**
 * First and last day of the period, both inclusive. Weeks start on Monday; "last 7 / 30 days" are the whole days
 * before today (a report sent in the morning covers complete days); "to date" periods end today.
 */
export function periodDays(period: RelativePeriod, today: string): [string, string] {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const day = (year: number, month: number, date: number) => new Date(Date.UTC(year, month - 1, date)).toISOString().slice(0, 10);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
  const quarter = Math.floor((m - 1) / 3) * 3 + 1;
  switch (period) {
    case 'today':
      return [today, today];
    case 'yesterday':
      return [day(y, m, d - 1), day(y, m, d - 1)];
    case 'this_week':
      return [day(y, m, d - weekday + 1), day(y, m, d - weekday + 7)];
    case 'last_week':
      return [day(y, m, d - weekday - 6), day(y, m, d - weekday)];
    case 'this_month':
      return [day(y, m, 1), day(y, m + 1, 0)];
    case 'last_month':
      return [day(y, m - 1, 1), day(y, m, 0)];
    case 'this_quarter':
      return [day(y, quarter, 1), day(y, quarter + 3, 0)];
    case 'last_quarter':
      return [day(y, quarter - 3, 1), day(y, quarter, 0)];
    case 'this_year':
      return [day(y, 1, 1), day(y, 12, 31)];
    case 'last_year':
      return [day(y - 1, 1, 1), day(y - 1, 12, 31)];
    case 'last_7_days':
      return [day(y, m, d - 7), day(y, m, d - 1)];
    case 'last_30_days':
      return [day(y, m, d - 30), day(y, m, d - 1)];
    case 'month_to_date':
      return [day(y, m, 1), today];
    case 'year_to_date':
      return [day(y, 1, 1), today];
  }
}
