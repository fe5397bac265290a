// Door of engine/notify: e-mail copies of in-app messages over SMTP.
import './email-job.ts';

export { configureMailer, mailerConfigured, sendMail, type MailSettings, type MailAttachment } from './mailer.ts';
export { queueEmail } from './email-job.ts';
