// The kind of value a field holds in a record (and in the rule language), independent of its storage type.
import type { FieldDoc } from './model-types.ts';

export type ValueKind = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'string_array' | 'json';

/** undefined for fields that hold no single value in the row (children, many_to_many). */
export function valueKindOf(field: Pick<FieldDoc, 'type' | 'resultType'>): ValueKind | undefined {
  switch (field.type) {
    case 'string':
    case 'text':
    case 'enum':
    case 'autonumber':
    case 'ref':
      return 'string';
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
    case 'formula':
      return field.resultType ? valueKindOf({ type: field.resultType }) : undefined;
    case 'children':
    case 'many_to_many':
      return undefined;
  }
}
