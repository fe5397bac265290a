// The shape both sides of a schema diff are described in: what the Model wants, and what the database has.

export interface ColumnSpec {
  name: string;
  /** Canonical type, e.g. varchar(255), numeric(18,2), text[], timestamptz. */
  type: string;
  notNull: boolean;
  /** SQL default expression for system columns (e.g. gen_random_uuid()); fields get defaults from the engine. */
  defaultSql?: string;
  /** Literal used to fill existing rows when a required column is added to a populated table. */
  backfill?: unknown;
  /**
   * A formula, rollup or derived date's column: a hash of its definition, kept as the column's comment, so a new or
   * changed one is seen and computed for the rows that exist (otherwise they would keep null or the old result until
   * each is edited).
   */
  formulaHash?: string;
}

export interface ForeignKeySpec {
  name: string;
  column: string;
  targetTable: string;
  onDelete: 'restrict' | 'set_null' | 'cascade';
}

export interface IndexSpec {
  name: string;
  columns: string[];
  unique: boolean;
  /** GIN for array columns (membership filters), btree otherwise. */
  method: 'btree' | 'gin';
}

export interface TableSpec {
  name: string;
  columns: Map<string, ColumnSpec>;
  primaryKey: string[];
  foreignKeys: Map<string, ForeignKeySpec>;
  indexes: Map<string, IndexSpec>;
  /** Link tables for many_to_many fields are engine-owned and fully derived. */
  kind: 'entity' | 'link';
}

export interface SchemaSpec {
  tables: Map<string, TableSpec>;
}

export interface LiveSchema extends SchemaSpec {
  /** "table.column" pairs the engine archived (field removed from metadata, data kept). */
  archived: Set<string>;
  /** Row counts (estimates are not good enough for refusals, so exact counts are taken lazily by the validator). */
}

export type Impact = 'instant' | 'scan' | 'rewrite' | 'refused';

export interface PlanStep {
  action:
    | 'create_table'
    | 'add_column'
    | 'alter_type'
    | 'set_not_null'
    | 'drop_not_null'
    | 'archive_column'
    | 'restore_column'
    | 'add_foreign_key'
    | 'drop_foreign_key'
    | 'create_index'
    | 'drop_index'
    | 'keep_table'
    | 'compute_formula'
    | 'remove_options'
    | 'narrow_max_files'
    | 'narrow_max_size'
    | 'narrow_accept'
    | 'change_numbering';
  table: string;
  column?: string;
  impact: Impact;
  /** One line a person can read in `crm schema plan`. */
  description: string;
  sql: string[];
  /** Why a step is refused, with the offending row count where data is the reason. */
  reason?: string;
  rowCount?: number;
  /** A check the validator must run before the step may be applied: a count of rows that would break it. */
  check?: { sql: string; failure: string };
  /** A count of the rows the step will touch, taken by the planner (its cost, shown with the step). */
  count?: string;
}

export interface SchemaPlan {
  modelVersion: string;
  steps: PlanStep[];
  /** True when some step is refused: apply will not run any of them. */
  refused: boolean;
}
