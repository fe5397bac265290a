// How far behind the job runners are: jobs due on the business clock and not yet run, and how long the oldest has
// waited. One indexed count, cheap enough for every metrics scrape.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import { clockSql } from './clock.ts';

export async function jobQueueState(knex: Knex, tenant: Tenant): Promise<{ due: number; lagSeconds: number }> {
  const [row] = await queryRows<{ due: number; lag: number | null }>(
    knex,
    `select count(*)::int as due, extract(epoch from (${clockSql(tenant)} - min(due_at)))::float8 as lag
       from ${qualified(tenant, 'crm_job')} where status = 'pending' and due_at <= ${clockSql(tenant)}`,
  );
  return { due: row?.due ?? 0, lagSeconds: Math.max(0, row?.lag ?? 0) };
}
