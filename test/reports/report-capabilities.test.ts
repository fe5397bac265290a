// What the built-in reports need from the report engine, through the public API: range groups (numbers, days from
// the business clock's today), conditional, related and derived measures, their 4xx paths, and writing a report's
// computed class back to the records (plan first, then one audited bulk update).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;

describe('report capabilities: ranges, conditional, related and derived measures, applying a class', function () {
  this.timeout(240_000);
  let app: DemoApp;
  before(async () => (app = await startDemoApp()));
  after(() => app?.close());

  const run = (user: DemoUser, def: unknown) => app.as(user).post('/api/reports/run', def);
  const ok = async (user: DemoUser, def: unknown) => {
    const r = await run(user, def);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as { columns: Row[]; rows: Row[]; totals: Row };
  };
  const refused = async (user: DemoUser, def: unknown, status: number, paths: string[]) => {
    const r = await run(user, def);
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.deepEqual(r.body.error.details.map((d: Row) => d.path), paths, JSON.stringify(r.body.error.details));
  };
  const count = { op: 'count', as: 'n' };

  it('bands a number into ranges, in the order of the bands, equal to SQL', async () => {
    const ranges = [{ key: 'low', max: 30 }, { key: 'mid', min: 31, max: 69 }, { key: 'high', min: 70 }];
    const body = await ok('admin', { entity: 'opportunity', group_by: [{ field: 'probability', ranges }], measures: [count] });
    const expected = await app.sql<Row>(
      `select case when probability <= 30 then 'low' when probability between 31 and 69 then 'mid' when probability >= 70 then 'high' end as band, count(*)::int as n
       from ${app.table('opportunity')} group by 1 order by array_position(array['low', 'mid', 'high'], case when probability <= 30 then 'low' when probability between 31 and 69 then 'mid' when probability >= 70 then 'high' end) nulls last`,
    );
    assert.deepEqual(body.rows.map((r) => [r.probability, r.n]), expected.map((r) => [r.band, r.n]));
    assert.deepEqual(body.columns[0], { key: 'probability', label: body.columns[0]!.label, type: 'enum', role: 'group', field: 'probability', ranges, options: [{ code: 'low', label: '≤ 30' }, { code: 'mid', label: '31–69' }, { code: 'high', label: '≥ 70' }] });
  });

  it('pivots receivables by aging band (days since the due date) per customer, each cell equal to SQL', async () => {
    const ranges = [{ key: 'not_due', max: -1 }, { key: 'overdue', min: 0 }];
    const body = await ok('admin', { entity: 'receivable', group_by: [{ field: 'customer' }], pivot: { field: 'due_date', days: 'since', ranges }, measures: [{ op: 'sum', field: 'outstanding', as: 'due' }] });
    const cells = await app.sql<Row>(
      `select customer, case when (now() at time zone 'Asia/Shanghai')::date - due_date <= -1 then 'not_due' else 'overdue' end as band, sum(outstanding)::text as due
       from ${app.table('receivable')} group by 1, 2`,
    );
    assert.ok(cells.length > 2);
    for (const c of cells) assert.equal(body.rows.find((r) => r.customer === c.customer)![`due:${String(c.band)}`], Number(c.due));
  });

  it('computes running totals and shares over every group even when the limit cuts the rows', async () => {
    const def = { entity: 'opportunity', group_by: [{ field: 'stage' }], measures: [count, { op: 'running_total', of: 'n', reverse: true, as: 'reached' }, { op: 'share', of: 'n', as: 'share' }], sort: [{ key: 'stage', order: 'options' }], limit: 2 };
    const body = await ok('admin', def);
    assert.equal(body.rows.length, 2);
    assert.equal(body.rows[0]!.reached, body.totals.n, 'the first stage is reached by every opportunity');
    assert.equal(body.totals.share, 1);
    const [first] = await app.sql<Row>(`select count(*)::int as n from ${app.table('opportunity')} where stage = 'initial'`);
    assert.equal(body.rows[0]!.share, Math.round((first!.n as number / (body.totals.n as number)) * 10000) / 10000);
  });

  it('refuses bad definitions with 4xx and the path of each problem, running nothing', async () => {
    await refused('admin', { entity: 'opportunity', group_by: [{ field: 'name', ranges: [{ key: 'a', max: 1 }] }], measures: [count] }, 422, ['/group_by/0/ranges']);
    await refused('admin', { entity: 'opportunity', group_by: [{ field: 'amount', days: 'since' }], measures: [count] }, 422, ['/group_by/0/days']);
    await refused('admin', { entity: 'opportunity', group_by: [{ field: 'stage', bucket: 'month' }], measures: [count] }, 422, ['/group_by/0/bucket']);
    await refused('admin', { entity: 'opportunity', group_by: [{ field: 'probability', ranges: [{ key: 'a', max: 1 }, { key: 'a', min: 5, max: 2 }] }], measures: [count] }, 422, ['/group_by/0/ranges/1/key', '/group_by/0/ranges/1']);
    await refused('admin', { entity: 'opportunity', measures: [{ op: 'sum', field: 'name', as: 's' }] }, 422, ['/measures/0/op']);
    await refused('admin', { entity: 'opportunity', measures: [count, { op: 'ratio', of: 'nope', to: 'n', as: 'r' }] }, 422, ['/measures/1/of']);
    await refused('admin', { entity: 'opportunity', measures: [{ op: 'ratio', of: 'later', to: 'later', as: 'r' }, { op: 'count', as: 'later' }] }, 422, ['/measures/0/of', '/measures/0/to']);
    await refused('admin', { entity: 'opportunity', measures: [count, { op: 'band', of: 'n', as: 'b' }, { op: 'share', of: 'b', as: 's' }] }, 422, ['/measures/1/ranges', '/measures/2/of']);
    await refused('admin', { entity: 'opportunity', measures: [count, { op: 'days_since', of: 'n', as: 'd' }] }, 422, ['/measures/1/of']);
    await refused('admin', { entity: 'opportunity', measures: [count, { op: 'share', of: 'n', field: 'amount', as: 's' }] }, 422, ['/measures/1/field']);
    await refused('admin', { entity: 'opportunity', group_by: [{ field: 'stage' }], measures: [count, { op: 'share', of: 'n', as: 's' }], sort: [{ key: 's' }] }, 422, ['/sort/0/key']);
    await refused('admin', { entity: 'opportunity', group_by: [{ field: 'amount' }], measures: [count], sort: [{ key: 'amount', order: 'options' }] }, 422, ['/sort/0/order']);
    await refused('admin', { entity: 'opportunity', measures: [{ op: 'count', as: 'n', where: { regex: [{ var: 'name' }, 'x'] } }] }, 422, ['/measures/0/where/regex']);
    await refused('admin', { entity: 'opportunity', measures: [{ op: 'count', as: 'n', where: { '==': [{ var: 'nope' }, 1] } }] }, 422, ['/measures/0/where/==/0/var']);
    await refused('admin', { entity: 'kpi_target', measures: [{ op: 'avg', as: 'x', related: { entity: 'contract', field: 'amount', match: { owner: 'person' } } }] }, 422, ['/measures/0/op']);
    await refused('admin', { entity: 'kpi_target', measures: [{ op: 'sum', as: 'x', related: { entity: 'nope', match: { owner: 'person' } } }] }, 422, ['/measures/0/related/entity']);
    await refused('admin', { entity: 'kpi_target', measures: [{ op: 'sum', as: 'x', related: { entity: 'contract', field: 'name', match: { owner: 'period_start' } } }] }, 422, ['/measures/0/related/match/owner', '/measures/0/related/field']);
    await refused('admin', { entity: 'opportunity', group_by: [{ field: 'owner' }], measures: [count], limit: 10000 }, 400, ['/limit']);
  });

  it('refuses service1 a related sum of contract.amount, or a related filter on it (403 with the path)', async () => {
    const related = (extra: Row) => ({ entity: 'service_ticket', measures: [{ op: 'count', as: 'x', related: { entity: 'contract', match: { customer: 'customer' }, ...extra } }] });
    await refused('service1', { entity: 'service_ticket', measures: [{ op: 'sum', as: 'x', related: { entity: 'contract', field: 'amount', match: { customer: 'customer' } } }] }, 403, ['/measures/0/related/field']);
    await refused('service1', related({ filter: { '>': [{ var: 'amount' }, 1] } }), 403, ['/measures/0/related/filter/>/0/var']);
    await refused('service1', { entity: 'service_ticket', measures: [{ op: 'count', as: 'x', related: { entity: 'receivable', match: { customer: 'customer' } } }] }, 403, ['/measures/0/related/entity']);
  });

  it('lets a sales manager set a target for their team (period end computed), not a salesperson', async () => {
    const target = { subject_type: 'person', person: app.users.sales1.id, period_type: 'month', period_start: '2026-02-01', metric: 'received_amount', target_value: 300000 };
    const created = await app.as('sales_mgr1').post('/api/records/kpi_target', target);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.period_end, '2026-02-28');
    assert.equal((await app.as('sales1').post('/api/records/kpi_target', target)).status, 403);
    const mine = await app.as('sales1').get(`/api/records/kpi_target/${String(created.body.id)}`);
    assert.equal(mine.status, 200, 'a salesperson reads their own target');
    assert.equal((await app.as('sales3').get(`/api/records/kpi_target/${String(created.body.id)}`)).status, 404, 'not another team\'s');
    const missing = await app.as('sales_mgr1').post('/api/records/kpi_target', { ...target, person: undefined });
    assert.equal(missing.status, 422);
  });

  describe('applying the ABC class to the customer grade', () => {
    const abc = () => JSON.parse(readFileSync(join(ROOT, 'metadata/reports/customer_abc.json'), 'utf8')).definition as Row;
    const values = { from: '2000-01-01', to: '2100-12-31' };
    const apply = (user: DemoUser, body: Row) => app.as(user).post('/api/reports/apply', body);
    const grades = async () => new Map((await app.sql<Row>(`select id, grade from ${app.table('customer')}`)).map((r) => [r.id, r.grade]));

    it('shows the plan first (N customers from X to Y) and changes nothing', async () => {
      const before = await grades();
      const r = await apply('admin', { definition: abc(), values, column: 'abc', field: 'grade' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.dry_run, true);
      const report = await ok('admin', { ...abc(), values });
      const expected = report.rows.filter((row) => before.get(row.customer) !== row.abc);
      assert.ok(expected.length > 0, 'the demo grades differ from the computed classes somewhere');
      assert.deepEqual(r.body.changes.map((c: Row) => [c.id, c.from, c.to]).sort(), expected.map((row) => [row.customer, before.get(row.customer), row.abc]).sort());
      assert.equal(r.body.summary.reduce((s: number, x: Row) => s + (x.count as number), 0), expected.length);
      assert.equal(r.body.unchanged, report.rows.length - expected.length);
      assert.deepEqual(await grades(), before);
    });

    it('refuses without the admin function, a column that is not a measure and a field that cannot be written', async () => {
      const before = await grades();
      const denied = await apply('sales_mgr1', { definition: abc(), values, column: 'abc', field: 'grade', dry_run: false });
      assert.equal(denied.status, 403);
      const column = await apply('admin', { definition: abc(), values, column: 'nope', field: 'grade' });
      assert.deepEqual([column.status, column.body.error.details[0].path], [422, '/column']);
      const field = await apply('admin', { definition: abc(), values, column: 'abc', field: 'customer_no' });
      assert.deepEqual([field.status, field.body.error.details[0].path], [422, '/field']);
      const bad = await apply('admin', { definition: abc(), column: 'abc', field: 'grade', extra: 1 });
      assert.deepEqual([bad.status, bad.body.error.details[0].path], [400, '/extra']);
      assert.deepEqual(await grades(), before);
    });

    it('writes the computed classes in one audited update, after which the plan is empty', async () => {
      const r = await apply('admin', { definition: abc(), values, column: 'abc', field: 'grade', dry_run: false });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.dry_run, false);
      const after = await grades();
      for (const c of r.body.changes as Row[]) assert.equal(after.get(c.id), c.to);
      const audit = await app.as('admin').get(`/api/audit?entity=customer&record_id=${String(r.body.changes[0].id)}`);
      assert.equal(audit.status, 200);
      assert.ok(JSON.stringify(audit.body).includes('grade'), 'the change is in the audit log');
      const again = await apply('admin', { definition: abc(), values, column: 'abc', field: 'grade' });
      assert.deepEqual(again.body.changes, []);
    });
  });
});
