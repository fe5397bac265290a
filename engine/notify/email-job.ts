// E-mail copies of in-app messages go out as jobs: never inside the business transaction (a slow or failing mail
// server must not block or undo an approval), retried with backoff by the job runner.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import { registerJobHandler, scheduleJob } from '../jobs/index.ts';
import { mailerConfigured, sendMail } from './mailer.ts';

const EMAIL_JOB = 'send_email';

registerJobHandler(EMAIL_JOB, async (tx, job) => {
  const { userId, subject, text } = job.payload as { userId: string; subject: string; text: string };
  const [user] = await queryRows<{ email: string | null; active: boolean }>(tx.knex, `select email, active from ${qualified(tx.tenant, 'app_user')} where id = ?`, [userId]);
  if (!user?.email || !user.active || !mailerConfigured()) return 'skipped';
  await sendMail(user.email, subject, text);
  return 'done';
});

/** Queues an e-mail copy of a message for a user (inside the caller's transaction) when e-mail is configured. */
export async function queueEmail(trx: Knex, tenant: Tenant, messageId: string, userId: string, subject: string, text: string): Promise<void> {
  if (!mailerConfigured()) return;
  await scheduleJob(trx, tenant, { kind: EMAIL_JOB, key: `email:${messageId}`, dueAt: new Date(0), payload: { userId, subject, text } });
}
