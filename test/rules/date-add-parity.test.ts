import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { evaluateRule } from '../../engine/rules/index.ts';
import { createTestTenant, dropTestTenant } from '../helpers/test-database.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';

const DATES = ['2024-01-31', '2024-02-29', '2023-03-31', '2024-12-31', '2024-03-10', '2024-11-03', '0999-06-15'];
const DATETIMES = [
  '2024-01-30T20:00:00.000Z',
  '2024-01-31T23:59:59.999Z',
  '2024-03-09T07:30:00.000Z', // New York: the day before clocks go forward at 02:00
  '2024-11-02T05:30:00.000Z', // New York: the day before clocks go back
  '2024-03-10T06:59:00.000Z',
];
const STEPS: [number, string][] = [[1, 'day'], [-1, 'day'], [1, 'week'], [1, 'month'], [-1, 'month'], [13, 'month'], [1, 'year'], [5, 'hour'], [-90, 'minute']];
const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York'];
const INTERVAL: Record<string, string> = { day: 'days', week: 'weeks', month: 'months', year: 'years', hour: 'hours', minute: 'mins' };

describe('rules/date_add matches PostgreSQL interval arithmetic', () => {
  let db: Database;
  let tenant: Tenant;
  before(async () => ({ db, tenant } = await createTestTenant('rules')));
  after(() => dropTestTenant(tenant));

  /** What PostgreSQL answers with TimeZone set to the zone, formatted the way records carry values. */
  async function inPostgres(trx: Knex.Transaction, value: string, n: number, unit: string): Promise<string> {
    const isDate = value.length === 10;
    const calendar = isDate && unit !== 'hour' && unit !== 'minute';
    const base = isDate ? (calendar ? '?::date' : '?::date::timestamptz') : '?::timestamptz';
    const sum = `${base} + make_interval(${INTERVAL[unit]} => ?)`;
    const sql = calendar ? `select to_char((${sum})::date, 'YYYY-MM-DD') as v` : `select to_char((${sum}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as v`;
    return (await trx.raw(sql, [value, n])).rows[0].v;
  }

  for (const timeZone of ZONES) {
    it(`gives PostgreSQL's answers for dates and datetimes in ${timeZone}`, async () => {
      await db.knex.transaction(async (trx) => {
        await trx.raw(`select set_config('TimeZone', ?, true)`, [timeZone]);
        for (const value of [...DATES, ...DATETIMES]) {
          for (const [n, unit] of STEPS) {
            const ours = evaluateRule({ date_add: [value, n, unit] }, {}, { now: new Date(), timeZone });
            assert.equal(ours, await inPostgres(trx, value, n, unit), `${value} + ${n} ${unit} in ${timeZone}`);
          }
        }
      });
    });
  }
});
