// Compiles a checked report definition into ONE parameterised statement: an inner SELECT of the entity (and the
// referenced records its paths join) under the viewer's row scope and the filter, and an outer aggregate over
// grouping sets, so detail rows, row totals, pivot-column totals and the grand total come back together.
import type { RequestContext, SqlFragment } from '../core/index.ts';
import { qualified } from '../db/index.ts';
import { DEFAULT_TIME_ZONE } from '../rules/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import type { ResolvedField } from './resolve-field.ts';
import { addDerivedLayers, type DerivedPlan } from './derived-measures.ts';
import { bandCase, rangeSubject } from './range-groups.ts';
import { totalsFromGroups } from './totals-from-groups.ts';
import type { Bucket, MeasureOp, RangeDef } from './report-types.ts';

export interface PlannedGroup {
  key: string;
  field: ResolvedField;
  bucket?: Bucket;
  /** The referenced record's display value, for a group on a reference the viewer may read the target of. */
  name?: ResolvedField;
  /** Whole days since / until today instead of the date (and, with ranges, the band those days fall into). */
  days?: 'since' | 'until';
  ranges?: RangeDef[];
  /** Option codes in declared order, when the report is ordered by them (a funnel's stages). */
  optionOrder?: string[];
}

export interface PlannedMeasure {
  key: string;
  op: MeasureOp;
  field?: ResolvedField;
  /** Only records this condition holds for are aggregated. */
  where?: SqlFragment;
  /** Per record, the related entity's sum or count (engine/reports/related-measure.ts); the groups add them up. */
  related?: SqlFragment;
  derived?: DerivedPlan;
}

export interface ReportPlan {
  entity: EntityDef;
  groups: PlannedGroup[];
  measures: PlannedMeasure[];
  pivot?: PlannedGroup;
  /** Order of the rows: a group or measure key each. */
  sort: { key: string; desc: boolean }[];
  /** Rows to return; one more is read to tell whether there were more. */
  limit: number;
  filter?: SqlFragment;
  joins: SqlFragment;
  /** The business clock's date ('YYYY-MM-DD'), for days since / until. */
  today: string;
}

/** Columns of the statement's result: d<i> groups, n<i> their names, p the pivot, m<i> measures, gd/gp grouping bits, rk rank. */
export function compileReport(ctx: RequestContext, plan: ReportPlan): SqlFragment {
  const bindings: unknown[] = [];
  const timeZone = ctx.tenant.timeZone ?? DEFAULT_TIME_ZONE;
  const value = (g: PlannedGroup): string => {
    if (g.days || g.ranges) {
      const subject = rangeSubject(g.field, g.days, plan.today, timeZone);
      const banded = g.ranges ? bandCase(subject, g.ranges, (r) => r.key) : subject;
      bindings.push(...banded.bindings);
      return banded.sql;
    }
    if (!g.bucket) return g.field.column;
    // A timestamp's day is the business time zone's day; a date is already one.
    if (g.field.kind === 'datetime') {
      bindings.push(timeZone);
      return `date_trunc('${g.bucket}', ${g.field.column} at time zone ?)::date`;
    }
    return `date_trunc('${g.bucket}', ${g.field.column})::date`;
  };
  const inner: string[] = [];
  plan.groups.forEach((g, i) => {
    inner.push(`${value(g)} as d${i}`);
    if (g.name) inner.push(`${g.name.column} as n${i}`);
    const ordinal = ordinalSql(g, plan.today, timeZone);
    if (ordinal) {
      inner.push(`${ordinal.sql} as o${i}`);
      bindings.push(...ordinal.bindings);
    }
  });
  if (plan.pivot) inner.push(`${value(plan.pivot)} as p`);
  plan.measures.forEach((m, i) => {
    if (m.derived) return;
    inner.push(`${m.related ? m.related.sql : m.field ? m.field.column : '1'} as m${i}`);
    if (m.related) bindings.push(...m.related.bindings);
    if (m.where) {
      inner.push(`(${m.where.sql}) as w${i}`);
      bindings.push(...m.where.bindings);
    }
  });

  const base = plan.entity;
  let innerSql = `select ${inner.join(', ')} from ${qualified(ctx.tenant, base.name)} r${plan.joins.sql}`;
  bindings.push(...plan.joins.bindings);
  const where: string[] = [];
  const scope = ctx.access.rowScope(base, 'read', 'r');
  if (scope) {
    where.push(`(${scope.sql})`);
    bindings.push(...scope.bindings);
  }
  if (plan.filter) {
    where.push(`(${plan.filter.sql})`);
    bindings.push(...plan.filter.bindings);
  }
  if (where.length) innerSql += ` where ${where.join(' and ')}`;

  const dims = plan.groups.map((_, i) => `s.d${i}`);
  const outer: string[] = [...dims];
  plan.groups.forEach((g, i) => g.name && outer.push(`max(s.n${i}) as n${i}`));
  if (plan.pivot) outer.push('s.p');
  plan.measures.forEach((m, i) => m.derived || outer.push(`${measureSql(m, i)} as m${i}`));
  // Without groups every row is a total (gd = 1): the grand total, and with a pivot its column totals.
  outer.push(dims.length ? `grouping(${dims.join(', ')}) as gd` : '1 as gd');
  outer.push(plan.pivot ? 'grouping(s.p) as gp' : '0 as gp');

  const sets: string[] = [];
  if (dims.length && plan.pivot) sets.push(`(${dims.join(', ')}, s.p)`, `(${dims.join(', ')})`, '(s.p)', '()');
  else if (dims.length) sets.push(`(${dims.join(', ')})`, '()');
  else if (plan.pivot) sets.push('(s.p)', '()');
  const groupBy = sets.length ? ` group by grouping sets (${sets.join(', ')})` : '';

  // Rows are ranked by the requested order among the rows that carry every group (details and, with a pivot, their
  // row totals share a rank per group); the group values break ties so that a rank is one group.
  const order = plan.sort.map((s) => `${sortTerm(plan, s.key)} ${s.desc ? 'desc nulls last' : 'asc nulls last'}`);
  const sorted = new Set(plan.sort.map((s) => s.key));
  plan.groups.forEach((g, i) => sorted.has(g.key) || order.push(`${groupSortTerm(g, i)} asc nulls last`));
  const rank = dims.length ? `dense_rank() over (partition by grouping(${dims.join(', ')}) order by ${order.join(', ')})` : '1';
  outer.push(`${rank} as rk`);

  const hasOrdinal = (i: number) => Boolean(plan.groups[i]!.ranges || plan.groups[i]!.optionOrder);
  const aggregated = totalsFromGroups(plan, innerSql, measureSql, hasOrdinal) ?? `select ${outer.join(', ')} from (${innerSql}) s${groupBy}`;
  const layered = addDerivedLayers({ sql: aggregated, bindings }, plan);
  const sql = `select * from (${layered.sql}) q where q.gd <> 0 or q.rk <= ? order by q.gd, q.gp, q.rk`;
  return { sql, bindings: [...layered.bindings, plan.limit + 1] };
}

/** A group's position for ordering: its band's, or its option's in declared order. */
function ordinalSql(g: PlannedGroup, today: string, timeZone: string): SqlFragment | undefined {
  if (g.ranges) return bandCase(rangeSubject(g.field, g.days, today, timeZone), g.ranges, (_, i) => i);
  if (!g.optionOrder) return undefined;
  return { sql: `(case ${g.field.column} ${g.optionOrder.map(() => 'when ? then ?::int').join(' ')} end)`, bindings: g.optionOrder.flatMap((code, i) => [code, i]) };
}

function groupSortTerm(g: PlannedGroup, i: number): string {
  return g.ranges || g.optionOrder ? `min(s.o${i})` : `s.d${i}`;
}

function measureSql(m: PlannedMeasure, i: number): string {
  // A related measure is already a per-record sum or count: the group adds them up.
  const op = m.related ? 'sum' : m.op;
  const sql = aggregate(op, `s.m${i}`);
  return m.where ? `${sql} filter (where s.w${i})` : sql;
}

function sortTerm(plan: ReportPlan, key: string): string {
  const g = plan.groups.findIndex((x) => x.key === key);
  if (g >= 0) return groupSortTerm(plan.groups[g]!, g);
  const m = plan.measures.findIndex((x) => x.key === key);
  return measureSql(plan.measures[m]!, m);
}

function aggregate(op: MeasureOp, column: string): string {
  switch (op) {
    case 'count':
      return `count(${column})`;
    case 'count_distinct':
      return `count(distinct ${column})`;
    // Sums and averages stay numeric in the database: money adds up exactly, never through binary floats.
    case 'sum':
      return `sum(${column}::numeric)`;
    case 'avg':
      return `avg(${column}::numeric)`;
    default:
      return `${op}(${column})`;
  }
}
