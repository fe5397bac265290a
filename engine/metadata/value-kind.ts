// The kind of value a field holds in a record (and in the rule language), independent of its storage type.
import type { FieldDef, FieldDoc } from './model-types.ts';

export type ValueKind = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'uuid' | 'string_array' | 'json';

/**
 * System fields that hold record ids, whatever type system-fields.ts declares them with (`id` is 'string'): they are
 * stored in uuid columns (engine/schema/column-type.ts), so records carry canonical lowercase uuid text, like refs.
 */
const UUID_SYSTEM_FIELDS: ReadonlySet<string> = new Set(['id', 'created_by', 'updated_by', 'owner', 'department']);

/**
 * undefined for fields that hold no single value in the row (children, many_to_many, attachment). `name` and `system` are
 * needed for the system id fields; this is the one place that maps them, for rule scopes and everything else.
 */
export function valueKindOf(field: Pick<FieldDef, 'name' | 'system' | 'type' | 'resultType'>): ValueKind | undefined {
  if (field.system && UUID_SYSTEM_FIELDS.has(field.name)) return 'uuid';
  return kindOfType(field);
}

function kindOfType(field: Pick<FieldDoc, 'type' | 'resultType'>): ValueKind | undefined {
  switch (field.type) {
    case 'string':
    case 'text':
    case 'enum':
    case 'autonumber':
      return 'string';
    case 'ref':
      return 'uuid';
    case 'integer':
    case 'decimal':
    case 'money':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'multi_enum':
      return 'string_array';
    case 'json':
      return 'json';
    case 'rollup':
    case 'formula':
      return field.resultType ? kindOfType({ type: field.resultType }) : undefined;
    case 'children':
    case 'many_to_many':
    case 'attachment':
      return undefined;
  }
}
