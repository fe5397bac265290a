// Runs one parameterised statement and returns its rows, with Postgres errors mapped to engine errors.
import type { Knex } from 'knex';
import { mapPgError } from './map-pg-error.ts';

interface PgConnection {
  query(config: { text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface PooledClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
  emit(event: 'query', query: { method: 'raw'; sql: string; bindings: readonly unknown[] }): boolean;
}

/** knex instances over a pg pool (openDatabase marks them), whose plain statements may skip knex's query machinery. */
const pgPools = new WeakSet<Knex>();

export function markPgPool(knex: Knex): void {
  pgPools.add(knex);
}

export async function queryRows<T = Record<string, unknown>>(knex: Knex, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  try {
    const text = pgPools.has(knex) ? positional(sql, bindings) : undefined;
    if (text !== undefined) return (await onPool(knex, text, bindings)) as T[];
    const r = await knex.raw(sql, bindings as Knex.RawBinding[]);
    return (r as { rows: T[] }).rows;
  } catch (e) {
    throw mapPgError(e);
  }
}

// On a pool, outside a transaction: a connection from knex's own pool (so its limits, validation and clean-up still
// apply) and the statement straight to pg. Measured: knex's raw query path (builder, formatter, runner, events) cost
// ~30 µs of CPU per statement, a tenth of a get by id.
async function onPool(knex: Knex, text: string, values: readonly unknown[]): Promise<unknown[]> {
  const client = knex.client as unknown as PooledClient;
  const connection = await client.acquireConnection();
  // As knex.raw does, so knex.on('query') listeners (logging, tests counting statements) still see every statement.
  client.emit('query', { method: 'raw', sql: text, bindings: values });
  try {
    return (await connection.query({ text, values: values as unknown[] })).rows;
  } finally {
    await client.releaseConnection(connection);
  }
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
