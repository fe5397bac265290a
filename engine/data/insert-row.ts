// The INSERT of one record's row, shared by a create inside a transaction and a create that is a single statement,
// and the multi-row INSERT of many prepared creates (create-many.ts).
import { EngineError, type RequestContext, type SqlFragment } from '../core/index.ts';
import { qualified, quoteIdent } from '../db/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import type { NumberInSql } from './autonumber.ts';

type Row = Record<string, unknown>;

// The id and the numbers come back under names no field can have (they start with "__"), beside the caller's columns.
const TAKEN = '__taken_';

/** The column under which the INSERT returns the number it took for `field`, for SQL over its returning rows. */
export const takenColumn = (field: string) => quoteIdent(TAKEN + field);

export interface InsertStatement {
  /** The counters of the numbers taken in SQL, as CTEs for the statement's WITH list (empty when none). */
  ctes: SqlFragment[];
  /** `insert … returning …` (the id, the numbers taken, and `returning`). */
  insert: SqlFragment;
}

export function insertStatement(ctx: RequestContext, entity: EntityDef, row: Row, numbers: ReadonlyMap<string, NumberInSql>, returning?: string): InsertStatement {
  const cols = Object.keys(row);
  const values = cols.map(() => '?');
  const bindings = cols.map((name) => toColumn(entity, name, row[name]));
  for (const [name, n] of numbers) {
    cols.push(name);
    values.push(n.value);
    bindings.push(...n.valueBindings);
  }
  const own = [`r.id as ${takenColumn('id')}`, ...[...numbers.keys()].map((name) => `r.${quoteIdent(name)} as ${takenColumn(name)}`)];
  return {
    ctes: [...numbers.values()].map((n) => ({ sql: n.cte, bindings: n.cteBindings })),
    insert: {
      sql: `insert into ${qualified(ctx.tenant, entity.name)} as r (${cols.map(quoteIdent).join(', ')}) values (${values.join(', ')})
     returning ${[...own, ...(returning ? [returning] : [])].join(', ')}`,
      bindings,
    },
  };
}

// Postgres takes at most 65,535 bindings a statement.
const MAX_BINDINGS = 65_535;

/**
 * INSERTs of many rows (their numbers already in them), as few as the binding limit allows. A column some rows
 * lack takes its default in those rows, as it does when a one-row INSERT leaves it out.
 */
export function insertManyStatements(ctx: RequestContext, entity: EntityDef, rows: readonly Row[]): SqlFragment[] {
  const cols = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const perStatement = Math.max(1, Math.floor(MAX_BINDINGS / Math.max(1, cols.length)));
  const head = `insert into ${qualified(ctx.tenant, entity.name)} (${cols.map(quoteIdent).join(', ')}) values `;
  const statements: SqlFragment[] = [];
  for (let from = 0; from < rows.length; from += perStatement) {
    const tuples: string[] = [];
    const bindings: unknown[] = [];
    for (const row of rows.slice(from, from + perStatement)) {
      tuples.push(`(${cols.map((name) => (Object.hasOwn(row, name) ? '?' : 'default')).join(', ')})`);
      for (const name of cols) if (Object.hasOwn(row, name)) bindings.push(toColumn(entity, name, row[name]));
    }
    statements.push({ sql: head + tuples.join(', '), bindings });
  }
  return statements;
}

/** An INSERT's returned row split into the id and numbers it took, and the caller's `returning` columns. */
export function splitReturned(returnedRow: Row): { id: string; taken: Row; returned: Row } {
  const returned: Row = {};
  const taken: Row = {};
  for (const [key, value] of Object.entries(returnedRow)) {
    if (key.startsWith(TAKEN)) taken[key.slice(TAKEN.length)] = value;
    else returned[key] = value;
  }
  const { id, ...numbersTaken } = taken;
  return { id: id as string, taken: numbersTaken, returned };
}

// A json value is bound as its text, or pg would send a JS array as a Postgres array.
export function toColumn(entity: EntityDef, name: string, value: unknown): unknown {
  return entity.fields.get(name)?.type === 'json' && value !== null ? JSON.stringify(value) : value;
}

// Database errors name a column; inside lines the client needs the line's position too.
export function atPath(path = '') {
  return (e: unknown): never => {
    if (e instanceof EngineError && path) {
      throw new EngineError(e.code, e.message, e.details.map((d) => ({ ...d, path: `${path}${d.path ?? ''}` })));
    }
    throw e;
  };
}
