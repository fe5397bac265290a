// Compares what the Model wants with what the database has and lists the steps to get there, never dropping data.
import { qualified, quoteIdent, type Tenant } from '../db/index.ts';
import { FORMULA_COMMENT } from './snapshot-schema.ts';
import { sqlLiteral } from './sql-literal.ts';
import { classifyTypeChange } from './type-change.ts';
import type { ColumnSpec, ForeignKeySpec, IndexSpec, LiveSchema, PlanStep, SchemaSpec, TableSpec } from './schema-types.ts';

const ON_DELETE_SQL = { restrict: 'restrict', set_null: 'set null', cascade: 'cascade' } as const;
/** Only constraints and indexes the engine named are its to drop; anything a DBA added by hand is left alone. */
const ENGINE_OWNED = /^(fk|ix|uq)_/;

export function diffSchema(desired: SchemaSpec, live: LiveSchema, tenant: Tenant): PlanStep[] {
  const columnSteps: PlanStep[] = [];
  const keySteps: PlanStep[] = [];
  const archive = qualified(tenant, 'crm_archived_column');

  for (const table of desired.tables.values()) {
    const t = qualified(tenant, table.name);
    const current = live.tables.get(table.name);
    if (!current) {
      columnSteps.push(createTable(t, table));
    } else {
      for (const col of table.columns.values()) columnSteps.push(...diffColumn(t, table.name, col, current, live, archive));
      for (const col of current.columns.values()) {
        if (table.columns.has(col.name) || live.archived.has(`${table.name}.${col.name}`)) continue;
        columnSteps.push(archiveColumn(t, table.name, col, archive));
      }
    }
    keySteps.push(...diffForeignKeys(tenant, t, table, current, live));
    keySteps.push(...diffIndexes(tenant, t, table, current));
  }
  // Tables the Model no longer has keep their data; foreign keys into and out of them are left as they are.
  return [...columnSteps, ...keySteps];
}

function createTable(t: string, table: TableSpec): PlanStep {
  const cols = [...table.columns.values()].map((c) => columnDefinition(c));
  cols.push(`primary key (${table.primaryKey.map(quoteIdent).join(', ')})`);
  return {
    action: 'create_table',
    table: table.name,
    impact: 'instant',
    description: `create table ${table.name} (${table.columns.size} columns)`,
    sql: [`create table ${t} (\n  ${cols.join(',\n  ')}\n)`, ...[...table.columns.values()].flatMap((c) => formulaComment(t, c))],
  };
}

function formulaComment(t: string, c: ColumnSpec): string[] {
  return c.formulaHash ? [`comment on column ${t}.${quoteIdent(c.name)} is ${sqlLiteral(FORMULA_COMMENT + c.formulaHash)}`] : [];
}

/** A formula or rollup column whose rows were computed with another definition (or none: a new column) is computed again for every row. */
function computeFormula(t: string, table: string, col: ColumnSpec): PlanStep {
  return {
    action: 'compute_formula',
    table,
    column: col.name,
    impact: 'rewrite',
    description: `compute formula ${table}.${col.name} for the existing rows`,
    sql: formulaComment(t, col),
    count: `select count(*) as n from ${t}`,
  };
}

function columnDefinition(c: ColumnSpec): string {
  return `${quoteIdent(c.name)} ${c.type}${c.defaultSql ? ` default ${c.defaultSql}` : ''}${c.notNull ? ' not null' : ''}`;
}

function diffColumn(t: string, table: string, col: ColumnSpec, current: TableSpec, live: LiveSchema, archive: string): PlanStep[] {
  const q = quoteIdent(col.name);
  const existing = current.columns.get(col.name);
  if (!existing) return [addColumn(t, table, col), ...(col.formulaHash ? [computeFormula(t, table, col)] : [])];
  const steps: PlanStep[] = [];
  if (live.archived.has(`${table}.${col.name}`)) {
    steps.push({
      action: 'restore_column',
      table,
      column: col.name,
      impact: 'instant',
      description: `restore archived column ${table}.${col.name} with its data`,
      sql: [`delete from ${archive} where table_name = ${sqlLiteral(table)} and column_name = ${sqlLiteral(col.name)}`],
    });
  }
  if (existing.type !== col.type) {
    const change = classifyTypeChange(q, existing.type, col.type);
    const step: PlanStep = {
      action: 'alter_type',
      table,
      column: col.name,
      impact: change.impact,
      description: `change ${table}.${col.name} from ${existing.type} to ${col.type}`,
      sql: [`alter table ${t} alter column ${q} type ${col.type}${change.using ? ` using ${change.using}` : ''}`],
    };
    if (change.lossPredicate) {
      step.check = { sql: `select count(*) as n from ${t} where ${change.lossPredicate}`, failure: `rows ${change.lossReason}` };
    }
    steps.push(step);
  }
  // A computed column back from the archive missed every write while it was away: computed again.
  if (col.formulaHash && (col.formulaHash !== existing.formulaHash || live.archived.has(`${table}.${col.name}`))) steps.push(computeFormula(t, table, col));
  if (col.notNull && !existing.notNull) steps.push(...setNotNull(t, table, col));
  if (!col.notNull && existing.notNull) {
    steps.push({
      action: 'drop_not_null',
      table,
      column: col.name,
      impact: 'instant',
      description: `make ${table}.${col.name} optional`,
      sql: [`alter table ${t} alter column ${q} drop not null`],
    });
  }
  return steps;
}

function addColumn(t: string, table: string, col: ColumnSpec): PlanStep {
  const q = quoteIdent(col.name);
  const step: PlanStep = {
    action: 'add_column',
    table,
    column: col.name,
    impact: 'instant',
    description: `add column ${table}.${col.name} ${col.type}${col.notNull ? ' (required)' : ''}`,
    sql: [],
  };
  if (col.notNull && col.backfill !== undefined) {
    // A constant default fills existing rows without a rewrite (PG 11+); the engine, not the column, owns defaults after.
    step.sql.push(`alter table ${t} add column ${q} ${col.type} not null default ${sqlLiteral(col.backfill, col.type)}`);
    step.sql.push(`alter table ${t} alter column ${q} drop default`);
  } else if (col.notNull && !col.defaultSql) {
    step.sql.push(`alter table ${t} add column ${columnDefinition(col)}`);
    step.check = { sql: `select count(*) as n from ${t}`, failure: 'existing rows would have no value for the new required field; give it a default' };
  } else {
    step.sql.push(`alter table ${t} add column ${columnDefinition(col)}`);
  }
  return step;
}

function setNotNull(t: string, table: string, col: ColumnSpec): PlanStep[] {
  const q = quoteIdent(col.name);
  const check = quoteIdent(`nn_${table}_${col.name}`.slice(0, 63));
  const steps: PlanStep[] = [];
  if (col.backfill !== undefined) {
    steps.push({
      action: 'set_not_null',
      table,
      column: col.name,
      impact: 'scan',
      description: `fill empty ${table}.${col.name} with its default ${JSON.stringify(col.backfill)}`,
      sql: [`update ${t} set ${q} = ${sqlLiteral(col.backfill, col.type)} where ${q} is null`],
    });
  }
  // NOT VALID then VALIDATE: the scan runs under a lock that does not block reads, and a later SET NOT NULL uses the proof.
  const step: PlanStep = {
    action: 'set_not_null',
    table,
    column: col.name,
    impact: 'scan',
    description: `make ${table}.${col.name} required`,
    sql: [
      `alter table ${t} add constraint ${check} check (${q} is not null) not valid`,
      `alter table ${t} validate constraint ${check}`,
      `alter table ${t} alter column ${q} set not null`,
      `alter table ${t} drop constraint ${check}`,
    ],
  };
  if (col.backfill === undefined) {
    // Required text must be non-blank too (the record service refuses blank text), so blank rows count as empty.
    const blank = /^(varchar|text)/.test(col.type) ? ` or btrim(${q}) = ''` : '';
    step.check = { sql: `select count(*) as n from ${t} where ${q} is null${blank}`, failure: 'rows have no value; fill them or give the field a default first' };
  }
  steps.push(step);
  return steps;
}

function archiveColumn(t: string, table: string, col: ColumnSpec, archive: string): PlanStep {
  const sql = [
    `insert into ${archive} (table_name, column_name, column_type) values (${sqlLiteral(table)}, ${sqlLiteral(col.name)}, ${sqlLiteral(col.type)})`,
  ];
  // New rows no longer write the column, so it must accept NULL; the values already there stay untouched.
  if (col.notNull) sql.push(`alter table ${t} alter column ${quoteIdent(col.name)} drop not null`);
  return {
    action: 'archive_column',
    table,
    column: col.name,
    impact: 'instant',
    description: `archive ${table}.${col.name}: the field left the model, its data is kept and returns with it`,
    sql,
  };
}

function diffForeignKeys(tenant: Tenant, t: string, table: TableSpec, current: TableSpec | undefined, live: LiveSchema): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const key of table.foreignKeys.values()) {
    const have = current?.foreignKeys.get(key.name);
    if (have && have.targetTable === key.targetTable && have.onDelete === key.onDelete && have.column === key.column) continue;
    if (have) steps.push(dropConstraint(t, table.name, key.name, 'drop_foreign_key'));
    // Only values already in the column can break the key; a column added by this plan holds none yet.
    const held = current?.columns.has(key.column) === true;
    steps.push(addForeignKey(tenant, t, table.name, key, held, live.tables.has(key.targetTable)));
  }
  for (const key of current?.foreignKeys.values() ?? []) {
    if (!table.foreignKeys.has(key.name) && ENGINE_OWNED.test(key.name)) steps.push(dropConstraint(t, table.name, key.name, 'drop_foreign_key'));
  }
  return steps;
}

function addForeignKey(tenant: Tenant, t: string, table: string, key: ForeignKeySpec, tableExisted: boolean, targetExists: boolean): PlanStep {
  const name = quoteIdent(key.name);
  const col = quoteIdent(key.column);
  const target = qualified(tenant, key.targetTable);
  const step: PlanStep = {
    action: 'add_foreign_key',
    table,
    column: key.column,
    impact: tableExisted ? 'scan' : 'instant',
    description: `link ${table}.${key.column} to ${key.targetTable} (on delete ${ON_DELETE_SQL[key.onDelete]})`,
    sql: [
      `alter table ${t} add constraint ${name} foreign key (${col}) references ${target} (id) on delete ${ON_DELETE_SQL[key.onDelete]} not valid`,
      `alter table ${t} validate constraint ${name}`,
    ],
  };
  if (tableExisted) {
    const dangling = targetExists ? ` and not exists (select 1 from ${target} r where r.id = s.${col})` : '';
    step.check = {
      sql: `select count(*) as n from ${t} s where s.${col} is not null${dangling}`,
      failure: `rows point to ${key.targetTable} records that do not exist`,
    };
  }
  return step;
}

function diffIndexes(tenant: Tenant, t: string, table: TableSpec, current: TableSpec | undefined): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const ix of table.indexes.values()) {
    const have = current?.indexes.get(ix.name);
    if (have && have.unique === ix.unique && have.method === ix.method && have.columns.join() === ix.columns.join()) continue;
    if (have) steps.push(dropIndex(tenant, table.name, ix.name));
    steps.push(createIndex(t, table.name, ix, ix.columns.every((c) => current?.columns.has(c))));
  }
  for (const ix of current?.indexes.values() ?? []) {
    if (!table.indexes.has(ix.name) && ENGINE_OWNED.test(ix.name)) steps.push(dropIndex(tenant, table.name, ix.name));
  }
  return steps;
}

function createIndex(t: string, table: string, ix: IndexSpec, tableExisted: boolean): PlanStep {
  const cols = ix.columns.map(quoteIdent).join(', ');
  const step: PlanStep = {
    action: 'create_index',
    table,
    impact: tableExisted ? 'scan' : 'instant',
    description: `${ix.unique ? 'unique ' : ''}index ${ix.name} on ${table} (${ix.columns.join(', ')})`,
    sql: [`create ${ix.unique ? 'unique ' : ''}index ${quoteIdent(ix.name)} on ${t} using ${ix.method} (${cols})`],
  };
  if (ix.unique && tableExisted) {
    const notNull = ix.columns.map((c) => `${quoteIdent(c)} is not null`).join(' and ');
    step.check = {
      sql: `select coalesce(sum(n - 1), 0) as n from (select count(*) as n from ${t} where ${notNull} group by ${cols} having count(*) > 1) d`,
      failure: `rows repeat a value that must be unique (${ix.columns.join(', ')})`,
    };
  }
  return step;
}

function dropIndex(tenant: Tenant, table: string, name: string): PlanStep {
  return { action: 'drop_index', table, impact: 'instant', description: `drop index ${name}`, sql: [`drop index ${qualified(tenant, name)}`] };
}

function dropConstraint(t: string, table: string, name: string, action: PlanStep['action']): PlanStep {
  return { action, table, impact: 'instant', description: `drop constraint ${name}`, sql: [`alter table ${t} drop constraint ${quoteIdent(name)}`] };
}
