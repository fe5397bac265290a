// The PostgreSQL column type each field type is stored as. Canonical spellings, so live and desired types compare as strings.
import type { FieldDef } from '../metadata/index.ts';

export function columnTypeOf(field: Pick<FieldDef, 'type' | 'maxLength' | 'precision' | 'scale' | 'resultType' | 'system' | 'name'>): string {
  if (field.system) return SYSTEM_COLUMN_TYPES[field.name]!;
  switch (field.type) {
    case 'string':
      return `varchar(${field.maxLength ?? 255})`;
    case 'text':
      return 'text';
    case 'integer':
      return 'integer';
    case 'decimal':
      return `numeric(${field.precision ?? 18},${field.scale ?? 4})`;
    case 'money':
      return 'numeric(18,2)';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'enum':
      return 'varchar(64)';
    case 'multi_enum':
      return 'text[]';
    case 'ref':
      return 'uuid';
    case 'json':
      return 'jsonb';
    case 'autonumber':
      return 'varchar(64)';
    case 'rollup':
    case 'formula': {
      const t = field.resultType ?? 'string';
      if (t === 'decimal') return `numeric(${field.precision ?? 18},${field.scale ?? 4})`;
      return columnTypeOf({ type: t, system: false, name: field.name });
    }
    case 'children':
    case 'many_to_many':
    case 'attachment':
      throw new Error(`${field.type} fields have no column`);
  }
}

export const SYSTEM_COLUMN_TYPES: Readonly<Record<string, string>> = {
  id: 'uuid',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  created_by: 'uuid',
  updated_by: 'uuid',
  owner: 'uuid',
  department: 'uuid',
  version: 'integer',
};
