// Work done once per business day (e.g. re-checking delay flags as the days pass): one job per kind and business
// date, keyed so that any number of runners make it once, due from the start of that day on the business clock.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import { clockSql } from './clock.ts';

const kinds = new Set<string>();

export function registerDailyJob(kind: string): void {
  kinds.add(kind);
}

/** Makes today's job of each daily kind if it is not there yet (one statement per kind; a no-op once made). */
export async function scheduleDailyJobs(knex: Knex, tenant: Tenant): Promise<void> {
  const day = `(${clockSql(tenant)} at time zone ?)::date`;
  for (const kind of kinds) {
    await queryRows(
      knex,
      `insert into ${qualified(tenant, 'crm_job')} (kind, key, due_at, payload)
       select ?, ? || ':' || ${day}::text, ${clockSql(tenant)}, '{}'::jsonb on conflict (key) do nothing`,
      [kind, kind, tenant.timeZone ?? 'Asia/Shanghai'],
    );
  }
}
