// Runs one parameterised statement and returns its rows, with Postgres errors mapped to engine errors.
import type { Knex } from 'knex';
import { mapPgError } from './map-pg-error.ts';

export async function queryRows<T = Record<string, unknown>>(knex: Knex, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  try {
    const r = await knex.raw(sql, bindings as Knex.RawBinding[]);
    return (r as { rows: T[] }).rows;
  } catch (e) {
    throw mapPgError(e);
  }
}
