// What a condition row may compare: a field picked by its label, typed so that it gets the operators the engine's
// json-logic supports for it (and that compile to SQL for entity rules) and a value input of its kind. Entity fields
// come from metadata; the configurator passes its segments and parameters in the same shape.
import type { FieldMeta, Labels } from '../../api/types';
import { shownType } from '../../common/field-types';
import type { RowOperator } from './rule-tree';

export type BuilderType = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'enum' | 'multi_enum' | 'ref';

export interface BuilderField {
  name: string;
  label: string;
  type: BuilderType;
  /** Choices of an enum or multi_enum field, by code. */
  options?: { value: string; label: string }[];
  /** The entity a ref field points at. */
  target?: string;
  /** Values from where the rule runs a ref field may be compared with: 当前用户 (`$user.id`) for a user field. */
  contextValues?: { name: string; label: string }[];
}

const OPERATORS: Record<BuilderType, RowOperator[]> = {
  text: ['==', '!=', 'contains', 'not_contains', 'starts_with', 'in', 'not_in', 'empty', 'not_empty'],
  number: ['==', '!=', '>', '>=', '<', '<=', 'empty', 'not_empty'],
  date: ['==', '!=', '<', '<=', '>', '>=', 'empty', 'not_empty'],
  datetime: ['<', '<=', '>', '>=', 'empty', 'not_empty'],
  boolean: ['==', '!='],
  enum: ['==', '!=', 'in', 'not_in', 'empty', 'not_empty'],
  multi_enum: ['has', 'not_has', 'empty', 'not_empty'],
  ref: ['==', '!=', 'empty', 'not_empty'],
};

/** The operators offered for a field; a field the builder does not know is compared as text. */
export function operatorsFor(field: BuilderField | undefined): RowOperator[] {
  return OPERATORS[field?.type ?? 'text'];
}

const TYPES: Partial<Record<string, BuilderType>> = {
  string: 'text',
  text: 'text',
  autonumber: 'text',
  integer: 'number',
  decimal: 'number',
  money: 'number',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  enum: 'enum',
  multi_enum: 'multi_enum',
  ref: 'ref',
};

/**
 * An entity's fields a rule may read (its own single-valued fields, system fields last, as the engine's rule scope):
 * lines, many-to-many links, attachments and JSON have no value a row can compare; formulas and rollups compare as
 * their result type.
 */
export function entityBuilderFields(fields: FieldMeta[], label: (labels: Labels | undefined, fallback?: string) => string): BuilderField[] {
  const usable = fields.flatMap((f): BuilderField[] => {
    const type = TYPES[shownType(f)];
    if (!type || (type === 'ref' && !f.target)) return [];
    return [{ name: f.name, label: label(f.labels, f.name), type, target: f.target, options: f.options?.map((o) => ({ value: o.code, label: label(o.labels, o.code) })) }];
  });
  const system = new Set(fields.filter((f) => f.system).map((f) => f.name));
  return [...usable.filter((f) => !system.has(f.name)), ...usable.filter((f) => system.has(f.name))];
}
