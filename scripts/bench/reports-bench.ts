// `npm run bench -- --reports`: the built-in funnel and receivables-aging reports over BENCH_REPORT_ROWS generated
// opportunities and receivables (default 1,000,000 each, one INSERT … SELECT per table) on PostgreSQL, through
// POST /api/reports/run as the admin (all rows) and as sales_mgr1 (department and below: one department of five),
// each against a hand-written SQL of the same aggregate on the same database in the same run, alternating.
// Prints p50 / p90 per side and the ratio hand-written ÷ ours (1.0 = no overhead; the issue aims at ≥ 0.9).
// Needs TEST_DATABASE_URL (bench.mjs passes its throwaway cluster); the tenant schema is dropped at the end.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneRows } from '../../test/helpers/clone-rows.ts';
import { ROOT, startDemoApp, type DemoApp, type DemoUser } from '../../test/helpers/demo-app.ts';

process.env.CRM_TEST_DB = 'postgres';
process.env.LOG_LEVEL ??= 'silent';
const rows = Number(process.env.BENCH_REPORT_ROWS ?? 1_000_000);
const iterations = Number(process.env.BENCH_REPORT_ITERATIONS ?? 15);
const log = (line: string) => console.error(line);

const definition = (code: string) => JSON.parse(readFileSync(join(ROOT, 'metadata/reports', `${code}.json`), 'utf8')).definition;

async function main(): Promise<void> {
  const app = await startDemoApp();
  try {
    const t0 = Date.now();
    await generate(app);
    log(`generated ${rows} opportunities and ${rows} receivables in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const below = await departmentsBelow(app, app.users.sales_mgr1.dept!);
    const results: string[] = [];
    for (const [code, sql] of [['sales_funnel', funnelSql], ['receivables_aging', agingSql]] as const) {
      for (const [user, scope] of [['admin', undefined], ['sales_mgr1', below]] as [DemoUser, string[] | undefined][]) {
        const r = await compare(app, code, user, sql(app, scope));
        results.push(`| ${code} | ${user} | ${r.ours.p50.toFixed(0)} / ${r.ours.p90.toFixed(0)} | ${r.sql.p50.toFixed(0)} / ${r.sql.p90.toFixed(0)} | ${(r.sql.p50 / r.ours.p50).toFixed(2)} |`);
        log(results.at(-1)!);
      }
    }
    console.log(['', `rows: ${rows} opportunities, ${rows} receivables; ${iterations} runs per side`, '', '| report | as | ours p50 / p90 ms | hand-written SQL p50 / p90 ms | ratio (SQL ÷ ours p50) |', '|---|---|---|---|---|', ...results].join('\n'));
  } finally {
    await app.close();
  }
}

async function generate(app: DemoApp): Promise<void> {
  const ctx = app.systemContext();
  const depts = (await app.sql<{ id: string }>(`select id from ${app.table('department')} order by id`)).map((d) => d.id);
  const pick = `(array[${depts.map((id) => `'${id}'::uuid`).join(', ')}])[1 + g % ${depts.length}]`;
  const stage = `(array['initial', 'needs', 'proposal', 'bidding', 'negotiation', 'won', 'lost', 'abandoned'])[1 + g % 8]`;
  await cloneRows(ctx.knex, ctx.tenant, 'opportunity', rows, { opportunity_no: `'B-' || g`, department: pick, stage, amount: '(g::bigint * 7919) % 900000 + 1000', probability: 'g % 101', weighted_amount: '((g::bigint * 7919) % 900000 + 1000) * (g % 101) / 100' });
  await cloneRows(ctx.knex, ctx.tenant, 'receivable', rows, {
    receivable_no: `'B-' || g`, department: pick, due_date: `current_date + ((g * 37) % 260 - 200)`, amount: '(g::bigint * 131) % 50000 + 100',
    received_amount: '0', outstanding: '(g::bigint * 131) % 50000 + 100', status: `(array['pending', 'partial', 'overdue', 'bad_debt', 'received'])[1 + g % 5]`,
  });
  for (const t of ['opportunity', 'receivable']) await app.sql(`analyze ${app.table(t)}`);
}

async function departmentsBelow(app: DemoApp, dept: string): Promise<string[]> {
  const found = await app.sql<{ id: string }>(
    `with recursive d as (select id from ${app.table('department')} where id = ? union select c.id from ${app.table('department')} c join d on c.parent = d.id) select id from d`,
    [dept],
  );
  return found.map((d) => d.id);
}

type Sql = { text: string; bindings: unknown[] };
const scopeSql = (scope: string[] | undefined) => (scope ? { text: ` and department in (${scope.map(() => '?').join(', ')})`, bindings: scope } : { text: '', bindings: [] });

function funnelSql(app: DemoApp, scope?: string[]): Sql {
  const s = scopeSql(scope);
  return {
    text: `with g as (select stage, count(*) as n, sum(amount) as amount, sum(weighted_amount) as weighted from ${app.table('opportunity')}
                      where stage not in ('lost', 'abandoned')${s.text} group by stage),
                r as (select *, sum(n) over (order by array_position(array['initial', 'needs', 'proposal', 'bidding', 'negotiation', 'won'], stage) desc) as reached from g)
           select *, round(reached::numeric / nullif(lag(reached) over (order by array_position(array['initial', 'needs', 'proposal', 'bidding', 'negotiation', 'won'], stage)), 0), 4) as conversion from r`,
    bindings: s.bindings,
  };
}

function agingSql(app: DemoApp, scope?: string[]): Sql {
  const s = scopeSql(scope);
  const days = `((now() at time zone 'Asia/Shanghai')::date - due_date)`;
  return {
    text: `with b as (select case when ${days} <= -1 then 'not_due' when ${days} <= 30 then 'd0_30' when ${days} <= 60 then 'd31_60' when ${days} <= 90 then 'd61_90' else 'd90_plus' end as aging, outstanding
                      from ${app.table('receivable')} where outstanding > 0 and status <> 'bad_debt'${s.text})
           select aging, count(*), sum(outstanding), round(sum(outstanding) / sum(sum(outstanding)) over (), 4) from b group by aging`,
    bindings: s.bindings,
  };
}

async function compare(app: DemoApp, code: string, user: DemoUser, sql: Sql) {
  const def = definition(code);
  const ours = async () => {
    const r = await app.as(user).post('/api/reports/run', def);
    if (r.status !== 200) throw new Error(`${code} as ${user}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const hand = async () => void (await app.sql(sql.text, sql.bindings));
  await ours();
  await hand();
  const times = { ours: [] as number[], sql: [] as number[] };
  for (let i = 0; i < iterations; i++) {
    for (const [side, work] of [['ours', ours], ['sql', hand]] as const) {
      const start = performance.now();
      await work();
      times[side].push(performance.now() - start);
    }
  }
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { p50: sorted[Math.floor(sorted.length / 2)]!, p90: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))]! };
  };
  return { ours: stats(times.ours), sql: stats(times.sql) };
}

await main();
