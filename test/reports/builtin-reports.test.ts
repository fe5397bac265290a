// The built-in reports (metadata/reports/*.json): each file's definition run through POST /api/reports/run equals a
// hand-written SQL query, over the demo company and again after thousands of generated rows (one INSERT each).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TIME_ZONE } from '../../engine/rules/index.ts';
import { cloneRows } from '../helpers/clone-rows.ts';
import { ROOT, startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;
const SIGNED = `('signed', 'executing', 'completed', 'archived')`;
const STAGES = ['initial', 'needs', 'proposal', 'bidding', 'negotiation', 'won', 'lost', 'abandoned'];
const WIDE = { from: '2000-01-01', to: '2100-12-31' };

function builtInReport(code: string): { code: string; definition: Row & { measures: Row[] }; dashboard?: { roles: string[] }; chart?: Row } {
  return JSON.parse(readFileSync(join(ROOT, 'metadata/reports', `${code}.json`), 'utf8'));
}

describe('built-in reports: equal to hand-written SQL over the demo data and over generated data', function () {
  this.timeout(300_000);
  let app: DemoApp;
  let T: (name: string) => string;
  let today: string;
  before(async () => {
    app = await startDemoApp();
    T = app.table;
    const zone = app.systemContext().tenant.timeZone ?? DEFAULT_TIME_ZONE;
    today = `(now() at time zone '${zone}')::date`;
  });
  after(() => app?.close());

  const run = async (user: DemoUser, code: string, values?: Row) => {
    const r = await app.as(user).post('/api/reports/run', { ...builtInReport(code).definition, ...(values ? { values } : {}) });
    assert.equal(r.status, 200, `${code}: ${JSON.stringify(r.body)}`);
    return r.body as { columns: Row[]; rows: Row[]; totals: Row; truncated: boolean };
  };
  // Numbers come back as numbers; hand-written SQL answers numeric as text to keep it exact.
  const n = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
  const same = async (code: string, keys: string[], sql: string, bindings: unknown[] = [], values?: Row) => {
    const body = await run('admin', code, values);
    const expected = await app.sql<Row>(sql, bindings);
    assert.ok(expected.length > 0, `${code}: the hand-written query finds rows`);
    assert.deepEqual(body.rows.map((r) => keys.map((k) => n(r[k]))), expected.map((r) => keys.map((k) => n(r[k]))), code);
    assert.equal(body.truncated, false);
    return body;
  };

  const checks: Record<string, () => Promise<unknown>> = {
    sales_funnel: () =>
      same(
        'sales_funnel',
        ['stage', 'n', 'amount', 'weighted', 'reached', 'conversion'],
        `with g as (select stage, count(*) as n, sum(amount) as amount, sum(weighted_amount) as weighted, array_position(array[${STAGES.map((s) => `'${s}'`).join(', ')}], stage) as pos
                    from ${T('opportunity')} where stage not in ('lost', 'abandoned') group by stage),
              r as (select *, sum(n) over (order by pos desc) as reached from g)
         select stage, n::int, amount::text, weighted::text, reached::int, round(reached::numeric / nullif(lag(reached) over (order by pos), 0), 4)::text as conversion
         from r order by pos`,
      ),
    lead_conversion: () =>
      same(
        'lead_conversion',
        ['source', 'n', 'converted', 'disqualified', 'rate'],
        `select source, count(*)::int as n, count(*) filter (where status = 'converted')::int as converted, count(*) filter (where status = 'disqualified')::int as disqualified,
                round((count(*) filter (where status = 'converted'))::numeric / count(*), 4)::text as rate
         from ${T('lead')} group by source order by count(*) desc, source nulls last`,
      ),
    sales_performance_person: () => performance('sales_performance_person', 'person', 'person', 'owner'),
    sales_performance_department: () => performance('sales_performance_department', 'department', 'team', 'department'),
    receivables_aging: () =>
      same(
        'receivables_aging',
        ['aging', 'n', 'outstanding', 'share'],
        `with b as (select case when ${today} - due_date <= -1 then 'not_due' when ${today} - due_date between 0 and 30 then 'd0_30'
                                when ${today} - due_date between 31 and 60 then 'd31_60' when ${today} - due_date between 61 and 90 then 'd61_90'
                                when ${today} - due_date >= 91 then 'd90_plus' end as aging, outstanding
                    from ${T('receivable')} where outstanding > 0 and status <> 'bad_debt')
         select aging, count(*)::int as n, sum(outstanding)::text as outstanding, round(sum(outstanding) / (select sum(outstanding) from b), 4)::text as share
         from b group by aging order by array_position(array['not_due', 'd0_30', 'd31_60', 'd61_90', 'd90_plus'], aging) nulls last`,
      ),
    receivables_overdue_by_customer: () =>
      same(
        'receivables_overdue_by_customer',
        ['customer', 'outstanding', 'overdue', 'oldest_due', 'days_overdue'],
        `select customer, sum(outstanding)::text as outstanding, (sum(outstanding) filter (where due_date < ${today}))::text as overdue,
                to_char(min(due_date) filter (where due_date < ${today}), 'YYYY-MM-DD') as oldest_due, ${today} - min(due_date) filter (where due_date < ${today}) as days_overdue
         from ${T('receivable')} where outstanding > 0 and status <> 'bad_debt' group by customer
         order by sum(outstanding) filter (where due_date < ${today}) desc nulls last, customer`,
      ),
    service_timeliness_engineer: () => service('service_timeliness_engineer', 't.assigned_to', 'assigned_to'),
    service_timeliness_region: () => service('service_timeliness_region', 'c.region', 'customer.region'),
    service_timeliness_product: () => service('service_timeliness_product', 't.product', 'product'),
    customer_abc: () =>
      same(
        'customer_abc',
        ['customer', 'revenue', 'contracts', 'cumulative', 'cumulative_share', 'abc'],
        `with g as (select customer, sum(amount) as revenue, count(*) as contracts from ${T('contract')}
                    where status in ${SIGNED} and sign_date between ? and ? group by customer),
              r as (select *, sum(revenue) over (order by revenue desc nulls last, customer rows unbounded preceding) as cumulative,
                           round(sum(revenue) over (order by revenue desc nulls last, customer rows unbounded preceding) / sum(revenue) over (), 4) as share from g)
         select customer, revenue::text, contracts::int, cumulative::text, share::text as cumulative_share,
                case when share <= 0.8 then 'A' when share <= 0.95 then 'B' when share is not null then 'C' end as abc
         from r order by r.revenue desc nulls last, customer`,
        [WIDE.from, WIDE.to],
        WIDE,
      ),
    customer_rfm: () =>
      same(
        'customer_rfm',
        ['customer', 'last_signed', 'recency', 'frequency', 'monetary', 'r', 'f', 'm'],
        `with g as (select customer, max(sign_date) as last_signed, count(*) as frequency, sum(amount) as monetary from ${T('contract')}
                    where status in ${SIGNED} and sign_date between ? and ? group by customer)
         select customer, to_char(last_signed, 'YYYY-MM-DD') as last_signed, ${today} - last_signed as recency, frequency::int, monetary::text,
                case when ${today} - last_signed <= 90 then 'R3' when ${today} - last_signed <= 180 then 'R2' else 'R1' end as r,
                case when frequency >= 3 then 'F3' when frequency >= 2 then 'F2' else 'F1' end as f,
                case when monetary >= 1000000 then 'M3' when monetary >= 300000 then 'M2' else 'M1' end as m
         from g order by g.monetary desc nulls last, customer`,
        [WIDE.from, WIDE.to],
        WIDE,
      ),
  };

  function performance(code: string, subject: string, who: string, theirs: string) {
    return same(
      code,
      ['period_start', who, 'target', 'actual', 'completion'],
      `select to_char(k.period_start, 'YYYY-MM-DD') as period_start, k.${who}, sum(k.target_value)::text as target, sum(a.actual)::text as actual,
              round(sum(a.actual) / nullif(sum(k.target_value), 0), 4)::text as completion
       from ${T('kpi_target')} k
       cross join lateral (select sum(c.amount) as actual from ${T('contract')} c
                           where c.${theirs} = k.${who} and c.sign_date between k.period_start and k.period_end and c.status in ${SIGNED}) a
       where k.subject_type = ? and k.metric = 'signed_amount'
       group by k.period_start, k.${who} order by k.period_start desc, k.${who}`,
      [subject],
    );
  }

  function service(code: string, group: string, key: string) {
    const sla = (r: number, h: number, m: number, l: number) => `(case t.priority when 'urgent' then ${r} when 'high' then ${h} when 'medium' then ${m} else ${l} end) * interval '1 hour'`;
    const rate = (ok: string, done: string) => `round((count(*) filter (where ${ok}))::numeric / nullif(count(*) filter (where ${done} is not null), 0), 4)::text`;
    const inSla = { response: `t.dispatch_time <= t.reported_time + ${sla(2, 4, 8, 24)}`, onsite: `t.arrival_time <= t.reported_time + ${sla(24, 48, 72, 120)}`, resolve: `t.resolved_time <= t.reported_time + ${sla(72, 120, 168, 336)}` };
    return same(
      code,
      ['key', 'n', 'responded', 'response_ok', 'response_rate', 'onsite', 'onsite_ok', 'onsite_rate', 'resolved', 'resolve_ok', 'resolve_rate', 'satisfaction'].map((k) => (k === 'key' ? key : k)),
      `select ${group} as "${key}", count(*)::int as n,
              count(*) filter (where t.dispatch_time is not null)::int as responded, count(*) filter (where ${inSla.response})::int as response_ok, ${rate(inSla.response, 't.dispatch_time')} as response_rate,
              count(*) filter (where t.arrival_time is not null)::int as onsite, count(*) filter (where ${inSla.onsite})::int as onsite_ok, ${rate(inSla.onsite, 't.arrival_time')} as onsite_rate,
              count(*) filter (where t.resolved_time is not null)::int as resolved, count(*) filter (where ${inSla.resolve})::int as resolve_ok, ${rate(inSla.resolve, 't.resolved_time')} as resolve_rate,
              avg(t.satisfaction::numeric)::text as satisfaction
       from ${T('service_ticket')} t left join ${T('customer')} c on c.id = t.customer
       where t.status <> 'cancelled' group by ${group} order by ${group} nulls last`,
    );
  }

  it('every built-in report equals its hand-written SQL over the demo data', async () => {
    for (const [code, check] of Object.entries(checks)) await check().catch((e) => assert.fail(`${code}: ${(e as Error).message}`));
    const funnel = await run('admin', 'sales_funnel');
    assert.deepEqual(funnel.rows.map((r) => r.stage), STAGES.filter((s) => funnel.rows.some((r) => r.stage === s)), 'stages in their declared order');
    const aging = await run('admin', 'receivables_aging');
    assert.deepEqual((aging.columns[0]!.options as Row[]).map((o) => o.label), ['未到期', '0-30天', '31-60天', '61-90天', '90天以上']);
  });

  it('lists every built-in report file, with dashboards for the sales and service managers', () => {
    const roles = new Set(['sales_manager', 'gm', 'service_manager']);
    for (const code of Object.keys(checks)) {
      const doc = builtInReport(code);
      assert.equal(doc.code, code);
      for (const role of doc.dashboard?.roles ?? []) assert.ok(roles.has(role), `${code}: ${role}`);
    }
    assert.ok(builtInReport('sales_funnel').dashboard!.roles.includes('sales_manager'));
    assert.ok(builtInReport('sales_performance_person').dashboard!.roles.includes('sales_manager'));
    assert.ok(builtInReport('service_timeliness_engineer').dashboard!.roles.includes('service_manager'));
  });

  it("gives sales1 a funnel of only what sales1 may read: each stage's count equals the list's count=exact", async () => {
    const mine = await run('sales1', 'sales_funnel');
    const all = await run('admin', 'sales_funnel');
    assert.ok((mine.totals.n as number) < (all.totals.n as number));
    for (const row of mine.rows) {
      const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'stage' }, row.stage] }));
      const listed = await app.as('sales1').get(`/api/records/opportunity?count=exact&limit=1&filter=${filter}`);
      assert.equal(row.n, listed.body.count, String(row.stage));
    }
  });

  it('measures performance only over what the viewer may read, and refuses those without the right', async () => {
    const mine = await run('sales1', 'sales_performance_person');
    assert.ok(mine.rows.length > 0 && mine.rows.every((r) => r.person === app.users.sales1.id), 'sales1 sees their own targets');
    const refused = await app.as('service1').post('/api/reports/run', builtInReport('sales_performance_person').definition);
    assert.equal(refused.status, 403);
  });

  it('computes every report again after generated rows (one INSERT per entity) and still equals the SQL', async () => {
    const ctx = app.systemContext();
    const people = [app.users.sales1, app.users.sales2, app.users.sales3, app.users.sales_director];
    // Ids from the database itself, written as literals: a binding's place would depend on the table's column order.
    const pick = (ids: unknown[]) => `(array[${ids.map((id) => `'${String(id)}'::uuid`).join(', ')}])[1 + g % ${ids.length}]`;
    const owners = pick(people.map((u) => u.id));
    const depts = pick(people.map((u) => u.dept));
    const customers = `(select array_agg(id order by id) from ${T('customer')})[1 + g % 10]`;
    const stage = `(array['initial', 'needs', 'proposal', 'bidding', 'negotiation', 'won', 'lost', 'abandoned'])[1 + g % 8]`;
    await cloneRows(ctx.knex, ctx.tenant, 'opportunity', 3000, { opportunity_no: `'GO-' || g`, owner: owners, department: depts, stage, amount: '(g * 7919) % 900000 + 1000', probability: 'g % 101', weighted_amount: '((g * 7919) % 900000 + 1000) * (g % 101) / 100.0' });
    const due = `${today} + ((g * 37) % 260 - 200)`;
    await cloneRows(ctx.knex, ctx.tenant, 'receivable', 3000, { receivable_no: `'GR-' || g`, owner: owners, department: depts, customer: customers, due_date: due, amount: '(g * 131) % 50000 + 100', received_amount: '(g * 131) % 50000 * (g % 3) / 4', outstanding: '(g * 131) % 50000 + 100 - (g * 131) % 50000 * (g % 3) / 4', status: `(array['pending', 'partial', 'overdue', 'bad_debt', 'received'])[1 + g % 5]` });
    await cloneRows(ctx.knex, ctx.tenant, 'lead', 2000, { lead_no: `'GL-' || g`, owner: owners, department: depts, status: `(array['new', 'following', 'qualified', 'converted', 'disqualified'])[1 + g % 5]`, source: `(array['exhibition', 'website', 'referral', 'agent', 'other'])[1 + g % 5]` });
    const reported = `now() - (g % 200) * interval '7 hour'`;
    const after = (mod: number) => `case when g % ${mod} = 0 then null else ${reported} + (g % 97) * interval '3 hour' end`;
    await cloneRows(ctx.knex, ctx.tenant, 'service_ticket', 2000, {
      ticket_no: `'GT-' || g`, customer: customers, priority: `(array['urgent', 'high', 'medium', 'low'])[1 + g % 4]`, status: `(array['submitted', 'processing', 'closed', 'cancelled'])[1 + g % 4]`,
      assigned_to: pick([app.users.service1.id, app.users.service_mgr.id]), product: `(select array_agg(id order by id) from ${T('product')})[1 + g % 10]`, satisfaction: 'case when g % 4 = 0 then null else 1 + g % 5 end',
      reported_time: reported, dispatch_time: after(5), arrival_time: after(3), resolved_time: after(4),
    });
    // The SLA formulas are computed on write; generated rows get them the way a write would.
    const hours = (r: number, h: number, m: number, l: number) => `case priority when 'urgent' then ${r} when 'high' then ${h} when 'medium' then ${m} else ${l} end`;
    await app.sql(`update ${T('service_ticket')} set sla_response_hours = ${hours(2, 4, 8, 24)}, sla_onsite_hours = ${hours(24, 48, 72, 120)}, sla_resolve_hours = ${hours(72, 120, 168, 336)} where ticket_no like 'GT-%'`);
    await app.sql(
      `update ${T('service_ticket')} set response_in_sla = dispatch_time <= reported_time + sla_response_hours * interval '1 hour', onsite_in_sla = arrival_time <= reported_time + sla_onsite_hours * interval '1 hour',
       resolve_in_sla = resolved_time <= reported_time + sla_resolve_hours * interval '1 hour' where ticket_no like 'GT-%'`,
    );
    await cloneRows(ctx.knex, ctx.tenant, 'contract', 2000, { contract_no: `'GC-' || g`, customer_contract_no: `'GCC-' || g`, owner: owners, department: depts, customer: customers, amount: '(g * 7919) % 2000000 + 5000', status: `(array['draft', 'signed', 'executing', 'completed', 'rejected'])[1 + g % 5]`, sign_date: `${today} - (g % 400)` });
    await app.sql(`analyze ${T('opportunity')}`);
    for (const [code, check] of Object.entries(checks)) await check().catch((e) => assert.fail(`${code}: ${(e as Error).message}`));
  });
});
