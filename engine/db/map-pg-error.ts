// The one place Postgres error codes become engine errors (23505 → 409, 23503/23502 → 422, lock timeout or deadlock
// → 503 busy, a database that is away → 503 unavailable).
import { EngineError } from '../core/errors.ts';

interface PgError {
  code?: string;
  name?: string;
  message?: string;
  constraint?: string;
  column?: string;
  detail?: string;
  table?: string;
}

export function mapPgError(e: unknown): unknown {
  if (e instanceof EngineError || typeof e !== 'object' || e === null) return e;
  const err = e as PgError;
  if (isConnectionLost(err)) return new EngineError('DATABASE_UNAVAILABLE', 'The database cannot be reached at the moment; try again shortly', [], e);
  switch (err.code) {
    case '23505':
      return new EngineError('CONFLICT', 'A record with the same value already exists', [
        { path: columnPath(err), message: 'must be unique', info: { constraint: err.constraint } },
      ]);
    case '23001':
    case '23503':
      return new EngineError('VALIDATION_FAILED', 'A referenced record does not exist or is still referenced', [
        { path: columnPath(err), message: err.detail ?? 'reference violation', info: { constraint: err.constraint } },
      ]);
    case '23502':
      return new EngineError('VALIDATION_FAILED', 'A required value is missing', [
        { path: err.column ? `/${err.column}` : '', message: 'is required' },
      ]);
    case '23514':
      return new EngineError('VALIDATION_FAILED', 'A value breaks a database check', [
        { path: columnPath(err), message: `check ${err.constraint ?? ''} failed`.trim() },
      ]);
    case '55P03':
    case '40P01':
    case '40001':
      return new EngineError('DATABASE_BUSY', 'The data is locked by another operation; try again shortly', [], e);
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return new EngineError('VALIDATION_FAILED', 'A value has the wrong format or is out of range', [
        { path: '', message: String((e as Error).message) },
      ]);
    default:
      return e;
  }
}

/** A deadlock or serialization failure: the whole transaction may succeed if run again (mapped or not). */
export function isRetryableTransactionError(e: unknown): boolean {
  const codes = [(e as PgError | undefined)?.code, (e as { cause?: PgError } | undefined)?.cause?.code];
  return codes.includes('40P01') || codes.includes('40001');
}

// Server shutting down or restarting (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now), the
// connection gone (08xxx), the socket refused or reset, or the pool unable to hand out a connection in time.
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const CONNECTION_MESSAGES = /Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|Timeout acquiring a connection|timeout exceeded when trying to connect/i;

function isConnectionLost(err: PgError): boolean {
  if (err.code && CONNECTION_CODES.has(err.code)) return true;
  return !err.code && typeof err.message === 'string' && CONNECTION_MESSAGES.test(err.message);
}

// Postgres names the column in the detail text of unique/foreign-key violations: "Key (name)=(x) already exists."
function columnPath(err: PgError): string {
  if (err.column) return `/${err.column}`;
  const m = /^Key \(([^)]+)\)/.exec(err.detail ?? '');
  return m ? `/${m[1]!.split(',')[0]!.trim()}` : '';
}
