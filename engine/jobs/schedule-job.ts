// Durable work due later (timers, reminders, SLA checks): one row per due time, keyed so scheduling it twice (two
// servers, a retried request) still makes one job. Written in the caller's transaction: no job for a rolled-back change.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';

export interface JobInput {
  kind: string;
  key: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

export async function scheduleJob(trx: Knex, tenant: Tenant, job: JobInput): Promise<boolean> {
  const rows = await queryRows(
    trx,
    `insert into ${qualified(tenant, 'crm_job')} (kind, key, due_at, payload) values (?, ?, ?, ?::jsonb) on conflict (key) do nothing returning id`,
    [job.kind, job.key, job.dueAt.toISOString(), JSON.stringify(job.payload)],
  );
  return rows.length === 1;
}
