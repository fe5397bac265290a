// 业务移交 over HTTP on the demo company: sales2's customers spread round-robin over three colleagues, open
// opportunities following their customer, sales2 disabled but kept, one audit entry per moved record, and every
// refused or failed handover leaving everything as it was.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { assignOwner } from '../../engine/data/index.ts';
import { quoteIdent } from '../../engine/db/index.ts';
import type { EntityDef } from '../../engine/metadata/index.ts';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';
import type { Row } from '../helpers/demo-rights.ts';

describe('access/handover: POST /api/handover on the demo company', function () {
  this.timeout(60_000);
  let app: DemoApp;
  let customers: Row[];
  let openOpportunities: Row[];
  let wonOpportunities: Row[];
  const REASON = '离职移交:销售二部调整';

  /** Owner and department of every record in every entity table, to prove that nothing moved. */
  async function ownership(): Promise<string> {
    const out: string[] = [];
    for (const name of app.engine.model().entities.keys()) {
      const rows = await app.sql<Row>(`select id, owner, department, version from ${app.table(name)} order by id`);
      out.push(`${name}:${JSON.stringify(rows)}`);
    }
    return out.join('\n');
  }
  const handoverEntries = async () => app.sql<Row>(`select * from ${app.table('crm_audit')} where action = 'handover' order by seq`);
  const isActive = async (id: string) => (await app.sql<{ active: boolean }>(`select active from ${app.table('app_user')} where id = ?`, [id]))[0]?.active;

  before(async () => {
    app = await startDemoApp();
    const { sales2, sales_mgr1 } = app.users;
    // Start from a sales2 who owns nothing, so the 7 customers below are all there is to hand over.
    const owned: [EntityDef, string][] = [];
    for (const entity of app.engine.model().entities.values()) {
      for (const r of await app.sql<{ id: string }>(`select id from ${app.table(entity.name)} where owner = ?`, [sales2.id])) owned.push([entity, r.id]);
    }
    const ctx = app.systemContext();
    // Every query inside goes through trx: PGlite is one connection.
    await ctx.knex.transaction(async (trx) => {
      for (const [entity, id] of owned) await assignOwner({ ...ctx, knex: trx }, entity, id, sales_mgr1.id);
    });
    for (let i = 1; i <= 7; i++) {
      const c = await app.as('sales2').post('/api/records/customer', { name: `移交测试客户${i}号` });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      const open = await app.as('sales2').post('/api/records/opportunity', { name: `在谈商机${i}`, customer: c.body.id, open_date: '2026-05-01', amount: 100_000 * i });
      assert.equal(open.status, 201, JSON.stringify(open.body));
      const won = await app.as('sales2').post('/api/records/opportunity', {
        name: `赢单商机${i}`,
        customer: c.body.id,
        stage: 'won',
        probability: 100,
        open_date: '2026-01-05',
        actual_close_date: '2026-03-01',
        win_loss_reason: 'technology',
        amount: 50_000 * i,
      });
      assert.equal(won.status, 201, JSON.stringify(won.body));
    }
    customers = await app.sql<Row>(`select * from ${app.table('customer')} where owner = ? order by created_at, id`, [sales2.id]);
    const opportunities = await app.sql<Row>(`select * from ${app.table('opportunity')} where owner = ? order by created_at, id`, [sales2.id]);
    openOpportunities = opportunities.filter((o) => o.stage !== 'won');
    wonOpportunities = opportunities.filter((o) => o.stage === 'won');
    assert.deepEqual([customers.length, openOpportunities.length, wonOpportunities.length], [7, 7, 7]);
    for (const entity of app.engine.model().entities.keys()) {
      const owned = await app.sql(`select 1 from ${app.table(entity)} where owner = ?`, [sales2.id]);
      assert.equal(owned.length, entity === 'customer' || entity === 'opportunity' ? 7 * (entity === 'customer' ? 1 : 2) : 0, entity);
    }
  });
  after(() => app?.close());

  const heirs = () => [app.users.sales1.id, app.users.sales3.id, app.users.sales_mgr1.id];

  it('is refused without the handover function (403) and moves nothing', async () => {
    const before = await ownership();
    for (const user of ['sales_mgr1', 'sales1', 'service_mgr'] as const) {
      const r = await app.as(user).post('/api/handover', { from: app.users.sales2.id, to: heirs() });
      assert.equal(r.status, 403, user);
    }
    assert.equal(await ownership(), before);
    assert.equal(await isActive(app.users.sales2.id), true);
  });

  it('refuses an unknown or disabled heir, the departing user among the heirs, and malformed requests, moving nothing', async () => {
    const disabled = await app.as('admin').post('/api/records/app_user', { username: `left${randomUUID().slice(0, 8)}`, display_name: '已离职', dept: app.departments['销售二部'], active: false });
    assert.equal(disabled.status, 201, JSON.stringify(disabled.body));
    const before = await ownership();
    const from = app.users.sales2.id;
    const cases: [body: unknown, status: number, path: string][] = [
      [{ from, to: [app.users.sales1.id, randomUUID()] }, 422, '/to/1'],
      [{ from, to: [disabled.body.id] }, 422, '/to/0'],
      [{ from: randomUUID(), to: heirs() }, 422, '/from'],
      [{ from, to: [app.users.sales1.id, from] }, 400, '/to'],
      [{ from, to: [app.users.sales1.id, app.users.sales1.id] }, 400, '/to'],
      [{ from, to: [] }, 400, '/to'],
      [{ from, to: heirs(), entities: ['customer', 'no_such_entity'] }, 400, '/entities'],
      [{ from, to: heirs(), owner: app.users.gm.id }, 400, '/owner'],
      [{ from: 'sales2', to: ['sales1'] }, 400, '/from'],
    ];
    for (const [body, status, path] of cases) {
      const r = await app.as('gm').post('/api/handover', body);
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
      assert.ok(r.body.error.details.some((d: Row) => d.path === path), `${JSON.stringify(body)} names ${path}: ${JSON.stringify(r.body.error.details)}`);
    }
    assert.equal(await ownership(), before);
    assert.equal(await isActive(from), true);
    assert.equal((await app.as('sales2').get('/api/me')).status, 200);
    assert.deepEqual(await handoverEntries(), []);
  });

  it('rolls everything back when it fails half-way (customers already moved, then an opportunity refuses)', async () => {
    const before = await ownership();
    const schema = quoteIdent(app.engine.tenant.schema);
    const fn = `${schema}.${quoteIdent('refuse_owner_change')}`;
    // Injected fault: the database refuses to change an opportunity's owner, after the customers have moved.
    await app.sql(`create function ${fn}() returns trigger language plpgsql as $$ begin raise exception 'injected handover failure' using errcode = '23514'; end $$`);
    await app.sql(`create trigger refuse_owner_change before update on ${app.table('opportunity')} for each row when (old.owner is distinct from new.owner) execute function ${fn}()`);
    try {
      const r = await app.as('gm').post('/api/handover', { from: app.users.sales2.id, to: heirs(), reason: REASON });
      assert.equal(r.status, 422, JSON.stringify(r.body));
    } finally {
      await app.sql(`drop trigger refuse_owner_change on ${app.table('opportunity')}`);
      await app.sql(`drop function ${fn}()`);
    }
    assert.equal(await ownership(), before);
    assert.equal(await isActive(app.users.sales2.id), true, 'sales2 is still active');
    assert.equal((await app.as('sales2').get('/api/me')).status, 200, "sales2's session was not revoked");
    assert.deepEqual(await handoverEntries(), []);
  });

  it('spreads 7 customers 3/2/2 over sales1, sales3 and sales_mgr1; open opportunities follow their customer; won ones go round-robin', async () => {
    const r = await app.as('gm').post('/api/handover', { from: app.users.sales2.id, to: heirs(), reason: REASON });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [s1, s3, m1] = heirs() as [string, string, string];
    assert.deepEqual(r.body, { moved: { customer: { [s1]: 3, [s3]: 2, [m1]: 2 }, opportunity: { [s1]: 3 + 3, [s3]: 2 + 2, [m1]: 2 + 2 } }, disabled: true });

    const deptOf = (userId: string) => Object.values(app.users).find((u) => u.id === userId)!.dept;
    const now = async (entity: string, id: unknown) => (await app.sql<Row>(`select owner, department from ${app.table(entity)} where id = ?`, [id]))[0]!;
    const newOwner = new Map<unknown, string>();
    for (const [i, c] of customers.entries()) {
      const moved = await now('customer', c.id);
      assert.equal(moved.owner, heirs()[i % 3], `customer ${i + 1} goes round-robin in creation order`);
      assert.equal(moved.department, deptOf(String(moved.owner)), 'the department follows the owner');
      newOwner.set(c.id, String(moved.owner));
    }
    for (const o of openOpportunities) {
      const moved = await now('opportunity', o.id);
      assert.equal(moved.owner, newOwner.get(o.customer), "an open opportunity follows its customer's new owner");
      assert.equal(moved.department, deptOf(String(moved.owner)));
    }
    const wonOwners = await Promise.all(wonOpportunities.map(async (o) => String((await now('opportunity', o.id)).owner)));
    assert.deepEqual(wonOwners, wonOpportunities.map((_, i) => heirs()[i % 3]), 'won opportunities are spread round-robin in creation order');

    // The heirs see their new records through their own scopes.
    const sales3Customers = customers.filter((c) => newOwner.get(c.id) === s3);
    for (const c of sales3Customers) assert.equal((await app.as('sales3').get(`/api/records/customer/${String(c.id)}`)).status, 200);
    assert.equal((await app.as('sales1').get(`/api/records/customer/${String(sales3Customers[0]!.id)}`)).status, 404, 'now in 销售二部');
  });

  it('disables sales2 without deleting it: its session ends and it cannot sign in, and it owns nothing any more', async () => {
    const [user] = await app.sql<Row>(`select * from ${app.table('app_user')} where id = ?`, [app.users.sales2.id]);
    assert.ok(user, 'sales2 is kept');
    assert.equal(user.active, false);
    assert.equal((await app.as('sales2').get('/api/me')).status, 401);
    assert.equal((await app.login('sales2')).status, 401);
    for (const entity of app.engine.model().entities.keys()) {
      assert.deepEqual(await app.sql(`select id from ${app.table(entity)} where owner = ?`, [app.users.sales2.id]), [], entity);
    }
  });

  it('logs one handover entry per moved record, by the gm, with the reason and the owner change', async () => {
    const r = await app.as('gm').get('/api/audit?action=handover&limit=500');
    assert.equal(r.status, 200);
    const entries = r.body.data as Row[];
    const moved = [...customers, ...openOpportunities, ...wonOpportunities];
    assert.equal(entries.length, moved.length);
    assert.deepEqual(entries.map((e) => e.record_id).sort(), moved.map((m) => m.id).sort(), 'one entry per record, none twice');
    for (const e of entries) {
      assert.equal(e.actor_id, app.users.gm.id);
      assert.equal(e.actor_kind, 'user');
      assert.equal((e.context as Row).reason, REASON);
      const owner = (e.changes as Record<string, { before: unknown; after: unknown }>).owner!;
      assert.equal(owner.before, app.users.sales2.id);
      assert.ok(heirs().includes(String(owner.after)));
    }
    const history = await app.as('sales1').get(`/api/records/customer/${String(customers[0]!.id)}/history`);
    assert.equal(history.status, 200);
    assert.equal(history.body.data.filter((e: Row) => e.action === 'handover').length, 1);
    const disabled = await app.as('gm').get(`/api/audit?entity=app_user&record_id=${app.users.sales2.id}&action=update`);
    assert.deepEqual(disabled.body.data.map((e: Row) => (e.changes as Row).active), [{ before: true, after: false }]);
  });
});
