// What the Model wants the database to look like: one table per entity, link tables, keys and indexes.
import { createHash } from 'node:crypto';
import type { EntityDef, Model } from '../metadata/index.ts';
import { columnTypeOf } from './column-type.ts';
import type { ColumnSpec, IndexSpec, SchemaSpec, TableSpec } from './schema-types.ts';

const SYSTEM_DEFAULTS: Record<string, string> = {
  id: 'gen_random_uuid()',
  created_at: 'clock_timestamp()',
  updated_at: 'clock_timestamp()',
  version: '1',
};
const SYSTEM_NOT_NULL = new Set(['id', 'created_at', 'updated_at', 'version']);

export function desiredSchema(model: Model): SchemaSpec {
  const tables = new Map<string, TableSpec>();
  for (const entity of model.entities.values()) {
    tables.set(entity.name, entityTable(entity));
    for (const field of entity.fields.values()) {
      if (field.type !== 'many_to_many') continue;
      const link = linkTableName(entity.name, field.name);
      tables.set(link, {
        name: link,
        kind: 'link',
        primaryKey: ['source_id', 'target_id'],
        columns: new Map([
          ['source_id', { name: 'source_id', type: 'uuid', notNull: true }],
          ['target_id', { name: 'target_id', type: 'uuid', notNull: true }],
        ]),
        foreignKeys: new Map([
          fk(link, 'source_id', entity.name, 'cascade'),
          fk(link, 'target_id', field.target!, 'cascade'),
        ]),
        indexes: new Map([index(link, ['target_id'], false)]),
      });
    }
  }
  return { tables };
}

function entityTable(entity: EntityDef): TableSpec {
  const columns = new Map<string, ColumnSpec>();
  const foreignKeys = new Map<string, ReturnType<typeof fk>[1]>();
  const indexes = new Map<string, IndexSpec>();
  for (const field of entity.fields.values()) {
    if (!field.stored) continue;
    const spec: ColumnSpec = {
      name: field.name,
      type: columnTypeOf(field),
      notNull: field.system ? SYSTEM_NOT_NULL.has(field.name) : field.required === true && field.type !== 'formula' && field.type !== 'rollup',
    };
    if (field.system && SYSTEM_DEFAULTS[field.name]) spec.defaultSql = SYSTEM_DEFAULTS[field.name];
    if (!field.system && field.default !== undefined) spec.backfill = field.default;
    if (field.type === 'formula') spec.formulaHash = createHash('sha256').update(JSON.stringify([field.formula, field.resultType, field.scale])).digest('hex').slice(0, 16);
    // A rollup and a derived date are filled for existing rows the way a formula is (the same step, the same column comment).
    if (field.type === 'rollup') spec.formulaHash = createHash('sha256').update(JSON.stringify(['rollup', field.of, field.from, field.aggregate, field.field, field.where, field.resultType, field.scale])).digest('hex').slice(0, 16);
    if (field.derive) spec.formulaHash = createHash('sha256').update(JSON.stringify(['derive', field.derive])).digest('hex').slice(0, 16);
    columns.set(field.name, spec);
    if (field.type === 'ref') {
      if (!field.system) {
        const [name, key] = fk(entity.name, field.name, field.target!, field.onDelete ?? 'restrict');
        foreignKeys.set(name, key);
      }
      // Postgres does not index the referencing side; lists by parent and on-delete checks need it.
      const [ixName, ix] = index(entity.name, [field.name], false);
      indexes.set(ixName, ix);
    }
    if (field.unique || field.type === 'autonumber') {
      const [name, ix] = index(entity.name, [field.name], true);
      indexes.set(name, ix);
    }
  }
  for (const def of entity.indexes) {
    const [name, ix] = index(entity.name, def.fields, def.unique === true, def.fields.length === 1 && entity.fields.get(def.fields[0]!)?.type === 'multi_enum');
    indexes.set(name, ix);
  }
  for (const set of entity.unique) {
    const [name, ix] = index(entity.name, [...set], true);
    indexes.set(name, ix);
  }
  return { name: entity.name, kind: 'entity', columns, primaryKey: ['id'], foreignKeys, indexes };
}

export function linkTableName(entity: string, field: string): string {
  return `${entity}__${field}`;
}

function fk(table: string, column: string, targetTable: string, onDelete: 'restrict' | 'set_null' | 'cascade') {
  const name = constraintName('fk', table, [column]);
  return [name, { name, column, targetTable, onDelete }] as const;
}

function index(table: string, columns: string[], unique: boolean, gin = false): [string, IndexSpec] {
  const name = constraintName(unique ? 'uq' : 'ix', table, columns);
  return [name, { name, columns, unique, method: gin && !unique ? 'gin' : 'btree' }];
}

/** prefix_table_col1_col2, shortened with a hash when it would pass Postgres' 63-byte identifier limit. */
export function constraintName(prefix: string, table: string, columns: readonly string[]): string {
  const full = `${prefix}_${table}_${columns.join('_')}`;
  if (full.length <= 63) return full;
  const hash = createHash('sha1').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, 54)}_${hash}`;
}
