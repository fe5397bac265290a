// The grand total added up from the group rows instead of a second grouping set, where every measure allows it
// (count, sum, min, max): PostgreSQL runs a plain GROUP BY as a parallel aggregate, never GROUPING SETS, and the
// funnel over a million opportunities is one scan either way. Same columns as the grouping-sets statement.
import type { PlannedMeasure, ReportPlan } from './compile-report.ts';

const ADDABLE: Record<string, (column: string) => string> = {
  // A count's total is the sum of the counts (0 when there are no groups, as count() over nothing is).
  count: (c) => `coalesce(sum(${c}), 0)::bigint`,
  sum: (c) => `sum(${c})`,
  min: (c) => `min(${c})`,
  max: (c) => `max(${c})`,
};

/** The aggregate statement over `innerSql` (rows s), or undefined when the plan needs grouping sets. */
export function totalsFromGroups(plan: ReportPlan, innerSql: string, measureSql: (m: PlannedMeasure, i: number) => string, hasOrdinal: (i: number) => boolean): string | undefined {
  if (plan.pivot || !plan.groups.length) return undefined;
  const aggregated = plan.measures.map((m, i) => ({ m, i })).filter(({ m }) => !m.derived);
  if (aggregated.some(({ m }) => !ADDABLE[m.related ? 'sum' : m.op])) return undefined;

  const dims = plan.groups.map((_, i) => `s.d${i}`);
  const t: string[] = [...plan.groups.map((_, i) => `s.d${i} as d${i}`)];
  plan.groups.forEach((g, i) => {
    if (g.name) t.push(`max(s.n${i}) as n${i}`);
    if (hasOrdinal(i)) t.push(`min(s.o${i}) as o${i}`);
  });
  for (const { m, i } of aggregated) t.push(`${measureSql(m, i)} as m${i}`);

  const names = plan.groups.flatMap((g, i) => (g.name ? [`n${i}`] : []));
  const groupTerm = (i: number) => (hasOrdinal(i) ? `t.o${i}` : `t.d${i}`);
  const order = plan.sort.map((s) => {
    const g = plan.groups.findIndex((x) => x.key === s.key);
    return `${g >= 0 ? groupTerm(g) : `t.m${plan.measures.findIndex((x) => x.key === s.key)}`} ${s.desc ? 'desc' : 'asc'} nulls last`;
  });
  const sorted = new Set(plan.sort.map((s) => s.key));
  plan.groups.forEach((g, i) => sorted.has(g.key) || order.push(`${groupTerm(i)} asc nulls last`));

  const rows = [...plan.groups.map((_, i) => `t.d${i}`), ...names.map((n) => `t.${n}`), ...aggregated.map(({ i }) => `t.m${i}`)];
  const total = [...plan.groups.map((_, i) => `null as d${i}`), ...names.map((n) => `null as ${n}`), ...aggregated.map(({ m, i }) => `${ADDABLE[m.related ? 'sum' : m.op]!(`t.m${i}`)} as m${i}`)];
  return (
    `with t as (select ${t.join(', ')} from (${innerSql}) s group by ${dims.join(', ')}) ` +
    `select ${rows.join(', ')}, 0 as gd, 0 as gp, dense_rank() over (order by ${order.join(', ')}) as rk from t ` +
    `union all select ${total.join(', ')}, 1 as gd, 0 as gp, 1 as rk from t`
  );
}
