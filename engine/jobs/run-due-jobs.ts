// Runs the jobs that are due on the business clock. Each job is claimed with FOR UPDATE SKIP LOCKED and finished in
// the same transaction as its effect, so with any number of server processes a job takes effect exactly once.
import type { RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { clockSql } from './clock.ts';
import { scheduleDailyJobs } from './daily-jobs.ts';

export interface Job {
  id: number;
  kind: string;
  key: string;
  due_at: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/** 'skipped' when the job no longer applies (the record left the state, the condition no longer holds). */
export type JobHandler = (tx: RequestContext, job: Job) => Promise<'done' | 'skipped'>;

const handlers = new Map<string, JobHandler>();
const MAX_ATTEMPTS = 5;

export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

/** Runs up to `limit` due jobs, one transaction each, until `stopped` says so (shutdown); returns how many ran. */
export async function runDueJobs(ctx: RequestContext, limit = 20, stopped: () => boolean = () => false): Promise<number> {
  let ran = 0;
  await scheduleDailyJobs(ctx.knex, ctx.tenant);
  for (; ran < limit && !stopped(); ran++) {
    const worked = await ctx.knex.transaction(async (trx) => {
      const tx = { ...ctx, knex: trx };
      const [job] = await queryRows<Job>(
        trx,
        `select id, kind, key, due_at, payload, attempts from ${qualified(ctx.tenant, 'crm_job')}
          where status = 'pending' and due_at <= ${clockSql(ctx.tenant)}
          order by due_at, id limit 1 for update skip locked`,
      );
      if (!job) return false;
      await runOne(tx, job);
      return true;
    });
    if (!worked) break;
  }
  return ran;
}

async function runOne(tx: RequestContext, job: Job): Promise<void> {
  const table = qualified(tx.tenant, 'crm_job');
  const handler = handlers.get(job.kind);
  try {
    if (!handler) throw new Error(`no handler for jobs of kind "${job.kind}"`);
    // A savepoint: a failing handler undoes its own writes but not the bookkeeping below.
    const outcome = await tx.knex.transaction((sp) => handler({ ...tx, knex: sp }, job));
    await queryRows(tx.knex, `update ${table} set status = ?, done_at = now(), attempts = attempts + 1 where id = ?`, [outcome, job.id]);
  } catch (e) {
    const attempts = job.attempts + 1;
    const failed = attempts >= MAX_ATTEMPTS;
    // Backs off 1, 2, 4, 8 minutes before giving up; the error stays on the row for the operator.
    await queryRows(
      tx.knex,
      `update ${table} set attempts = ?, last_error = ?, status = ?, due_at = due_at + (? * interval '1 minute') where id = ?`,
      [attempts, String((e as Error)?.message ?? e).slice(0, 2000), failed ? 'failed' : 'pending', 2 ** (attempts - 1), job.id],
    );
  }
}
