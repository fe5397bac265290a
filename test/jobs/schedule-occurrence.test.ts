// When a schedule (a report's 定时发送, the backup schedule) next runs: local wall-clock times in the tenant's zone, weekdays, month ends.
import assert from 'node:assert/strict';
import { nextOccurrence } from '../../engine/jobs/schedule-occurrence.ts';

const SHANGHAI = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('jobs/schedule occurrence', () => {
  it('is today at the time when that is still ahead, else tomorrow (local time in the zone)', () => {
    assert.equal(nextOccurrence({ frequency: 'daily', time_of_day: '08:30' }, at('2026-12-07T00:00:00Z'), SHANGHAI).toISOString(), '2026-12-07T00:30:00.000Z');
    assert.equal(nextOccurrence({ frequency: 'daily', time_of_day: '08:30' }, at('2026-12-07T00:30:00Z'), SHANGHAI).toISOString(), '2026-12-08T00:30:00.000Z');
    // 23:30 UTC on the 6th is already 07:30 on the 7th in Shanghai.
    assert.equal(nextOccurrence({ frequency: 'daily', time_of_day: '08:00' }, at('2026-12-06T23:30:00Z'), SHANGHAI).toISOString(), '2026-12-07T00:00:00.000Z');
  });

  it('falls on the weekday asked for (1 Monday … 7 Sunday)', () => {
    // 2026-12-07 is a Monday.
    assert.equal(nextOccurrence({ frequency: 'weekly', weekday: 3, time_of_day: '09:00' }, at('2026-12-07T12:00:00Z'), SHANGHAI).toISOString(), '2026-12-09T01:00:00.000Z');
    assert.equal(nextOccurrence({ frequency: 'weekly', weekday: 7, time_of_day: '09:00' }, at('2026-12-07T12:00:00Z'), SHANGHAI).toISOString(), '2026-12-13T01:00:00.000Z');
    assert.equal(nextOccurrence({ frequency: 'weekly', weekday: 1, time_of_day: '09:00' }, at('2026-12-07T02:00:00Z'), SHANGHAI).toISOString(), '2026-12-14T01:00:00.000Z');
  });

  it('takes a month\'s last day for a day of the month past its end', () => {
    assert.equal(nextOccurrence({ frequency: 'monthly', day_of_month: 31, time_of_day: '18:00' }, at('2027-02-01T00:00:00Z'), SHANGHAI).toISOString(), '2027-02-28T10:00:00.000Z');
    assert.equal(nextOccurrence({ frequency: 'monthly', day_of_month: 31, time_of_day: '18:00' }, at('2027-02-28T10:00:00Z'), SHANGHAI).toISOString(), '2027-03-31T10:00:00.000Z');
    assert.equal(nextOccurrence({ frequency: 'monthly', day_of_month: 1, time_of_day: '00:00' }, at('2026-12-31T16:00:00Z'), SHANGHAI).toISOString(), '2027-01-31T16:00:00.000Z');
  });

  it('keeps the wall-clock time across a daylight-saving change', () => {
    // Berlin moves to summer time on 2027-03-28: 08:00 local is 07:00 UTC before, 06:00 UTC after.
    assert.equal(nextOccurrence({ frequency: 'daily', time_of_day: '08:00' }, at('2027-03-27T08:00:00Z'), 'Europe/Berlin').toISOString(), '2027-03-28T06:00:00.000Z');
  });
});
