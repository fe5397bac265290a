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
  return new Date(row!.now);
}

/** Moves the business clock (seconds ahead of the database clock); 0 puts it back. */
export async function setClockOffset(knex: Knex, tenant: Tenant, seconds: number): Promise<void> {
  await queryRows(
    knex,
    `insert into ${qualified(tenant, 'crm_setting')} (key, value) values ('clock_offset_seconds', ?) on conflict (key) do update set value = excluded.value`,
    [String(seconds)],
  );
}
