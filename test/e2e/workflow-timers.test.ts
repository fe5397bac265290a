import assert from 'node:assert/strict';
import { runDueJobs, setClockOffset } from '../../engine/jobs/index.ts';
import { openEngine } from '../../engine/server/index.ts';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';
import { testDatabaseKind } from '../helpers/test-database.ts';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('e2e/workflow: timers on the business clock (reminders, SLA escalation, expiry)', function () {
  this.timeout(120_000);
  let app: DemoApp;
  let customer: string;
  before(async () => {
    app = await startDemoApp();
    customer = String((await app.sql<{ id: string }>(`select id from ${app.table('customer')} where owner = ? limit 1`, [app.users.sales1.id]))[0]!.id);
  });
  after(() => app?.close());
  afterEach(() => setClockOffset(app.engine.db.knex, app.engine.tenant, 0));

  const clock = (seconds: number) => setClockOffset(app.engine.db.knex, app.engine.tenant, seconds);
  const runJobs = () => runDueJobs(app.engine.systemContext());
  const act = (as: DemoUser, entity: string, id: string, action: string, body: unknown = {}) => app.as(as).post(`/api/records/${entity}/${id}/actions/${action}`, body);
  const messages = (user: DemoUser, recordId: string, kind: string) =>
    app.sql(`select * from ${app.table('crm_message')} where recipient = ? and record_id = ? and kind = ?`, [app.users[user].id, recordId, kind]);

  async function sentQuote(validUntil = '2030-12-31'): Promise<string> {
    const r = await app.as('sales1').post('/api/records/quote', { subject: '报价', customer, quote_date: '2026-11-20', valid_until: validUntil, lines: [] });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const submitted = await act('sales1', 'quote', r.body.id, 'submit');
    assert.equal(submitted.body.state?.code, 'approved', 'a small quote needs no approval step');
    assert.equal((await act('sales1', 'quote', r.body.id, 'send')).body.state.code, 'sent');
    return String(r.body.id);
  }

  it('reminds the owner\'s manager three days after a quote is sent without follow-up, exactly once, even after a restart and with two runners', async () => {
    const id = await sentQuote();
    await clock(2 * DAY);
    await runJobs();
    assert.equal((await messages('sales_mgr1', id, 'reminder')).length, 0, 'not yet due');
    await clock(3 * DAY + HOUR);
    await Promise.all([runJobs(), runJobs()]);
    assert.equal((await messages('sales_mgr1', id, 'reminder')).length, 1);
    await runJobs();
    // A second engine on the same server (a restart, or another server process) finds nothing left to do. PGlite
    // allows one process per data folder, so there the restart is the same engine running again.
    if (testDatabaseKind() === 'postgres') {
      const other = await openEngine(app.config, { sync: false });
      await runDueJobs(other.systemContext());
      await other.close();
    }
    assert.equal((await messages('sales_mgr1', id, 'reminder')).length, 1);
  });

  it('does not remind when a follow-up activity was logged, nor for a quote that left the state', async () => {
    const followed = await sentQuote();
    const activity = await app.as('sales1').post('/api/records/activity', { subject: '电话跟进', activity_type: 'phone', activity_time: new Date().toISOString(), notes: '客户在比价', customer });
    assert.equal(activity.status, 201, JSON.stringify(activity.body));
    const accepted = await sentQuote();
    assert.equal((await act('sales1', 'quote', accepted, 'accept')).status, 200);
    await clock(4 * DAY);
    await runJobs();
    assert.equal((await messages('sales_mgr1', followed, 'reminder')).length, 0);
    assert.equal((await messages('sales_mgr1', accepted, 'reminder')).length, 0);
    const jobs = await app.sql<{ status: string }>(`select status from ${app.table('crm_job')} where payload->>'timer' = 'follow_up' and payload->>'recordId' in (?, ?)`, [followed, accepted]);
    assert.deepEqual(jobs.map((j) => j.status), ['skipped', 'skipped']);
  });

  it('expires a sent quote the day after its validity date', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const id = await sentQuote(today);
    await clock(2 * DAY);
    await runJobs();
    const row = (await app.sql<{ status: string }>(`select status from ${app.table('quote')} where id = ?`, [id]))[0];
    assert.equal(row?.status, 'expired');
  });

  it('assigns a new service ticket round-robin within 服务部 and escalates to service_mgr when the response deadline passes', async () => {
    const r = await app.as('sales1').post('/api/records/service_ticket', { subject: '主轴异响', ticket_type: 'repair', priority: 'medium', customer, reported_time: new Date().toISOString(), fault_description: '高速运转时异响' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const ticket = (await app.sql<{ status: string; assigned_to: string }>(`select status, assigned_to from ${app.table('service_ticket')} where id = ?`, [r.body.id]))[0]!;
    assert.equal(ticket.status, 'assigned');
    assert.equal(ticket.assigned_to, app.users.service1.id);
    assert.equal((await messages('service1', r.body.id, 'dispatch')).length, 1);
    await clock(9 * HOUR);
    await runJobs();
    assert.equal((await messages('service_mgr', r.body.id, 'escalation')).length, 1);
  });

  it('does not escalate a ticket whose handling started in time', async () => {
    const r = await app.as('sales1').post('/api/records/service_ticket', { subject: '换刀卡滞', ticket_type: 'repair', priority: 'high', customer, reported_time: new Date().toISOString(), fault_description: '刀塔换刀卡滞' });
    assert.equal((await act('service1', 'service_ticket', r.body.id, 'start')).status, 200);
    await clock(5 * HOUR);
    await runJobs();
    assert.equal((await messages('service_mgr', r.body.id, 'escalation')).length, 0);
  });
});
