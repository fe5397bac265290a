// A custom field's definition (as the server stores it) and the field editor's form values, both ways.
import dayjs, { type Dayjs } from 'dayjs';
import type { AutonumberReset, CustomFieldDef, CustomFieldType, FormulaResultType, RefOnDelete, RollupAggregate } from '../api/admin-api';
import type { FormulaDraft } from './formula';

export const ENUMS = new Set<CustomFieldType>(['enum', 'multi_enum']);
export const TEXTS = new Set<CustomFieldType>(['string', 'text']);
export const NUMBERS = new Set<CustomFieldType>(['integer', 'decimal', 'money']);
/** Types whose value the engine or the file store fills in: no default, no required. */
export const FILLED_IN = new Set<CustomFieldType>(['formula', 'attachment', 'autonumber', 'rollup']);
/** Types holding other records (lines, links): no default, no required. */
export const RELATIONS = new Set<CustomFieldType>(['children', 'many_to_many']);
/** Types that point at another entity, picked in the editor. */
export const TARGETED = new Set<CustomFieldType>(['ref', 'children', 'many_to_many']);
const MB = 1024 * 1024;
// The properties the editor manages; anything else in a definition (description, unique, pattern…) is kept.
const MANAGED = ['type', 'labels', 'required', 'default', 'options', 'maxLength', 'min', 'max', 'target', 'onDelete', 'foreignKey', 'of', 'from', 'where', 'aggregate', 'field', 'formula', 'resultType', 'precision', 'scale', 'maxFiles', 'maxSize', 'accept', 'template', 'reset'];

/** Where a rollup's records come from: the record's own lines (`of`) or another entity's records pointing at it (`from`). */
export type RollupSourceKind = 'of' | 'from';

export interface OptionRow {
  code?: string;
  zh?: string;
  en?: string;
  color?: string;
}

export interface FieldValues {
  name: string;
  type: CustomFieldType;
  zh: string;
  en: string;
  required: boolean;
  default?: unknown;
  options?: OptionRow[];
  maxLength?: number | null;
  min?: number | null;
  max?: number | null;
  target?: string;
  onDelete?: RefOnDelete;
  /** children: the child entity's ref back; rollup: the lines field (or the records pointing here), aggregate and line field. */
  foreignKey?: string;
  rollupSource?: RollupSourceKind;
  of?: string;
  from?: { entity?: string; via?: string };
  /** rollup: json-logic keeping only some of the aggregated records; undefined: all of them. */
  where?: unknown;
  aggregate?: RollupAggregate;
  field?: string;
  /** formula: the expression as typed (or its JSON) and what it reads as; set by the field editor. */
  formula?: FormulaDraft;
  resultType?: FormulaResultType;
  precision?: number | null;
  scale?: number | null;
  /** attachment: the largest file in MB (stored in bytes). */
  maxFiles?: number | null;
  maxSize?: number | null;
  accept?: string[];
  template?: string;
  reset?: AutonumberReset;
}

/** The form's starting values: a new string field, or the definition being edited. */
export function initialValues(name: string | undefined, def: CustomFieldDef | undefined): Partial<FieldValues> {
  if (!def || !name) return { type: 'string', required: false, options: [], onDelete: 'restrict', resultType: 'decimal', reset: 'never', aggregate: 'sum', rollupSource: 'of' };
  return {
    name,
    type: def.type,
    zh: def.labels['zh-CN'],
    en: def.labels.en,
    required: def.required === true,
    default: formValueOf(def.type, def.default),
    options: (def.options ?? []).map((o) => ({ code: o.code, zh: o.labels['zh-CN'], en: o.labels.en, color: o.color })),
    maxLength: def.maxLength,
    min: def.min,
    max: def.max,
    target: def.target,
    onDelete: def.onDelete ?? 'restrict',
    foreignKey: def.foreignKey,
    rollupSource: def.from ? 'from' : 'of',
    of: def.of,
    from: def.from,
    where: def.where,
    aggregate: def.aggregate ?? 'sum',
    field: def.field,
    resultType: def.resultType ?? 'decimal',
    precision: def.precision,
    scale: def.scale,
    maxFiles: def.maxFiles,
    maxSize: typeof def.maxSize === 'number' ? Math.round((def.maxSize / MB) * 100) / 100 : undefined,
    accept: def.accept ?? [],
    template: def.template,
    reset: def.reset ?? 'never',
  };
}

/** The definition to send: what the form says, plus whatever else the original held for the same type. */
export function buildDefinition(v: FieldValues, original: CustomFieldDef | undefined): CustomFieldDef {
  const kept =
    original && original.type === v.type
      ? Object.fromEntries(Object.entries(original).filter(([k]) => !MANAGED.includes(k)))
      : original?.description
        ? { description: original.description }
        : {};
  const def: CustomFieldDef = { ...kept, type: v.type, labels: { 'zh-CN': v.zh.trim(), en: v.en.trim() } };
  if (v.required && !FILLED_IN.has(v.type)) def.required = true;
  if (ENUMS.has(v.type)) {
    def.options = (v.options ?? []).map((o) => ({
      code: (o.code ?? '').trim(),
      labels: { 'zh-CN': (o.zh ?? '').trim(), en: (o.en ?? '').trim() },
      ...(o.color ? { color: o.color } : {}),
    }));
  }
  if (TEXTS.has(v.type) && typeof v.maxLength === 'number') def.maxLength = v.maxLength;
  if (NUMBERS.has(v.type)) {
    if (typeof v.min === 'number') def.min = v.min;
    if (typeof v.max === 'number') def.max = v.max;
  }
  if (FILLED_IN.has(v.type)) return { ...def, ...filledIn(v) };
  if (v.type === 'ref') {
    def.target = v.target;
    // restrict is the server's default: left out, so the definition stays as short as one written by hand.
    if (v.onDelete && v.onDelete !== 'restrict') def.onDelete = v.onDelete;
    return def; // a ref has no default
  }
  if (v.type === 'children') {
    // Default lines: the cells hold stored values already (field-default-lines.tsx); empty ones are left out.
    const lines = ((v.default as Record<string, unknown>[] | undefined) ?? []).map((line) => filledCells(line ?? {}));
    return { ...def, target: v.target, foreignKey: v.foreignKey, ...(lines.length ? { default: lines } : {}) };
  }
  // Links hold other records: no default.
  if (v.type === 'many_to_many') return { ...def, target: v.target };
  const d = storedValueOf(v.type, v.default);
  if (d !== undefined) def.default = d;
  return def;
}

/** A default as the form's input holds it: dates as dayjs, yes / no as 'true' / 'false', JSON as its text. */
export function formValueOf(type: string, d: unknown): unknown {
  if (d === undefined || d === null) return undefined;
  if (type === 'date' || type === 'datetime') return typeof d === 'string' ? dayjs(d) : undefined;
  if (type === 'boolean') return String(d);
  if (type === 'json') return JSON.stringify(d, null, 2);
  return d;
}

/** A default as stored from the form's input; undefined when the input is empty. */
export function storedValueOf(type: string, d: unknown): unknown {
  if (isEmpty(d)) return undefined;
  if (type === 'boolean') return d === 'true';
  if (type === 'date') return (d as Dayjs).format('YYYY-MM-DD');
  if (type === 'datetime') return (d as Dayjs).toISOString();
  // Checked by the input's rule before saving, so it parses here.
  if (type === 'json') return typeof d === 'string' ? (d.trim() === '' ? undefined : JSON.parse(d)) : d;
  return d;
}

/** A default line without its empty cells. */
function filledCells(line: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(line).filter(([, x]) => !isEmpty(x)));
}

const isEmpty = (x: unknown) => x === undefined || x === null || x === '' || (Array.isArray(x) && x.length === 0);

/** A formula's, rollup's, attachment's or autonumber's own settings (none of them has a default). */
function filledIn(v: FieldValues): Partial<CustomFieldDef> {
  const number = (n: number | null | undefined) => (typeof n === 'number' ? n : undefined);
  const defined = (o: Partial<CustomFieldDef>) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
  if (v.type === 'rollup') {
    const count = v.aggregate === 'count';
    const source = v.rollupSource === 'from' ? { from: { entity: v.from?.entity, via: v.from?.via } } : { of: v.of };
    return defined({ ...source, where: v.where, aggregate: v.aggregate ?? 'sum', field: count ? undefined : v.field, resultType: count ? 'integer' : (v.resultType ?? 'decimal') });
  }
  if (v.type === 'formula') {
    const decimals = v.resultType === 'decimal' || v.resultType === 'money';
    return defined({ formula: v.formula?.logic, resultType: v.resultType ?? 'decimal', precision: decimals ? number(v.precision) : undefined, scale: decimals ? number(v.scale) : undefined });
  }
  if (v.type === 'attachment') {
    const size = number(v.maxSize);
    return defined({ maxFiles: number(v.maxFiles), maxSize: size === undefined ? undefined : Math.round(size * MB), accept: v.accept?.length ? v.accept : undefined });
  }
  return defined({ template: v.template?.trim(), reset: v.reset ?? 'never' });
}
