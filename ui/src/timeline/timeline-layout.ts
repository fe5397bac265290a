// Where things sit on a timeline: the date range (records and today, with a margin), a date's position in percent,
// month ticks, and each record's planned and actual spans with whether it ran late.
import dayjs from 'dayjs';
import type { RecordData, TimelineDecl } from '../api/types';

export interface Span {
  start: string;
  /** Absent: a single date (a milestone), drawn as a point. */
  end?: string;
}

export interface TimelineRow {
  id: string;
  label: string;
  group: unknown;
  planned?: Span;
  actual?: Span;
  progress?: number;
  /** Finished after the planned end (or date), or the planned end has passed without an actual one. */
  late: boolean;
}

export interface Range {
  from: string;
  to: string;
}

const day = (v: unknown): string | undefined => (typeof v === 'string' && v ? dayjs(v).format('YYYY-MM-DD') : undefined);

function spanOf(start: unknown, end: unknown): Span | undefined {
  const s = day(start);
  const e = day(end);
  if (!s && !e) return undefined;
  return s && e ? { start: s, end: e < s ? s : e } : { start: (s ?? e)! };
}

export function timelineRows(records: RecordData[], decl: TimelineDecl, displayField: string, today: string): TimelineRow[] {
  return records.map((r) => {
    const planned = spanOf(r[decl.start], decl.end ? r[decl.end] : undefined);
    const actual = spanOf(decl.actualStart ? r[decl.actualStart] : undefined, decl.actualEnd ? r[decl.actualEnd] : undefined);
    const due = planned?.end ?? planned?.start;
    const done = actual && (decl.actualEnd ? actual.end : actual.start);
    const late = !!due && (done ? done > due : due < today);
    const progress = decl.progress !== undefined && typeof r[decl.progress] === 'number' ? Math.max(0, Math.min(100, r[decl.progress] as number)) : undefined;
    return { id: r.id, label: String(r[decl.label ?? displayField] ?? ''), group: decl.group ? r[decl.group] : undefined, planned, actual, progress, late };
  });
}

/** From the earliest to the latest date shown (today included), with a week's margin on both sides. */
export function rangeOf(rows: TimelineRow[], today: string): Range {
  const dates = [today, ...rows.flatMap((r) => [r.planned?.start, r.planned?.end, r.actual?.start, r.actual?.end].filter((d): d is string => !!d))].sort();
  return { from: dayjs(dates[0]).subtract(7, 'day').format('YYYY-MM-DD'), to: dayjs(dates[dates.length - 1]).add(7, 'day').format('YYYY-MM-DD') };
}

/** A date's position across the range, 0–100. An end date covers its whole day. */
export function percentOf(date: string, range: Range, endOfDay = false): number {
  const total = dayjs(range.to).diff(range.from, 'day') + 1;
  const at = dayjs(date).diff(range.from, 'day') + (endOfDay ? 1 : 0);
  return (at / total) * 100;
}

/** The first day of each month in the range (every second or third month when the range is long). */
export function monthTicks(range: Range): string[] {
  const months = dayjs(range.to).diff(range.from, 'month') + 1;
  const step = months > 24 ? 3 : months > 12 ? 2 : 1;
  const out: string[] = [];
  let m = dayjs(range.from).startOf('month').add(1, 'month');
  for (; !m.isAfter(range.to); m = m.add(step, 'month')) out.push(m.format('YYYY-MM-DD'));
  return out;
}
