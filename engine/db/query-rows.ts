// Runs one parameterised statement and returns its rows, with Postgres errors mapped to engine errors.
import type { Knex } from 'knex';
import { mapPgError } from './map-pg-error.ts';

interface PgPool {
  query(config: { text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface QueryEvents {
  emit(event: 'query', query: { method: 'raw'; sql: string; bindings: readonly unknown[] }): boolean;
}

/** knex instances over a pg pool (openDatabase marks them), whose plain statements may skip knex's query machinery. */
const pgPools = new WeakMap<Knex, PgPool>();

export function markPgPool(knex: Knex, pool: PgPool): void {
  pgPools.set(knex, pool);
}

export async function queryRows<T = Record<string, unknown>>(knex: Knex, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  try {
    const pool = pgPools.get(knex);
    const text = pool ? positional(sql, bindings) : undefined;
    if (pool && text !== undefined) return (await onPool(knex, pool, text, bindings)) as T[];
    const r = await knex.raw(sql, bindings as Knex.RawBinding[]);
    return (r as { rows: T[] }).rows;
  } catch (e) {
    throw mapPgError(e);
  }
}

// On the pool, outside a transaction: the statement straight to pg. Measured: knex's raw query path (builder,
// formatter, runner, events) cost ~30 µs of CPU per statement, a tenth of a get by id.
async function onPool(knex: Knex, pool: PgPool, text: string, values: readonly unknown[]): Promise<unknown[]> {
  // As knex.raw does, so knex.on('query') listeners (logging, tests counting statements) still see every statement.
  (knex.client as unknown as QueryEvents).emit('query', { method: 'raw', sql: text, bindings: values });
  return (await pool.query({ text, values: values as unknown[] })).rows;
}

const statements = new Map<string, { text: string; count: number } | null>();
const MAX_STATEMENTS = 2000;

/**
 * The statement with `?` numbered as `$1…`, as knex.raw would send it; undefined where knex.raw means more than that
 * (`??` identifiers, `\?` escapes) or would refuse (an undefined binding, a count that differs), so it handles those.
 */
function positional(sql: string, bindings: readonly unknown[]): string | undefined {
  let statement = statements.get(sql);
  if (statement === undefined) {
    let count = 0;
    statement = sql.includes('??') || sql.includes('\\?') ? null : { text: sql.replace(/\?/g, () => `$${++count}`), count };
    if (statements.size >= MAX_STATEMENTS) statements.clear();
    statements.set(sql, statement);
  }
  if (!statement || statement.count !== bindings.length || bindings.includes(undefined)) return undefined;
  return statement.text;
}
