// Opens the one database the engine runs on: embedded PGlite by default, a PostgreSQL server when a URL is given.
import { mkdirSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import ClientPGLite from 'knex-pglite';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { markPgPool } from './query-rows.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly knex: Knex;
  /** Human-readable location for logs: a folder or a URL without its password. */
  readonly location: string;
  /** Connections now: all, idle, and requests waiting for one (for metrics). */
  poolUse(): PoolUse;
  close(): Promise<void>;
}

export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

export interface DatabaseOptions {
  /** postgres://… ; when set, a pg pool is used and dataDir is ignored. */
  url?: string;
  /** Folder for PGlite's files; undefined means in memory (tests). */
  dataDir?: string;
  poolMax?: number;
}

// Both drivers return values in the shape the API speaks: numbers for numeric/bigint, 'YYYY-MM-DD' for dates and
// ISO-8601 UTC strings for timestamps, so a record read from either database is byte-for-byte the same JSON.
const toNumber = (v: string) => Number(v);
const keepText = (v: string) => v;
const toIsoTimestamp = (v: string) => new Date(v).toISOString();
const PARSERS: Record<number, (v: string) => unknown> = {
  20: toNumber, // int8
  1700: toNumber, // numeric
  1082: keepText, // date
  1114: toIsoTimestamp, // timestamp
  1184: toIsoTimestamp, // timestamptz
};

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolMax ?? 10);
  return openPglite(options.dataDir);
}

async function openPostgres(url: string, poolMax: number): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      return PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text');
    },
  };
  // One pg.Pool, which knex borrows for transactions and builder queries and queryRows uses directly for plain
  // statements. Measured (bench list-by-name): the same statement through knex's own tarn pool cost ~800 µs more CPU
  // a request, most of it garbage collection, than through pg.Pool.
  const pool = new pg.Pool({ connectionString: url, types, max: poolMax, connectionTimeoutMillis: 30_000 } as pg.PoolConfig);
  // An idle connection the server dropped (restart, idle timeout) is replaced on next use; it must not crash the process.
  pool.on('error', () => undefined);
  // pg-pool listens for a client's 'error' only while it sits idle or runs pool.query. A client checked out (by knex
  // for a transaction or a builder query) that loses its server between two statements emits 'error' with nobody
  // listening, which would end the process. The next statement on it fails instead (mapped to 503), and pg-pool
  // discards a client that is no longer queryable when it comes back.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const knex = knexFactory({ client: 'pg', connectionPool: pool, acquireConnectionTimeout: 30_000 } as Knex.Config);
  try {
    await knex.raw('select 1');
  } catch (e) {
    await pool.end();
    throw e;
  }
  markPgPool(knex, pool);
  const location = url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
  return {
    kind: 'postgres',
    knex,
    location,
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      await knex.destroy();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite({ dataDir, parsers: PARSERS });
  await pglite.waitReady;
  // PGlite is one connection: knex-pglite pins the pool to 1, so a transaction must route every query through its
  // transaction object (a query on the pool would wait for the transaction forever).
  const knex = knexFactory({ client: ClientPGLite as unknown as typeof Knex.Client, connection: { pglite } as never });
  await knex.raw('select 1');
  const poolUse = (): PoolUse => {
    // knex's pool of the one connection; a transaction holding it makes every other query wait.
    const tarn = (knex.client as { pool?: TarnPool }).pool;
    return { total: 1, idle: tarn ? tarn.numFree() : 1, waiting: tarn ? tarn.numPendingAcquires() : 0 };
  };
  return { kind: 'pglite', knex, location: dataDir ?? 'memory', poolUse, close: () => knex.destroy() };
}
