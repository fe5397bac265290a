// Relative periods of report parameters (本月, 上季度, 最近7天…): each period's first and last day from a given today,
// across month, quarter, year and leap-year boundaries.
import assert from 'node:assert/strict';
import { periodDays, RELATIVE_PERIODS } from '../../engine/reports/index.ts';

describe('reports: relative periods for date parameters', () => {
  it('counts every period from today, weeks from Monday, "last N days" as the whole days before today', () => {
    // Wednesday 2026-03-04, the first quarter of a non-leap year.
    const from = (p: (typeof RELATIVE_PERIODS)[number]) => periodDays(p, '2026-03-04');
    assert.deepEqual(from('today'), ['2026-03-04', '2026-03-04']);
    assert.deepEqual(from('yesterday'), ['2026-03-03', '2026-03-03']);
    assert.deepEqual(from('this_week'), ['2026-03-02', '2026-03-08']);
    assert.deepEqual(from('last_week'), ['2026-02-23', '2026-03-01']);
    assert.deepEqual(from('this_month'), ['2026-03-01', '2026-03-31']);
    assert.deepEqual(from('last_month'), ['2026-02-01', '2026-02-28']);
    assert.deepEqual(from('this_quarter'), ['2026-01-01', '2026-03-31']);
    assert.deepEqual(from('last_quarter'), ['2025-10-01', '2025-12-31']);
    assert.deepEqual(from('this_year'), ['2026-01-01', '2026-12-31']);
    assert.deepEqual(from('last_year'), ['2025-01-01', '2025-12-31']);
    assert.deepEqual(from('last_7_days'), ['2026-02-25', '2026-03-03']);
    assert.deepEqual(from('last_30_days'), ['2026-02-02', '2026-03-03']);
    assert.deepEqual(from('month_to_date'), ['2026-03-01', '2026-03-04']);
    assert.deepEqual(from('year_to_date'), ['2026-01-01', '2026-03-04']);
  });

  it('crosses year ends and leap days', () => {
    assert.deepEqual(periodDays('last_month', '2027-01-01'), ['2026-12-01', '2026-12-31']);
    assert.deepEqual(periodDays('last_quarter', '2027-01-15'), ['2026-10-01', '2026-12-31']);
    assert.deepEqual(periodDays('this_quarter', '2026-11-30'), ['2026-10-01', '2026-12-31']);
    assert.deepEqual(periodDays('last_month', '2028-03-31'), ['2028-02-01', '2028-02-29']);
    assert.deepEqual(periodDays('this_week', '2026-12-06'), ['2026-11-30', '2026-12-06'], 'a Sunday ends its week');
    assert.deepEqual(periodDays('last_7_days', '2027-01-03'), ['2026-12-27', '2027-01-02']);
  });
});
