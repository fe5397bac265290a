// POST /api/reports/run through the public API as the demo users: one aggregate under the viewer's row scope and
// field mask, equal to hand-written SQL over the same rows; refusals name the field's path.
import assert from 'node:assert/strict';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;

describe('reports/run: aggregates under the viewer\'s scope and field rights', function () {
  this.timeout(240_000);
  let app: DemoApp;
  before(async () => (app = await startDemoApp()));
  after(() => app?.close());

  const run = (user: DemoUser, def: unknown) => app.as(user).post('/api/reports/run', def);
  const ok = async (user: DemoUser, def: unknown) => {
    const r = await run(user, def);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as { columns: Row[]; rows: Row[]; totals: Row; truncated: boolean };
  };
  const num = (v: unknown) => (v === null ? null : Number(v));
  const anyCustomer = async () => ((await app.sql<Row>(`select id from ${app.table('customer')} order by name limit 1`))[0]!.id as string);

  it('counts and sums opportunities by stage for the admin, equal to hand-written SQL, with the grand totals', async () => {
    const body = await ok('admin', { entity: 'opportunity', group_by: [{ field: 'stage' }], measures: [{ op: 'count', as: 'n' }, { op: 'sum', field: 'amount', as: 'amount' }] });
    const expected = await app.sql<Row>(`select stage, count(*)::int as n, sum(amount)::text as amount from ${app.table('opportunity')} group by stage order by stage`);
    assert.ok(expected.length > 2);
    assert.deepEqual(body.rows.map((x) => [x.stage, x.n, x.amount]), expected.map((x) => [x.stage, x.n, num(x.amount)]));
    const [all] = await app.sql<Row>(`select count(*)::int as n, sum(amount)::text as amount from ${app.table('opportunity')}`);
    assert.deepEqual(body.totals, { n: all!.n, amount: Number(all!.amount) });
    assert.deepEqual(body.columns.map((c) => [c.key, c.role, c.type]), [['stage', 'group', 'enum'], ['n', 'measure', 'integer'], ['amount', 'measure', 'money']]);
    assert.equal(body.columns[0]!.label, app.engine.model().entities.get('opportunity')!.fields.get('stage')!.labels['zh-CN']);
    assert.ok((body.columns[0]!.options as Row[]).some((o) => o.code === 'won' && typeof o.label === 'string' && o.label !== 'won'), 'option labels for the codes');
    assert.equal(body.truncated, false);
  });

  it("gives sales1 only the opportunities sales1 may read: each stage's count equals the list's count=exact", async () => {
    const body = await ok('sales1', { entity: 'opportunity', group_by: [{ field: 'stage' }], measures: [{ op: 'count', as: 'n' }] });
    const admin = await ok('admin', { entity: 'opportunity', measures: [{ op: 'count', as: 'n' }] });
    assert.ok((body.totals.n as number) < (admin.totals.n as number), 'other departments\' opportunities stay out');
    assert.ok(body.rows.length > 0);
    for (const row of body.rows) {
      const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'stage' }, row.stage] }));
      const listed = await app.as('sales1').get(`/api/records/opportunity?count=exact&limit=1&filter=${filter}`);
      assert.equal(row.n, listed.body.count, `stage ${String(row.stage)}`);
    }
    const listed = await app.as('sales1').get('/api/records/opportunity?count=exact&limit=1');
    assert.equal(body.totals.n, listed.body.count);
  });

  it('refuses service1 the sum of contract.amount, a group by it and a filter on it, with 403 naming each path', async () => {
    const sum = await run('service1', { entity: 'contract', measures: [{ op: 'sum', field: 'amount', as: 'total' }] });
    assert.equal(sum.status, 403);
    assert.deepEqual(sum.body.error.details.map((d: Row) => d.path), ['/measures/0/field']);
    assert.match(sum.body.error.details[0].message, /"amount"/);
    const group = await run('service1', { entity: 'contract', group_by: [{ field: 'amount' }], measures: [{ op: 'count', as: 'n' }] });
    assert.equal(group.status, 403);
    assert.equal(group.body.error.details[0].path, '/group_by/0/field');
    const filter = await run('service1', { entity: 'contract', filter: { '>': [{ var: 'amount' }, 100000] }, measures: [{ op: 'count', as: 'n' }] });
    assert.equal(filter.status, 403);
    assert.equal(filter.body.error.details[0].path, '/filter/>/0/var');
    const through = await run('service1', { entity: 'sales_order', group_by: [{ field: 'status' }], measures: [{ op: 'sum', field: 'contract.amount', as: 'total' }] });
    assert.equal(through.status, 403, 'a hidden field of a referenced entity is refused too');
    assert.deepEqual(through.body.error.details, [{ path: '/measures/0/field', message: 'no right to read "contract.amount"' }]);
    const entity = await run('service1', { entity: 'receivable', measures: [{ op: 'count', as: 'n' }] });
    assert.equal(entity.status, 403, 'an entity without the read right');
  });

  it("groups sales1's opportunities by the customer's region, revealing a region only where sales1 may read the customer", async () => {
    const body = await ok('sales1', { entity: 'opportunity', group_by: [{ field: 'customer.region' }], measures: [{ op: 'count', as: 'n' }, { op: 'sum', field: 'amount', as: 'amount' }] });
    const dept = app.users.sales1.dept;
    const expected = await app.sql<Row>(
      `select c.region, count(*)::int as n, sum(o.amount)::text as amount from ${app.table('opportunity')} o
       left join ${app.table('customer')} c on c.id = o.customer and c.department = ?
       where o.department = ? group by c.region order by c.region nulls last`,
      [dept, dept],
    );
    assert.deepEqual(body.rows.map((x) => [x['customer.region'], x.n, x.amount]), expected.map((x) => [x.region, x.n, num(x.amount)]));
    assert.equal(body.columns[0]!.label, '客户·区域'.replace('客户', app.engine.model().entities.get('opportunity')!.fields.get('customer')!.labels['zh-CN']).replace('区域', app.engine.model().entities.get('customer')!.fields.get('region')!.labels['zh-CN']));
  });

  it('names the referenced record of a group on a reference (the owner), under the viewer\'s scope', async () => {
    const body = await ok('admin', { entity: 'opportunity', group_by: [{ field: 'owner' }], measures: [{ op: 'count', as: 'n' }], sort: [{ key: 'n', desc: true }] });
    const user = app.engine.model().entities.get('app_user')!;
    const expected = await app.sql<Row>(`select o.owner, u."${user.displayField}" as name, count(*)::int as n from ${app.table('opportunity')} o join ${app.table('app_user')} u on u.id = o.owner group by o.owner, u."${user.displayField}" order by n desc, o.owner`);
    assert.deepEqual(body.rows.map((x) => [x.owner, x.owner__name, x.n]), expected.map((x) => [x.owner, x.name, x.n]));
    assert.equal(body.columns[0]!.target, 'app_user');
  });

  it('buckets dates by month and timestamps by day in the business time zone', async () => {
    const months = await ok('admin', { entity: 'opportunity', group_by: [{ field: 'open_date', bucket: 'month' }], measures: [{ op: 'count', as: 'n' }] });
    const expected = await app.sql<Row>(`select to_char(date_trunc('month', open_date), 'YYYY-MM-DD') as m, count(*)::int as n from ${app.table('opportunity')} group by 1 order by 1 nulls last`);
    assert.deepEqual(months.rows.map((x) => [x.open_date, x.n]), expected.map((x) => [x.m, x.n]));
    assert.equal(months.columns[0]!.type, 'date');
    assert.equal(months.columns[0]!.bucket, 'month');

    const at = '2026-03-01T16:30:00.000Z'; // 2 March 00:30 in Shanghai
    const created = await app.as('admin').post('/api/records/service_ticket', { subject: '时区分组', ticket_type: 'inquiry', reported_time: at, customer: await anyCustomer() });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const days = await ok('admin', {
      entity: 'service_ticket',
      filter: { '==': [{ var: 'subject' }, '时区分组'] },
      group_by: [{ field: 'reported_time', bucket: 'day' }, { field: 'reported_time', bucket: 'quarter', as: 'quarter' }],
      measures: [{ op: 'count', as: 'n' }],
    });
    assert.deepEqual(days.rows, [{ reported_time: '2026-03-02', quarter: '2026-01-01', n: 1 }]);
    const weeks = await ok('admin', { entity: 'service_ticket', filter: { '==': [{ var: 'subject' }, '时区分组'] }, group_by: [{ field: 'reported_time', bucket: 'week' }], measures: [{ op: 'count', as: 'n' }] });
    assert.equal(weeks.rows[0]!.reported_time, '2026-03-02', 'weeks start on Monday');
  });

  it('adds money exactly in the database', async () => {
    for (const amount of [0.1, 0.2, 9999999999.99, 9999999999.99, 9999999999.99]) {
      const r = await app.as('admin').post('/api/records/opportunity', { name: '精确金额测试', amount, stage: 'initial', customer: await anyCustomer(), open_date: '2026-01-05' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const body = await ok('admin', { entity: 'opportunity', filter: { '==': [{ var: 'name' }, '精确金额测试'] }, measures: [{ op: 'sum', field: 'amount', as: 'total' }, { op: 'max', field: 'amount', as: 'max' }, { op: 'count_distinct', field: 'amount', as: 'values' }] });
    assert.deepEqual(body.totals, { total: 30000000000.27, max: 9999999999.99, values: 3 });
    assert.deepEqual(body.rows, [body.totals], 'without groups the one row is the totals');
  });

  it('pivots a second dimension into columns, with row totals and column totals from the same statement', async () => {
    const body = await ok('admin', { entity: 'opportunity', group_by: [{ field: 'owner' }], pivot: { field: 'stage' }, measures: [{ op: 'count', as: 'n' }] });
    const cells = await app.sql<Row>(`select owner, stage, count(*)::int as n from ${app.table('opportunity')} group by owner, stage`);
    for (const c of cells) {
      const row = body.rows.find((r) => r.owner === c.owner)!;
      assert.equal(row[`n:${String(c.stage)}`], c.n);
    }
    const byOwner = await app.sql<Row>(`select owner, count(*)::int as n from ${app.table('opportunity')} group by owner`);
    for (const o of byOwner) assert.equal(body.rows.find((r) => r.owner === o.owner)!.n, o.n, 'row total');
    const byStage = await app.sql<Row>(`select stage, count(*)::int as n from ${app.table('opportunity')} group by stage`);
    for (const s of byStage) assert.equal(body.totals[`n:${String(s.stage)}`], s.n, 'column total');
    const pivotColumns = body.columns.filter((c) => c.pivot !== undefined);
    assert.equal(pivotColumns.length, byStage.length);
    assert.ok(pivotColumns.every((c) => c.measure === 'n' && typeof c.label === 'string'));
  });

  it('reads date-range parameters, orders by a measure and stops at the limit while the totals cover everything', async () => {
    const def = {
      entity: 'opportunity',
      parameters: [{ name: 'from', type: 'date', required: true }, { name: 'to', type: 'date', default: '2099-12-31' }],
      filter: { and: [{ '>=': [{ var: 'open_date' }, { var: '$param.from' }] }, { '<=': [{ var: 'open_date' }, { var: '$param.to' }] }] },
      group_by: [{ field: 'customer' }],
      measures: [{ op: 'sum', field: 'amount', as: 'amount' }],
      sort: [{ key: 'amount', desc: true }],
      limit: 2,
    };
    const body = await ok('admin', { ...def, values: { from: '2000-01-01' } });
    const expected = await app.sql<Row>(`select customer, sum(amount)::text as amount from ${app.table('opportunity')} where open_date >= '2000-01-01' group by customer order by sum(amount) desc nulls last, customer limit 3`);
    assert.deepEqual(body.rows.map((r) => [r.customer, r.amount]), expected.slice(0, 2).map((x) => [x.customer, num(x.amount)]));
    assert.equal(body.truncated, expected.length > 2);
    const [all] = await app.sql<Row>(`select sum(amount)::text as amount from ${app.table('opportunity')} where open_date >= '2000-01-01'`);
    assert.equal(body.totals.amount, Number(all!.amount));
    const missing = await run('admin', def);
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body.error.details.map((d: Row) => d.path), ['/values/from']);
  });

  it('refuses bad definitions with 4xx and the path of each problem, running nothing', async () => {
    const cases: [unknown, number, string][] = [
      [{ entity: 'nothing', measures: [{ op: 'count', as: 'n' }] }, 422, '/entity'],
      [{ entity: 'opportunity', group_by: [{ field: 'nothing' }], measures: [{ op: 'count', as: 'n' }] }, 422, '/group_by/0/field'],
      [{ entity: 'opportunity', group_by: [{ field: 'customer.nothing' }], measures: [{ op: 'count', as: 'n' }] }, 422, '/group_by/0/field'],
      [{ entity: 'opportunity', measures: [{ op: 'sum', field: 'name', as: 's' }] }, 422, '/measures/0/op'],
      [{ entity: 'opportunity', group_by: [{ field: 'stage', bucket: 'month' }], measures: [{ op: 'count', as: 'n' }] }, 422, '/group_by/0/bucket'],
      [{ entity: 'opportunity', measures: [{ op: 'count', as: 'n' }], limit: 10000 }, 400, '/limit'],
      [{ entity: 'opportunity', filter: { regex: [{ var: 'name' }, 'x'] }, measures: [{ op: 'count', as: 'n' }] }, 422, '/filter'],
      [{ entity: 'opportunity', measures: [] }, 400, '/measures'],
      [{ entity: 'opportunity', measures: [{ op: 'median', as: 'm' }] }, 400, '/measures/0/op'],
      [{ entity: 'opportunity', measures: [{ op: 'count', as: 'n' }], sort: [{ key: 'stage' }] }, 422, '/sort/0/key'],
      [{ entity: 'opportunity', measures: [{ op: 'count', as: 'n' }, { op: 'count', as: 'n' }] }, 422, '/measures/1/as'],
      [{ entity: 'opportunity', group_by: [{ field: 'interested_products' }], measures: [{ op: 'count', as: 'n' }] }, 422, '/group_by/0/field'],
    ];
    // Nothing runs: no statement of the request reads the report's entity (sign-in and the like still do their own).
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    app.engine.db.knex.on('query', onQuery);
    try {
      for (const [def, status, path] of cases) {
        const r = await run('admin', def);
        assert.equal(r.status, status, `${JSON.stringify(def)}: ${JSON.stringify(r.body)}`);
        assert.ok(r.body.error.details.some((d: Row) => String(d.path).startsWith(path)), `${path} in ${JSON.stringify(r.body.error.details)}`);
      }
      const control = await run('admin', { entity: 'opportunity', measures: [{ op: 'count', as: 'n' }] });
      assert.equal(control.status, 200);
    } finally {
      app.engine.db.knex.off('query', onQuery);
    }
    const reads = statements.filter((sql) => sql.includes(app.table('opportunity')));
    assert.equal(reads.length, 1, `only the good definition's statement reads opportunities: ${reads.join('\n')}`);
  });
});
