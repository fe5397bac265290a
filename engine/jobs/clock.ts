// The business clock: the database's now(), shifted by an offset the tenant may set (tests drive timers with it;
// an operator can use it to replay a day). Deadlines never come from a server's own clock.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';

/** SQL for "now" on the business clock; reads the offset in the same statement. */
export function clockSql(tenant: Tenant): string {
  return `(now() + coalesce((select value::numeric from ${qualified(tenant, 'crm_setting')} where key = 'clock_offset_seconds'), 0) * interval '1 second')`;
}

export async function businessNow(knex: Knex, tenant: Tenant): Promise<Date> {
  const [row] = await queryRows<{ now: string }>(knex, `select ${clockSql(tenant)} as now`);
  const now = new Date(row!.now);
  noteBusinessNow(tenant, now);
  return now;
}

// How far each tenant's business clock is ahead of this process's clock, as last read from the database. Rules
// evaluated in JavaScript (and `now`/`today` folded into SQL filters) must see the clock that stamps created_at, not
// the server's: a record just created must pass `created_at <= now` however far apart the two clocks are.
const aheadOfProcessMs = new Map<string, number>();

/**
 * Records a reading of the business clock. Every signed-in request reads it with its session (same statement), so
 * the difference is re-measured before each request's rules run. Taken against the process clock when the answer
 * arrived, the difference is never more than the real one: the clock read later is never ahead of the database.
 */
export function noteBusinessNow(tenant: Tenant, now: Date): void {
  aheadOfProcessMs.set(tenant.schema, now.getTime() - Date.now());
}

/** "Now" on the tenant's business clock without a round trip: the process clock plus the last measured difference. */
export function businessClockNow(tenant: Tenant): Date {
  return new Date(Date.now() + (aheadOfProcessMs.get(tenant.schema) ?? 0));
}

/** Moves the business clock (seconds ahead of the database clock); 0 puts it back. */
export async function setClockOffset(knex: Knex, tenant: Tenant, seconds: number): Promise<void> {
  await queryRows(
    knex,
    `insert into ${qualified(tenant, 'crm_setting')} (key, value) values ('clock_offset_seconds', ?) on conflict (key) do update set value = excluded.value`,
    [String(seconds)],
  );
  await businessNow(knex, tenant);
}
