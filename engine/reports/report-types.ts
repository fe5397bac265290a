// A report definition as the client or a metadata document writes it (engine/metadata/schemas/report-definition.schema.json).
import type { Labels } from '../metadata/index.ts';

export type Bucket = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type AggregateOp = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'count_distinct';
/** Computed from earlier measures over the aggregated rows, in the same statement (engine/reports/derived-measures.ts). */
export type DerivedOp = 'ratio' | 'share' | 'running_total' | 'step_ratio' | 'days_since' | 'band';
export type MeasureOp = AggregateOp | DerivedOp;

/** A band of a number, or of a date's distance in days from today; bounds inclusive. */
export interface RangeDef {
  key: string;
  labels?: Labels;
  min?: number;
  max?: number;
}

export interface RelatedDef {
  entity: string;
  field?: string;
  /** Related field → this entity's field. */
  match: Record<string, string>;
  within?: { field: string; from: string; to: string };
  filter?: unknown;
}

export interface GroupDef {
  field: string;
  bucket?: Bucket;
  as?: string;
  labels?: Labels;
  days?: 'since' | 'until';
  ranges?: RangeDef[];
}

export interface MeasureDef {
  op: MeasureOp;
  field?: string;
  as: string;
  labels?: Labels;
  where?: unknown;
  of?: string;
  to?: string;
  reverse?: boolean;
  ranges?: RangeDef[];
  related?: RelatedDef;
}

export interface ParameterDef {
  name: string;
  type: 'date' | 'number' | 'string';
  labels?: Labels;
  required?: boolean;
  default?: string | number;
}

export interface ReportDefinition {
  entity: string;
  filter?: unknown;
  parameters?: ParameterDef[];
  group_by?: GroupDef[];
  measures: MeasureDef[];
  pivot?: { field: string; bucket?: Bucket; days?: 'since' | 'until'; ranges?: RangeDef[] };
  sort?: { key: string; desc?: boolean; order?: 'value' | 'options' }[];
  limit?: number;
}

export interface ReportColumn {
  key: string;
  label: string;
  /** The field's type for a group ('date' for a bucket), the value's type for a measure ('integer' for a count). */
  type: string;
  /** Where the value comes from: a group, a measure, or a measure's cell for one pivot value. */
  role: 'group' | 'measure';
  /** The field path a group or measure reads (customer.region), for opening the matching records. */
  field?: string;
  bucket?: Bucket;
  /** Option codes and labels of an enum group, so a client shows 赢单 for won. */
  options?: { code: string; label: string }[];
  /** The referenced entity of a ref group; rows then also carry `<key>__name`, the record's display value. */
  target?: string;
  /** A range group's bands (and `days` when they count days from today), so a client can open a band's records. */
  ranges?: RangeDef[];
  days?: 'since' | 'until';
  /** The pivot value a measure cell belongs to (null for records without one). */
  pivot?: unknown;
  measure?: string;
}

export interface ReportResult {
  columns: ReportColumn[];
  rows: Record<string, unknown>[];
  totals: Record<string, unknown>;
  /** True when more groups matched than the limit: rows stop at the limit, totals still cover everything. */
  truncated: boolean;
  /** A report with parameters: the values it ran with, relative dates resolved to dates. */
  parameters?: Record<string, unknown>;
}
