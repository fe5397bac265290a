// The e-mail copy of a scheduled report's message, with the recipient's own file attached: a job of its own, so a
// slow or failing mail server never holds up or undoes the delivery (retried with backoff by the job runner).
import { qualified, queryRows } from '../db/index.ts';
import { registerJobHandler } from '../jobs/index.ts';
import { mailerConfigured, sendMail } from '../notify/index.ts';

export const REPORT_EMAIL_JOB = 'report_email';

registerJobHandler(REPORT_EMAIL_JOB, async (tx, job) => {
  const { delivery, subject, text } = job.payload as { delivery: string; subject: string; text: string };
  const [row] = await queryRows<{ email: string | null; active: boolean; filename: string | null; content_type: string | null; body: Uint8Array | null }>(
    tx.knex,
    `select u.email, u.active, d.filename, d.content_type, d.body
       from ${qualified(tx.tenant, 'crm_report_delivery')} d join ${qualified(tx.tenant, 'app_user')} u on u.id = d.recipient where d.id = ?`,
    [delivery],
  );
  if (!row?.email || !row.active || !mailerConfigured()) return 'skipped';
  const attachments = row.body && row.filename ? [{ filename: row.filename, content: Buffer.from(row.body), contentType: row.content_type ?? undefined }] : [];
  await sendMail(row.email, subject, text, attachments);
  return 'done';
});
