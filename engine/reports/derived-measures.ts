// Derived measures: computed from earlier measures over the aggregated rows of the same statement, one layer each
// (so one may read another), before the limit cuts rows: a running total or a share sees every group.
//   ratio          of ÷ to (conversion: count won ÷ count all), 4 decimals
//   share          of ÷ the grand total of `of`, 4 decimals
//   running_total  cumulative `of` in row order (reverse: from the last row up, a funnel's "reached this stage")
//   step_ratio     of ÷ the previous row's `of` (stage-to-stage conversion), 4 decimals
//   days_since     whole days from a date measure (max of a date) to today (recency)
//   band           the range a numeric measure falls into (ABC class)
import type { ErrorDetail, Locale, SqlFragment } from '../core/index.ts';
import type { PlannedMeasure, ReportPlan } from './compile-report.ts';
import { bandCase, bandOptions, bandProblems } from './range-groups.ts';
import type { DerivedOp, MeasureDef, RangeDef } from './report-types.ts';

export const DERIVED_OPS: ReadonlySet<string> = new Set<DerivedOp>(['ratio', 'share', 'running_total', 'step_ratio', 'days_since', 'band']);

export interface DerivedPlan {
  op: DerivedOp;
  /** Index of the measure `of` names (and `to`, for a ratio). */
  of: number;
  to?: number;
  reverse?: boolean;
  ranges?: RangeDef[];
}

/** What a measure's values are: numbers, dates (min / max of a date), or band keys. */
export function measureValueKind(m: PlannedMeasure): 'number' | 'date' | 'datetime' | 'string' {
  if (m.derived) return m.derived.op === 'band' ? 'string' : 'number';
  if ((m.op === 'min' || m.op === 'max') && m.field && m.field.kind !== 'number') return m.field.kind === 'datetime' ? 'datetime' : 'date';
  return 'number';
}

/** Checks a derived measure against the measures before it (422 paths under /measures/i). */
export function planDerived(m: MeasureDef, i: number, earlier: PlannedMeasure[], problems: ErrorDetail[]): PlannedMeasure | undefined {
  const at = `/measures/${i}`;
  const op = m.op as DerivedOp;
  const find = (key: string | undefined, name: 'of' | 'to'): number | undefined => {
    if (!key) {
      problems.push({ path: `${at}/${name}`, message: `"${op}" needs "${name}", an earlier measure` });
      return undefined;
    }
    const index = earlier.findIndex((e) => e.key === key);
    if (index < 0) problems.push({ path: `${at}/${name}`, message: `"${key}" is not a measure before this one` });
    return index < 0 ? undefined : index;
  };
  const extra = (['field', 'where', 'related'] as const).filter((k) => m[k] !== undefined);
  for (const k of extra) problems.push({ path: `${at}/${k}`, message: `a derived measure ("${op}") reads earlier measures, not "${k}"` });
  if (m.to !== undefined && op !== 'ratio') problems.push({ path: `${at}/to`, message: `only a ratio divides by "to"` });
  if (m.reverse !== undefined && op !== 'running_total') problems.push({ path: `${at}/reverse`, message: 'only a running total runs in reverse' });
  if (m.ranges !== undefined && op !== 'band') problems.push({ path: `${at}/ranges`, message: 'only a band has ranges' });
  const of = find(m.of, 'of');
  const to = op === 'ratio' ? find(m.to, 'to') : undefined;
  if (of === undefined || (op === 'ratio' && to === undefined) || extra.length) return undefined;
  const want = op === 'days_since' ? 'date' : 'number';
  for (const [name, index] of [['of', of], ['to', to]] as const) {
    if (index === undefined) continue;
    const kind = measureValueKind(earlier[index]!);
    if (kind !== want) problems.push({ path: `${at}/${name}`, message: `"${earlier[index]!.key}" holds ${kind === 'string' ? 'band keys' : `${kind}s`}; "${op}" needs ${want === 'date' ? 'a date (the min or max of a date field)' : 'numbers'}` });
  }
  if (op === 'band') {
    if (!m.ranges) problems.push({ path: `${at}/ranges`, message: 'a band needs ranges' });
    else problems.push(...bandProblems(m.ranges, `${at}/ranges`));
  }
  return { key: m.as, op, derived: { op, of, to, reverse: m.reverse, ranges: m.ranges } };
}

/** Wraps the aggregated rows (columns m<i>, gd, gp, p, rk) in one layer per derived measure, in order. */
export function addDerivedLayers(aggregated: SqlFragment, plan: ReportPlan): SqlFragment {
  let out = aggregated;
  const partition = `partition by q.gd, q.gp${plan.pivot ? ', q.p' : ''}`;
  // The grand total row: with a pivot it is the row without a pivot value too.
  const grand = `q.gd = 1 and q.gp = ${plan.pivot ? 1 : 0}`;
  plan.measures.forEach((m, i) => {
    if (!m.derived) return;
    const of = `q.m${m.derived.of}`;
    let expr: SqlFragment;
    switch (m.derived.op) {
      case 'ratio':
        expr = { sql: `round(${of}::numeric / nullif(q.m${m.derived.to}::numeric, 0), 4)`, bindings: [] };
        break;
      case 'share':
        expr = { sql: `round(${of}::numeric / nullif(max(case when ${grand} then ${of} end) over (), 0), 4)`, bindings: [] };
        break;
      case 'running_total':
        expr = { sql: `sum(${of}) over (${partition} order by q.rk ${m.derived.reverse ? 'desc' : 'asc'} rows between unbounded preceding and current row)`, bindings: [] };
        break;
      case 'step_ratio':
        expr = { sql: `round(${of}::numeric / nullif(lag(${of}) over (${partition} order by q.rk), 0), 4)`, bindings: [] };
        break;
      case 'days_since':
        expr = { sql: `(?::date - ${of})`, bindings: [plan.today] };
        break;
      case 'band':
        expr = bandCase({ sql: of, bindings: [] }, m.derived.ranges!, (r) => r.key);
        break;
    }
    out = { sql: `select q.*, ${expr.sql} as m${i} from (${out.sql}) q`, bindings: [...expr.bindings, ...out.bindings] };
  });
  return out;
}

const LABELS: Record<Locale, Record<DerivedOp, (of: string, to: string) => string>> = {
  'zh-CN': { ratio: (o, t) => `${o}/${t}`, share: (o) => `${o}占比`, running_total: (o) => `${o}累计`, step_ratio: (o) => `${o}环比转化`, days_since: (o) => `${o}距今天数`, band: (o) => `${o}分档` },
  en: { ratio: (o, t) => `${o} / ${t}`, share: (o) => `Share of ${o}`, running_total: (o) => `Running ${o}`, step_ratio: (o) => `${o} vs previous`, days_since: (o) => `Days since ${o}`, band: (o) => `${o} band` },
};

/** Default label and type of a derived measure's column (band columns carry their bands as options). */
export function derivedColumn(m: PlannedMeasure, labelOf: (index: number) => string, locale: Locale, ofType: string): { label: string; type: string; options?: { code: string; label: string }[] } {
  const d = m.derived!;
  const label = LABELS[locale][d.op](labelOf(d.of), d.to === undefined ? '' : labelOf(d.to));
  if (d.op === 'band') return { label, type: 'enum', options: bandOptions(d.ranges!, locale) };
  if (d.op === 'running_total') return { label, type: ofType };
  return { label, type: d.op === 'days_since' ? 'integer' : 'ratio' };
}
