// The report builder's working state and the definition it stands for: groups (dates by bucket), measures, the
// list's filter conditions (plus a loaded report's own filter, kept as it is), pivot, sort and chart.
import type { Bucket, ChartSpec, MeasureOp, ReportDefinition } from '../api/reports-api';
import type { FieldMeta } from '../api/types';
import { combineFilter, type Condition } from '../list/filter-logic';

export interface BuilderState {
  entity?: string;
  groups: { field: string; bucket?: Bucket }[];
  measures: { op: MeasureOp; field?: string }[];
  conditions: Condition[];
  /** A loaded report's filter, which the condition rows cannot show; ANDed with them. */
  baseFilter?: unknown;
  /** A loaded report's parameters, which its base filter reads: kept, so that saving it again keeps them. */
  parameters?: ReportDefinition['parameters'];
  pivot?: { field: string; bucket?: Bucket };
  sort?: { key: string; desc: boolean };
  chart: ChartSpec['type'];
}

export const EMPTY_STATE: BuilderState = { groups: [], measures: [{ op: 'count' }], conditions: [], chart: 'bar' };

export const DATE_TYPES = new Set(['date', 'datetime']);
const NUMERIC = new Set(['integer', 'decimal', 'money']);
const GROUPABLE = new Set(['string', 'enum', 'boolean', 'date', 'datetime', 'ref', 'integer']);

export const isNumeric = (f: FieldMeta) => NUMERIC.has(f.type) || ((f.type === 'formula' || f.type === 'rollup') && NUMERIC.has(f.resultType ?? 'decimal'));
export const isGroupable = (f: FieldMeta) => GROUPABLE.has(f.type) && f.name !== 'id';

export function measureKey(m: { op: MeasureOp; field?: string }): string {
  return m.op === 'count' || !m.field ? 'count' : `${m.op}_${m.field}`;
}

export function groupKey(g: { field: string }): string {
  return g.field;
}

/** The definition POST /api/reports/run takes; undefined until an entity and a measure are chosen. */
export function toDefinition(state: BuilderState, fields: FieldMeta[]): ReportDefinition | undefined {
  if (!state.entity || !state.measures.length) return undefined;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const conditions = combineFilter(state.conditions, byName);
  const filter = state.baseFilter === undefined ? conditions : conditions === undefined ? state.baseFilter : { and: [state.baseFilter, conditions] };
  const measures = [...new Map(state.measures.filter((m) => m.op === 'count' || m.field).map((m) => [measureKey(m), { op: m.op, ...(m.op !== 'count' ? { field: m.field } : {}), as: measureKey(m) }])).values()];
  if (!measures.length) return undefined;
  const groups = [...new Map(state.groups.filter((g) => g.field).map((g) => [g.field, { field: g.field, ...(g.bucket ? { bucket: g.bucket } : {}) }])).values()];
  const keys = new Set([...groups.map(groupKey), ...measures.map((m) => m.as)]);
  return {
    entity: state.entity,
    ...(filter !== undefined ? { filter } : {}),
    ...(state.parameters?.length ? { parameters: state.parameters } : {}),
    ...(groups.length ? { group_by: groups } : {}),
    measures,
    ...(state.pivot?.field && groups.length ? { pivot: state.pivot } : {}),
    ...(state.sort && keys.has(state.sort.key) && !(state.pivot && measures.some((m) => m.as === state.sort!.key)) ? { sort: [{ key: state.sort.key, desc: state.sort.desc }] } : {}),
  };
}

export function chartOf(state: BuilderState, def: ReportDefinition): ChartSpec {
  const type = def.pivot ? 'pivot' : state.chart;
  return { type, ...(def.group_by?.length && type !== 'table' && type !== 'pivot' ? { category: groupKey(def.group_by[0]!) } : {}) };
}

/** A saved report back into the builder (its filter kept whole as the base filter). */
export function fromDefinition(def: ReportDefinition, chart: ChartSpec | undefined): BuilderState {
  return {
    entity: def.entity,
    groups: (def.group_by ?? []).map((g) => ({ field: g.field, ...(g.bucket ? { bucket: g.bucket } : {}) })),
    measures: def.measures.map((m) => ({ op: m.op, ...(m.field ? { field: m.field } : {}) })),
    conditions: [],
    ...(def.filter !== undefined ? { baseFilter: def.filter } : {}),
    ...(def.parameters?.length ? { parameters: def.parameters } : {}),
    ...(def.pivot ? { pivot: def.pivot } : {}),
    ...(def.sort?.[0] ? { sort: { key: def.sort[0].key, desc: !!def.sort[0].desc } } : {}),
    chart: chart?.type ?? 'table',
  };
}
