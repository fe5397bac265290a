import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { runDueJobs } from '../../engine/jobs/index.ts';
import { configureMailer } from '../../engine/notify/index.ts';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

describe('notify/email: e-mail copies of workflow messages over SMTP', function () {
  this.timeout(120_000);
  let app: DemoApp;
  let smtp: SMTPServer;
  const received: { to: string; data: string }[] = [];

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    configureMailer({ url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, from: 'CRM <crm@hdjj.example.cn>' });
    app = await startDemoApp();
  });
  after(async () => {
    configureMailer(undefined);
    await app?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('mails the approver a copy of the task message through the job runner, not inside the approval', async () => {
    assert.equal((await app.as('admin').patch(`/api/records/app_user/${app.users.sales_mgr1.id}`, { email: 'zhang.haitao@hdjj.example.cn' })).status, 200);
    const customer = String((await app.sql<{ id: string }>(`select id from ${app.table('customer')} where owner = ? limit 1`, [app.users.sales1.id]))[0]!.id);
    const c = await app.as('sales1').post('/api/records/contract', { name: '邮件测试合同', customer, amount: 20000, contract_type: 'equipment' });
    assert.equal((await app.as('sales1').post(`/api/records/contract/${c.body.id}/actions/submit`, {})).status, 200);
    assert.equal(received.length, 0, 'nothing is sent inside the request');
    await runDueJobs(app.engine.systemContext());
    const mail = received.find((m) => m.to === 'zhang.haitao@hdjj.example.cn');
    assert.ok(mail, JSON.stringify(received.map((m) => m.to)));
    assert.match(mail.data, /Subject: =\?UTF-8\?/i, 'a Chinese subject, encoded');
    const jobs = await app.sql<{ status: string }>(`select status from ${app.table('crm_job')} where kind = 'send_email'`);
    assert.ok(jobs.length >= 1 && jobs.every((j) => j.status === 'done' || j.status === 'skipped'), JSON.stringify(jobs));
  });
});
