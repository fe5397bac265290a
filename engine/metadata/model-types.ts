// Types of the metadata documents (as authored in JSON) and of the resolved, immutable Model.
import type { WorkflowDef } from './workflow-types.ts';

export type Labels = { 'zh-CN': string; en: string };

export type JsonLogic = unknown;

export const FIELD_TYPES = [
  'string',
  'text',
  'integer',
  'decimal',
  'money',
  'boolean',
  'date',
  'datetime',
  'enum',
  'multi_enum',
  'ref',
  'children',
  'many_to_many',
  'json',
  'autonumber',
  'formula',
  'rollup',
  'attachment',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Types a formula (or rollup) may produce; each is stored like the field type of the same name. */
export type FormulaResultType = 'string' | 'integer' | 'decimal' | 'money' | 'boolean' | 'date';

export interface EnumOption {
  code: string;
  labels: Labels;
  color?: string;
}

export type OnDelete = 'restrict' | 'set_null' | 'cascade';
export type SequenceReset = 'daily' | 'monthly' | 'yearly' | 'never';

/** A field as written in metadata. Which properties apply depends on `type` (the JSON Schema says which). */
export interface FieldDoc {
  type: FieldType;
  labels: Labels;
  description?: Labels;
  required?: boolean;
  default?: unknown;
  unique?: boolean;
  readOnly?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  precision?: number;
  scale?: number;
  options?: EnumOption[];
  target?: string;
  onDelete?: OnDelete;
  /** children: the ref field on the child entity that points back to this entity. */
  foreignKey?: string;
  /** autonumber: Handlebars pattern, e.g. "HT-{{date \"YYYYMM\"}}-{{seq 4}}". */
  template?: string;
  reset?: SequenceReset;
  /** formula: the json-logic expression and the type of its result. */
  formula?: JsonLogic;
  resultType?: FormulaResultType;
  /**
   * rollup: an aggregate over the record's lines (`of` names the children field) or over the records of another
   * entity pointing at it (`from`), only those `where` holds for; kept up to date by the engine however they are written.
   * enum: `formula` makes a computed option (json-logic giving an option code), worked out on every write.
   */
  of?: string;
  from?: { entity: string; via: string };
  where?: JsonLogic;
  aggregate?: 'sum' | 'count' | 'min' | 'max';
  field?: string;
  /** Set by the loader for a field an extension added (a plugin's or the admin's): the extension's file. */
  origin?: string;
  /** json: a named engine schema the value must satisfy (e.g. "role-permissions"). */
  schema?: string;
  /** attachment: largest file in bytes, allowed types (MIME types, `image/*`, or extensions such as `.dwg`), most files. */
  maxSize?: number;
  accept?: string[];
  maxFiles?: number;
  /** date: a derived date (派生日期), another date plus a period, kept by the engine and read-only for clients. */
  derive?: DeriveDoc;
}

/** `from`: a date or datetime field of the entity, or `<ref field>.<date or datetime field of its target>`. */
export interface DeriveDoc {
  from: string;
  add: { years?: number; months?: number; days?: number };
}

/** 时间线: which fields place a record on a timeline (Gantt) view; `end`, the actual dates, `group`, `progress` optional. */
export interface TimelineDoc {
  start: string;
  end?: string;
  actualStart?: string;
  actualEnd?: string;
  /** The bar's text; the displayField when left out. */
  label?: string;
  group?: string;
  progress?: string;
}

export interface IndexDoc {
  fields: string[];
  unique?: boolean;
}

export interface RuleDoc {
  name: string;
  /** json-logic that must be truthy for the record to be valid. */
  condition: JsonLogic;
  message: Labels;
  /** Fields the message is shown on; the first one is used as the error path. */
  fields?: string[];
}

export interface EntityDoc {
  name: string;
  labels: Labels;
  /** The module the entity belongs to: the unit of system-level permission. */
  module?: string;
  description?: Labels;
  displayField: string;
  searchFields?: string[];
  fields: Record<string, FieldDoc>;
  indexes?: IndexDoc[];
  unique?: string[][];
  rules?: RuleDoc[];
  handover?: HandoverDoc;
  delayAlert?: DelayAlertDoc;
  timeline?: TimelineDoc;
}

/** A delay flag the engine keeps each business day (engine/workflow/delay-alerts.ts), with a message when it turns on. */
export interface DelayAlertDoc {
  plannedStart: string;
  plannedEnd: string;
  actualStart: string;
  actualEnd: string;
  /** How far over the planned duration counts as delayed (default 20). */
  overrunPercent?: number;
  flag: string;
  notify: { via?: string; fields: string[]; title: Labels; body?: Labels };
}

/** 业务移交: in a handover, this entity's records follow their parent (e.g. the customer) while `openWhen` holds. */
export interface HandoverDoc {
  follow: string;
  openWhen?: JsonLogic;
}

/** Where a definition came from, so every later error can name the file and pointer. */
export interface Source {
  file: string;
  pointer: string;
}

export interface FieldDef extends Readonly<Omit<FieldDoc, 'options'>> {
  readonly name: string;
  readonly entity: string;
  readonly source: Source;
  readonly options?: readonly EnumOption[];
  /** True for id, created_at, …: never writable by clients. */
  readonly system: boolean;
  /** Whether a column in the entity's own table holds this field (false for children, many_to_many and attachment). */
  readonly stored: boolean;
}

export interface EntityDef {
  readonly name: string;
  readonly labels: Labels;
  readonly module: string;
  readonly description?: Labels;
  readonly displayField: string;
  readonly searchFields: readonly string[];
  /** All fields, system fields first, in declaration order. */
  readonly fields: ReadonlyMap<string, FieldDef>;
  readonly indexes: readonly IndexDoc[];
  readonly unique: readonly (readonly string[])[];
  readonly rules: readonly RuleDoc[];
  readonly handover?: HandoverDoc;
  readonly delayAlert?: DelayAlertDoc;
  readonly timeline?: TimelineDoc;
  readonly source: Source;
}

/** A menu entry: a group (children), an entity's list, or a page; labels default to the entity's. */
export interface MenuItem {
  id: string;
  labels?: Labels;
  icon?: string;
  entity?: string;
  page?: string;
  /** A system function the user must hold to see the entry (e.g. "audit"). */
  function?: 'audit' | 'handover' | 'users' | 'plugins' | 'metadata' | 'backup';
  /** Set by the admin's menu: the entry (and what is under it) shows in no one's menu. */
  hidden?: boolean;
  children?: MenuItem[];
}

/** A form's layout: tabs of sections of fields, each optionally shown only when a json-logic condition holds. */
export interface FormSection {
  id: string;
  labels?: Labels;
  columns?: number;
  visibleWhen?: JsonLogic;
  fields: string[];
}

export interface FormTab {
  id: string;
  labels: Labels;
  visibleWhen?: JsonLogic;
  sections: FormSection[];
}

/** A saved report shipped as metadata (metadata/reports/<code>.json, engine/metadata/schemas/report.schema.json). */
export interface ReportDoc {
  code: string;
  labels: Labels;
  description?: Labels;
  /** What POST /api/reports/run accepts (engine/reports checks it against the model when the model is assembled). */
  definition: { entity: string } & Record<string, unknown>;
  chart?: { type: 'bar' | 'line' | 'pie' | 'funnel' | 'table' | 'pivot'; category?: string; values?: string[] };
  dashboard?: { roles: string[]; order?: number };
  source: { file: string; pointer: string };
}

export interface Model {
  /** Content hash of everything that shaped the model; caches are keyed by it. */
  readonly version: string;
  readonly entities: ReadonlyMap<string, EntityDef>;
  readonly menus: readonly MenuItem[];
  readonly workflows: ReadonlyMap<string, WorkflowDef>;
  /** Layouts by entity; an entity without one gets the default (all fields, in order). */
  readonly forms: ReadonlyMap<string, readonly FormTab[]>;
  /** Saved reports from metadata, by code. */
  readonly reports: ReadonlyMap<string, ReportDoc>;
}
