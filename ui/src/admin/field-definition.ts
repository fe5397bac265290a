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
const MANAGED = ['type', 'labels', 'required', 'default', 'options', 'maxLength', 'min', 'max', 'target', 'onDelete', 'foreignKey', 'of', 'aggregate', 'field', 'formula', 'resultType', 'precision', 'scale', 'maxFiles', 'maxSize', 'accept', 'template', 'reset'];

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
  /** children: the child entity's ref back; rollup: the lines field, aggregate and line field. */
  foreignKey?: string;
  of?: string;
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
  if (!def || !name) return { type: 'string', required: false, options: [], onDelete: 'restrict', resultType: 'decimal', reset: 'never', aggregate: 'sum' };
  let d: unknown = def.default;
  if (def.type === 'date' || def.type === 'datetime') d = typeof d === 'string' ? dayjs(d) : undefined;
  if (def.type === 'boolean') d = d === undefined ? undefined : String(d);
  return {
    name,
    type: def.type,
    zh: def.labels['zh-CN'],
    en: def.labels.en,
    required: def.required === true,
    default: d,
    options: (def.options ?? []).map((o) => ({ code: o.code, zh: o.labels['zh-CN'], en: o.labels.en, color: o.color })),
    maxLength: def.maxLength,
    min: def.min,
    max: def.max,
    target: def.target,
    onDelete: def.onDelete ?? 'restrict',
    foreignKey: def.foreignKey,
    of: def.of,
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
  // Lines and links hold other records: no default (a json field takes its value as typed, no default either).
  if (v.type === 'children') return { ...def, target: v.target, foreignKey: v.foreignKey };
  if (v.type === 'many_to_many') return { ...def, target: v.target };
  if (v.type === 'json') return def;
  const d = v.default;
  if (d !== undefined && d !== null && d !== '' && !(Array.isArray(d) && d.length === 0)) {
    if (v.type === 'boolean') def.default = d === 'true';
    else if (v.type === 'date') def.default = (d as Dayjs).format('YYYY-MM-DD');
    else if (v.type === 'datetime') def.default = (d as Dayjs).toISOString();
    else def.default = d;
  }
  return def;
}

/** A formula's, rollup's, attachment's or autonumber's own settings (none of them has a default). */
function filledIn(v: FieldValues): Partial<CustomFieldDef> {
  const number = (n: number | null | undefined) => (typeof n === 'number' ? n : undefined);
  const defined = (o: Partial<CustomFieldDef>) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
  if (v.type === 'rollup') {
    const count = v.aggregate === 'count';
    return defined({ of: v.of, aggregate: v.aggregate ?? 'sum', field: count ? undefined : v.field, resultType: count ? 'integer' : (v.resultType ?? 'decimal') });
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
