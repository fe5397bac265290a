// When a schedule (a report's 定时发送, the backup schedule) is next due: the first local time (in the tenant's time
// zone) strictly after a moment that matches its frequency. A monthly day past the month's end (31 in April) falls on the month's last day.
export interface ScheduleTiming {
  frequency: 'daily' | 'weekly' | 'monthly';
  /** 1 = Monday … 7 = Sunday (ISO), weekly only. */
  weekday?: number | null;
  /** 1–31, monthly only. */
  day_of_month?: number | null;
  /** HH:MM, 24-hour, local to the time zone. */
  time_of_day: string;
}

export function nextOccurrence(timing: ScheduleTiming, after: Date, timeZone: string): Date {
  const local = localParts(after, timeZone);
  const [hour, minute] = timing.time_of_day.split(':').map(Number) as [number, number];
  // A month and a few days always hold the next match; each candidate day is checked as a calendar date.
  for (let i = 0; i < 40; i++) {
    const day = new Date(Date.UTC(local.year, local.month - 1, local.day + i));
    if (!matches(timing, day)) continue;
    const at = instantOf(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hour, minute, timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error('no occurrence within 40 days');
}

function matches(timing: ScheduleTiming, day: Date): boolean {
  if (timing.frequency === 'daily') return true;
  if (timing.frequency === 'weekly') return (day.getUTCDay() || 7) === timing.weekday;
  const last = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
  return day.getUTCDate() === Math.min(timing.day_of_month ?? 1, last);
}

function localParts(at: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** The instant a wall-clock time in the zone names (the zone's offset read at that instant, checked once more). */
function instantOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let at = wall - offsetMs(new Date(wall), timeZone);
  at = wall - offsetMs(new Date(at), timeZone);
  return new Date(at);
}

function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
