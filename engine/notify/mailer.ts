// Outgoing e-mail through SMTP, when the operator configures it (SMTP_URL, MAIL_FROM). One transport per process,
// set at start-up; without it, messages stay in-app only.
import nodemailer, { type Transporter } from 'nodemailer';

export interface MailSettings {
  /** smtp://user:password@host:587 or smtps://…:465 */
  url: string;
  from: string;
}

let transport: { mailer: Transporter; from: string } | undefined;

export function configureMailer(settings: MailSettings | undefined): void {
  transport = settings ? { mailer: nodemailer.createTransport(settings.url), from: settings.from } : undefined;
}

export function mailerConfigured(): boolean {
  return transport !== undefined;
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType?: string;
}

export async function sendMail(to: string, subject: string, text: string, attachments: MailAttachment[] = []): Promise<void> {
  if (!transport) throw new Error('e-mail is not configured');
  await transport.mailer.sendMail({ from: transport.from, to, subject, text, ...(attachments.length ? { attachments } : {}) });
}
