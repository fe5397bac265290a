// Turns the grouping-set rows of one report statement into columns, rows (one per group, pivot cells spread into
// columns) and totals, labelled in the request's language.
import { validationFailed, type Locale } from '../core/index.ts';
import type { PlannedGroup, PlannedMeasure, ReportPlan } from './compile-report.ts';
import { derivedColumn } from './derived-measures.ts';
import { bandOptions } from './range-groups.ts';
import type { AggregateOp, ReportColumn, ReportDefinition, ReportResult } from './report-types.ts';

/** More pivot values than this would make a table nobody reads: the report asks for a narrower filter instead. */
export const MAX_PIVOT_VALUES = 60;

type Row = Record<string, unknown>;

const OP_LABELS: Record<Locale, Record<AggregateOp, (field: string) => string>> = {
  'zh-CN': { count: () => '数量', sum: (f) => `${f}合计`, avg: (f) => `${f}平均`, min: (f) => `${f}最小`, max: (f) => `${f}最大`, count_distinct: (f) => `${f}(去重计数)` },
  en: { count: () => 'Count', sum: (f) => `Sum of ${f}`, avg: (f) => `Average ${f}`, min: (f) => `Minimum ${f}`, max: (f) => `Maximum ${f}`, count_distinct: (f) => `Distinct ${f}` },
};
const BUCKET_LABELS: Record<Locale, Record<string, string>> = {
  'zh-CN': { day: '日', week: '周', month: '月', quarter: '季度', year: '年' },
  en: { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' },
};

export function shapeResult(def: ReportDefinition, plan: ReportPlan, raw: Row[], locale: Locale): ReportResult {
  const measureDefs = new Map(def.measures.map((m) => [m.as, m]));
  const groupDefs = new Map((def.group_by ?? []).map((g) => [g.as ?? g.field, g]));
  const columns: ReportColumn[] = plan.groups.map((g) => groupColumn(g, groupDefs.get(g.key)?.labels?.[locale], locale));
  const measureColumns: ReportColumn[] = [];
  for (const m of plan.measures) measureColumns.push(measureColumn(m, measureDefs.get(m.key)?.labels?.[locale], locale, measureColumns));

  const details = raw.filter((r) => r.gd === 0);
  const totalsRows = raw.filter((r) => r.gd !== 0);
  const ranked = details.filter((r) => Number(r.rk) <= plan.limit);
  const truncated = details.some((r) => Number(r.rk) > plan.limit);
  const totals: Row = {};
  const rows: Row[] = [];

  if (!plan.pivot) {
    columns.push(...measureColumns);
    for (const r of ranked) rows.push(groupRow(plan, r, measureColumns.map((c) => c.key)));
    const grand = totalsRows[0];
    for (const [i, m] of plan.measures.entries()) totals[m.key] = grand ? grand[`m${i}`] : null;
    if (!plan.groups.length && grand) rows.push({ ...totals });
    return { columns, rows, totals, truncated };
  }

  const pivotValues = [...new Map(totalsRows.filter((r) => r.gp === 0).map((r) => [pivotKey(r.p), r.p])).values()];
  if (pivotValues.length > MAX_PIVOT_VALUES) {
    throw validationFailed([{ path: '/pivot/field', message: `has ${pivotValues.length} values; at most ${MAX_PIVOT_VALUES} fit across a table`, info: { values: pivotValues.length } }], 'The report cannot be pivoted');
  }
  const pivotColumn = groupColumn(plan.pivot, undefined, locale);
  for (const v of pivotValues) {
    for (const m of measureColumns) {
      const shown = pivotColumn.options?.find((o) => o.code === v)?.label ?? (v === null ? '—' : String(v));
      columns.push({ ...m, key: `${m.key}:${pivotKey(v)}`, label: plan.measures.length > 1 ? `${shown} ${m.label}` : shown, pivot: v, measure: m.key });
    }
  }
  columns.push(...measureColumns);
  // One row per group, in rank order: its row totals (gp = 1) and its pivot cells (gp = 0).
  const byGroup = new Map<string, Row>();
  for (const r of ranked) {
    const id = JSON.stringify(plan.groups.map((_, i) => r[`d${i}`]));
    let row = byGroup.get(id);
    if (!row) byGroup.set(id, (row = groupRow(plan, r, [])));
    plan.measures.forEach((m, i) => (row[r.gp === 0 ? `${m.key}:${pivotKey(r.p)}` : m.key] = r[`m${i}`]));
  }
  rows.push(...[...byGroup.values()]);
  if (!plan.groups.length) {
    // Without groups the only row is the pivot's column totals.
    const only: Row = {};
    for (const r of totalsRows) plan.measures.forEach((m, i) => (only[r.gp === 0 ? `${m.key}:${pivotKey(r.p)}` : m.key] = r[`m${i}`]));
    rows.push(only);
  }
  for (const r of totalsRows) {
    plan.measures.forEach((m, i) => (totals[r.gp === 0 ? `${m.key}:${pivotKey(r.p)}` : m.key] = r[`m${i}`]));
  }
  return { columns, rows, totals, truncated };
}

function pivotKey(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function groupRow(plan: ReportPlan, r: Row, measureKeys: string[]): Row {
  const row: Row = {};
  plan.groups.forEach((g, i) => {
    row[g.key] = r[`d${i}`];
    if (g.name) row[`${g.key}__name`] = r[`n${i}`] ?? null;
  });
  measureKeys.forEach((k, i) => (row[k] = r[`m${i}`]));
  return row;
}

function groupColumn(g: PlannedGroup, label: string | undefined, locale: Locale): ReportColumn {
  const f = g.field.field;
  const column: ReportColumn = {
    key: g.key,
    label: label ?? (g.bucket ? `${g.field.labels[locale]}(${BUCKET_LABELS[locale][g.bucket]})` : g.field.labels[locale]),
    type: g.bucket ? 'date' : f.type,
    role: 'group',
    field: g.field.path,
  };
  if (g.bucket) column.bucket = g.bucket;
  if (g.days || g.ranges) {
    column.type = g.ranges ? 'enum' : 'integer';
    if (g.days) column.days = g.days;
    if (g.ranges) {
      column.ranges = g.ranges;
      column.options = bandOptions(g.ranges, locale);
    }
    return column;
  }
  if (f.options) column.options = f.options.map((o) => ({ code: o.code, label: o.labels[locale] }));
  if (f.type === 'ref') column.target = f.target;
  return column;
}

function measureColumn(m: PlannedMeasure, label: string | undefined, locale: Locale, earlier: ReportColumn[]): ReportColumn {
  if (m.derived) {
    const d = derivedColumn(m, (i) => earlier[i]!.label, locale, earlier[m.derived.of]!.type);
    return { key: m.key, label: label ?? d.label, type: d.type, role: 'measure', ...(d.options ? { options: d.options } : {}) };
  }
  if (m.related) return { key: m.key, label: label ?? OP_LABELS[locale][m.op as AggregateOp](''), type: m.op === 'count' ? 'integer' : 'decimal', role: 'measure' };
  const op = m.op as AggregateOp;
  const fieldLabel = m.field?.labels[locale] ?? '';
  const type = op === 'count' || op === 'count_distinct' ? 'integer' : op === 'avg' ? 'decimal' : m.field!.field.type === 'formula' || m.field!.field.type === 'rollup' ? (m.field!.field.resultType ?? 'decimal') : m.field!.field.type;
  return { key: m.key, label: label ?? OP_LABELS[locale][op](fieldLabel), type, role: 'measure', ...(m.field ? { field: m.field.path } : {}) };
}
