// 导出设置 and the expiry of export requests on the business clock: the settings are validated whole (422 naming each
// field in the caller's language, nothing changed) and audited; an approved export is downloadable for the download
// period from its approval, an unanswered request waits the approval period at most; the daily job then marks them
// 已过期 once, takes the unanswered one out of the approver's inbox and tells the requester.
import assert from 'node:assert/strict';
import { runDueJobs, setClockOffset } from '../../engine/jobs/index.ts';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;
const DAY = 86_400_000;

describe('e2e/export-expiry: export settings and the expiry of export requests', function () {
  this.timeout(180_000);
  let app: DemoApp;
  let scoped: number;
  before(async () => {
    app = await startDemoApp();
    scoped = Number((await app.as('sales_mgr1').get('/api/records/customer?count=exact&limit=1')).body.count);
  });
  after(async () => {
    if (app) await setClockOffset(app.engine.db.knex, app.engine.tenant, 0);
    await app?.close();
  });

  const put = (body: unknown, query = '') => app.send('PUT', `/api/export-requests/settings${query}`, body, { as: 'admin' });
  const mine = async (id: string) => ((await app.as('sales_mgr1').get('/api/export-requests')).body.data as Row[]).find((r) => r.id === id)!;
  const stored = async (id: string) => (await app.sql<Row>(`select status, expires_at from ${app.table('export_request')} where id = ?`, [id]))[0]!;
  const messages = () => app.sql<Row>(`select record_id, title from ${app.table('crm_message')} where recipient = ? and title like '导出申请已过期%'`, [app.users.sales_mgr1.id]);
  const inInbox = async (id: string) => ((await app.as('sales_director').get('/api/inbox')).body.data as Row[]).some((t) => t.record_id === id);
  const dbNow = async () => Date.parse(String((await app.sql<{ now: string }>('select now() as now'))[0]!.now));

  it('answers the defaults, refuses bad settings with 422 at each field and nothing changed, and audits a change', async () => {
    assert.deepEqual((await app.as('sales1').get('/api/export-requests/settings')).body, { threshold: 5000, download_days: 7, pending_days: 14 });
    assert.equal((await app.send('PUT', '/api/export-requests/settings', { download_days: 3 }, { as: 'sales_mgr1' })).status, 403, 'the metadata function');
    const cases: [unknown, string[]][] = [
      [{ download_days: 0 }, ['/download_days']],
      [{ pending_days: 366 }, ['/pending_days']],
      [{ threshold: 1.5, download_days: '7' }, ['/threshold', '/download_days']],
      [{ threshold: -1, colour: 'red' }, ['/threshold', '/colour']],
      [{}, ['/']],
      [[], ['/']],
    ];
    for (const [body, paths] of cases) {
      const r = await put(body);
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.deepEqual(r.body.error.details.map((d: Row) => d.path), paths, JSON.stringify(body));
    }
    assert.match((await put({ download_days: 0 })).body.error.details[0].message, /^下载期限须为 1 到 365 的整数/);
    assert.match((await put({ download_days: 0 }, '?lang=en')).body.error.details[0].message, /^must be a whole number of days, 1 to 365/);
    assert.deepEqual((await app.as('admin').get('/api/export-requests/settings')).body, { threshold: 5000, download_days: 7, pending_days: 14 }, 'nothing changed');

    const saved = await put({ threshold: scoped - 1, download_days: 2, pending_days: 3 });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body, { threshold: scoped - 1, download_days: 2, pending_days: 3 });
    const [audit] = await app.sql<Row>(`select actor_id, changes from ${app.table('crm_audit')} where action = 'metadata_change' and entity = 'export_request' order by seq desc limit 1`);
    assert.equal(audit!.actor_id, app.users.admin.id);
    assert.deepEqual(audit!.changes, { export_approval_threshold: [5000, scoped - 1], export_download_days: [7, 2], export_pending_days: [14, 3] });
  });

  it('expires an approved export after the download period and an unanswered one after the approval period, once', async () => {
    const file = async () => {
      const r = await app.as('sales_mgr1').get('/api/records/customer/export');
      assert.equal(r.status, 202, JSON.stringify(r.body));
      return String(r.body.data.id);
    };
    const unanswered = await file();
    const approved = await file();
    const filedAt = await dbNow();
    assert.equal((await app.as('sales_director').post(`/api/records/export_request/${approved}/actions/approve`, {})).status, 200);
    const approvedAt = await dbNow();
    const hours = (at: unknown, from: number) => Math.round((Date.parse(String(at)) - from) / 3_600_000);
    assert.equal(hours((await mine(unanswered)).expires_at, filedAt), 3 * 24, 'waits the approval period');
    assert.equal(hours((await mine(approved)).expires_at, approvedAt), 2 * 24, 'downloadable for the download period from the approval');

    await setClockOffset(app.engine.db.knex, app.engine.tenant, 2.5 * DAY / 1000);
    assert.equal((await mine(approved)).status, 'expired', 'reads as expired at once');
    assert.equal((await mine(unanswered)).status, 'in_approval');
    const late = await app.as('sales_mgr1').get(`/api/export-requests/${approved}/file`);
    assert.equal(late.status, 409);
    assert.match(late.body.error.details[0].message, /已过期/);
    await runDueJobs(app.engine.systemContext());
    assert.equal((await stored(approved)).status, 'expired', 'the job records it');
    assert.equal((await stored(unanswered)).status, 'in_approval');
    assert.deepEqual((await messages()).map((m) => m.record_id), [approved]);
    assert.ok(await inInbox(unanswered), 'still waiting for its approver');

    await setClockOffset(app.engine.db.knex, app.engine.tenant, 3.5 * DAY / 1000);
    await Promise.all([runDueJobs(app.engine.systemContext()), runDueJobs(app.engine.systemContext())]);
    await runDueJobs(app.engine.systemContext());
    assert.equal((await stored(unanswered)).status, 'expired');
    assert.equal((await mine(unanswered)).status, 'expired');
    assert.equal(await inInbox(unanswered), false, 'out of the approver\'s inbox');
    const approve = await app.as('sales_director').post(`/api/records/export_request/${unanswered}/actions/approve`, {});
    assert.equal(approve.status, 409, 'no longer approvable');
    assert.deepEqual((await messages()).map((m) => m.record_id).sort(), [approved, unanswered].sort(), 'the requester is told once of each');
    const history = await app.sql<Row>(`select action, to_state from ${app.table('crm_wf_history')} where record_id = ? and to_state = 'expired'`, [unanswered]);
    assert.equal(history.length, 1, 'on the record\'s history');
  });
});
