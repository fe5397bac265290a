// Calendar arithmetic for `today` and `date_add`, in a named time zone, without a date library.
// Month and year steps clamp to the month's end like PostgreSQL's `date + interval '1 month'` (Jan 31 → Feb 29).

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' naming a real day in years 0001–9999 (the shape records carry dates in). */
export function isCanonicalDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** 'YYYY-MM-DDTHH:mm:ss.sssZ' in years 0001–9999, exactly as Date#toISOString writes it. */
export function isCanonicalDateTime(value: unknown): boolean {
  if (typeof value !== 'string' || !DATETIME_RE.test(value) || value.startsWith('0000')) return false;
  const t = Date.parse(value);
  return !Number.isNaN(t) && new Date(t).toISOString() === value;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in a time zone. */
export function wallTimeOf(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  const year = Number(parts.year);
  return {
    year: parts.era === 'BC' || parts.era === 'B' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    ms: instant.getUTCMilliseconds(),
  };
}

function wallAsUtcMs(w: WallTime): number {
  const d = new Date(Date.UTC(2000, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms));
  d.setUTCFullYear(w.year); // Date.UTC maps years 0-99 to 1900s; set the year separately.
  return d.getTime();
}

/**
 * The instant showing this wall time in the zone, resolved as PostgreSQL does: a time that never occurs (clocks
 * going forward) takes the UTC offset from before the transition, one that occurs twice (clocks going back) the
 * offset from after it.
 */
export function instantOfWallTime(w: WallTime, timeZone: string): Date {
  const asUtc = wallAsUtcMs(w);
  const offsetAt = (t: number) => wallAsUtcMs(wallTimeOf(new Date(t), timeZone)) - t;
  const before = offsetAt(asUtc - DAY_MS);
  const after = offsetAt(asUtc + DAY_MS);
  // Clocks going back: the time is valid with both offsets; PostgreSQL takes the one after the transition.
  if (offsetAt(asUtc - after) === after) return new Date(asUtc - after);
  // Valid only with the earlier offset, or not at all (clocks going forward): the offset before the transition.
  return new Date(asUtc - before);
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' of the instant in the zone. */
export function todayIn(now: Date, timeZone: string): string {
  const w = wallTimeOf(now, timeZone);
  return formatDate(w.year, w.month, w.day);
}

function addMonths(year: number, month: number, day: number, months: number): [number, number, number] {
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return [y, m, Math.min(day, daysInMonth(y, m))];
}

function inRange(year: number): boolean {
  return year >= 1 && year <= 9999;
}

/**
 * `date_add` for a 'YYYY-MM-DD' date or an ISO datetime. Dates stay dates for day/week/month/year and become the
 * datetime of local midnight plus the step for hour/minute. Datetimes move on the wall clock of the zone for calendar
 * units (like `timestamptz + interval` with TimeZone set to the zone) and by exact duration for hour/minute.
 * Anything else (bad value, non-integer n, result outside years 1–9999) gives null.
 */
export function addToDate(value: unknown, n: unknown, unit: unknown, timeZone: string): string | null {
  if (typeof n !== 'number' || !Number.isInteger(n) || typeof unit !== 'string') return null;
  if (isCanonicalDate(value)) return addToPlainDate(value as string, n, unit, timeZone);
  if (isCanonicalDateTime(value)) return addToDateTime(value as string, n, unit, timeZone);
  return null;
}

function addToPlainDate(value: string, n: number, unit: string, timeZone: string): string | null {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  switch (unit) {
    case 'day':
    case 'week': {
      const t = wallAsUtcMs({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0, ms: 0 });
      const r = new Date(t + n * (unit === 'week' ? 7 : 1) * DAY_MS);
      return inRange(r.getUTCFullYear()) ? formatDate(r.getUTCFullYear(), r.getUTCMonth() + 1, r.getUTCDate()) : null;
    }
    case 'month':
    case 'year': {
      const [ny, nm, nd] = addMonths(y, m, d, unit === 'year' ? n * 12 : n);
      return inRange(ny) ? formatDate(ny, nm, nd) : null;
    }
    case 'hour':
    case 'minute': {
      const midnight = instantOfWallTime({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0, ms: 0 }, timeZone);
      return isoOrNull(midnight.getTime() + n * (unit === 'hour' ? 3_600_000 : 60_000));
    }
    default:
      return null;
  }
}

function addToDateTime(value: string, n: number, unit: string, timeZone: string): string | null {
  const t = Date.parse(value);
  if (unit === 'hour' || unit === 'minute') return isoOrNull(t + n * (unit === 'hour' ? 3_600_000 : 60_000));
  const w = wallTimeOf(new Date(t), timeZone);
  let [y, m, d] = [w.year, w.month, w.day];
  if (unit === 'day' || unit === 'week') {
    const r = new Date(wallAsUtcMs({ ...w, hour: 0, minute: 0, second: 0, ms: 0 }) + n * (unit === 'week' ? 7 : 1) * DAY_MS);
    [y, m, d] = [r.getUTCFullYear(), r.getUTCMonth() + 1, r.getUTCDate()];
  } else if (unit === 'month' || unit === 'year') {
    [y, m, d] = addMonths(y, m, d, unit === 'year' ? n * 12 : n);
  } else {
    return null;
  }
  if (!inRange(y)) return null;
  return isoOrNull(instantOfWallTime({ ...w, year: y, month: m, day: d }, timeZone).getTime());
}

function isoOrNull(t: number): string | null {
  if (!Number.isFinite(t)) return null;
  const iso = new Date(t).toISOString();
  return isCanonicalDateTime(iso) ? iso : null;
}
