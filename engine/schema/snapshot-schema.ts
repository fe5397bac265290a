// Reads what a tenant's schema holds now: tables, columns with canonical types, foreign keys, engine indexes, archive.
import type { Knex } from 'knex';
import type { Tenant } from '../db/index.ts';
import type { ColumnSpec, ForeignKeySpec, IndexSpec, LiveSchema, TableSpec } from './schema-types.ts';

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  comment: string | null;
}

/** The comment a formula column carries: this prefix and the hash of the formula its values were computed with. */
export const FORMULA_COMMENT = 'crm-formula:';

const ON_DELETE: Record<string, ForeignKeySpec['onDelete']> = { a: 'restrict', r: 'restrict', n: 'set_null', c: 'cascade' };

export async function snapshotSchema(knex: Knex, tenant: Tenant): Promise<LiveSchema> {
  const tables = new Map<string, TableSpec>();
  const columns = await knex.raw<{ rows: ColumnRow[] }>(
    `select c.table_name, c.column_name, c.data_type, c.udt_name, c.character_maximum_length, c.numeric_precision,
            c.numeric_scale, c.is_nullable, c.column_default,
            col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position::int) as comment
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = ? and t.table_type = 'BASE TABLE' and c.table_name not like 'crm\\_%'
      order by c.table_name, c.ordinal_position`,
    [tenant.schema],
  );
  for (const row of columns.rows) {
    let table = tables.get(row.table_name);
    if (!table) {
      table = { name: row.table_name, kind: row.table_name.includes('__') ? 'link' : 'entity', columns: new Map(), primaryKey: [], foreignKeys: new Map(), indexes: new Map() };
      tables.set(row.table_name, table);
    }
    const col: ColumnSpec = { name: row.column_name, type: canonicalType(row), notNull: row.is_nullable === 'NO' };
    if (row.column_default) col.defaultSql = row.column_default;
    const formula = row.comment?.startsWith(FORMULA_COMMENT) ? row.comment.slice(FORMULA_COMMENT.length) : undefined;
    if (formula) col.formulaHash = formula;
    table.columns.set(row.column_name, col);
  }

  const fks = await knex.raw<{ rows: { name: string; table_name: string; column_name: string; target: string; deltype: string }[] }>(
    `select con.conname as name, rel.relname as table_name, att.attname as column_name, frel.relname as target,
            con.confdeltype as deltype
       from pg_constraint con
       join pg_class rel on rel.oid = con.conrelid
       join pg_namespace ns on ns.oid = rel.relnamespace
       join pg_class frel on frel.oid = con.confrelid
       join pg_attribute att on att.attrelid = con.conrelid and att.attnum = con.conkey[1]
      where con.contype = 'f' and ns.nspname = ?`,
    [tenant.schema],
  );
  for (const row of fks.rows) {
    tables.get(row.table_name)?.foreignKeys.set(row.name, {
      name: row.name,
      column: row.column_name,
      targetTable: row.target,
      onDelete: ON_DELETE[row.deltype] ?? 'restrict',
    });
  }

  const indexes = await knex.raw<{ rows: { name: string; table_name: string; is_unique: boolean; method: string; columns: string[] }[] }>(
    `select ic.relname as name, tc.relname as table_name, ix.indisunique as is_unique, am.amname as method,
            array(select a.attname::text from unnest(ix.indkey) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum order by k.ord) as columns
       from pg_index ix
       join pg_class ic on ic.oid = ix.indexrelid
       join pg_class tc on tc.oid = ix.indrelid
       join pg_namespace ns on ns.oid = tc.relnamespace
       join pg_am am on am.oid = ic.relam
      where ns.nspname = ?`,
    [tenant.schema],
  );
  for (const row of indexes.rows) {
    const table = tables.get(row.table_name);
    if (!table) continue;
    if (row.name.endsWith('_pkey')) {
      table.primaryKey = row.columns;
      continue;
    }
    const spec: IndexSpec = { name: row.name, columns: row.columns, unique: row.is_unique, method: row.method === 'gin' ? 'gin' : 'btree' };
    table.indexes.set(row.name, spec);
  }

  const archived = new Set<string>();
  const hasArchive = await knex.raw<{ rows: { ok: boolean }[] }>(`select to_regclass(?) is not null as ok`, [`"${tenant.schema}".crm_archived_column`]);
  if (hasArchive.rows[0]?.ok) {
    const rows = await knex.withSchema(tenant.schema).select('table_name', 'column_name').from('crm_archived_column');
    for (const r of rows as { table_name: string; column_name: string }[]) archived.add(`${r.table_name}.${r.column_name}`);
  }
  return { tables, archived };
}

function canonicalType(row: ColumnRow): string {
  switch (row.data_type) {
    case 'character varying':
      return row.character_maximum_length ? `varchar(${row.character_maximum_length})` : 'text';
    case 'numeric':
      return row.numeric_precision ? `numeric(${row.numeric_precision},${row.numeric_scale ?? 0})` : 'numeric';
    case 'timestamp with time zone':
      return 'timestamptz';
    case 'ARRAY':
      return `${row.udt_name.replace(/^_/, '')}[]`;
    case 'USER-DEFINED':
      return row.udt_name;
    default:
      return row.data_type;
  }
}
