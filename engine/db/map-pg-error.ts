// The one place database errors become engine errors (23505 → 409, 23503/23502 → 422, 42501 → 403, lock timeout, deadlock or
// serialization failure → 503 busy, a database that is away → 503 unavailable, a full disk → 503 STORAGE_FULL). A client never sees the driver's own text: PostgreSQL's messages and details quote SQL,
// values, table and constraint names, so every message here is the engine's own.
import { EngineError } from '../core/errors.ts';

interface PgError {
  code?: string;
  name?: string;
  message?: string;
  column?: string;
  detail?: string;
}

export function mapPgError(e: unknown): unknown {
  if (e instanceof EngineError || typeof e !== 'object' || e === null) return e;
  const err = e as PgError;
  if (isConnectionLost(err)) return new EngineError('DATABASE_UNAVAILABLE', 'The database cannot be reached at the moment; try again shortly', [], e);
  switch (err.code) {
    case '23505':
      return new EngineError('CONFLICT', 'A record with the same value already exists', [{ path: columnPath(err), message: 'must be unique' }]);
    case '23001':
    case '23503':
      return new EngineError('VALIDATION_FAILED', 'A referenced record does not exist or is still referenced', [
        { path: columnPath(err), message: 'refers to a record that does not exist, or is still referenced' },
      ]);
    case '23502':
      return new EngineError('VALIDATION_FAILED', 'A required value is missing', [{ path: err.column ? `/${err.column}` : '', message: 'is required' }]);
    case '23514':
      return new EngineError('VALIDATION_FAILED', 'A value breaks a database check', [{ path: columnPath(err), message: 'breaks a database check' }]);
    case '55P03':
    case '40P01':
    case '40001':
      return new EngineError('DATABASE_BUSY', 'The data is locked by another operation; try again shortly', [], e);
    case '42501': // insufficient_privilege: a right revoked from the server's role (the append-only audit log)
      return new EngineError('FORBIDDEN', 'The database does not allow this change (append-only data, or a right the server\'s database role lacks): nothing was saved', [
        { path: '', message: 'refused by the database: insufficient privilege' },
      ]);
    case '53100': // disk_full
    case 'ENOSPC': // the embedded database (PGlite) or a file write on a full disk
      return new EngineError('STORAGE_FULL', 'The database storage is full: nothing was saved. Operators: free disk space or grow the volume, then retry');
    case '53200': // out_of_memory
    case '53000': // insufficient_resources
      return new EngineError('STORAGE_FULL', 'The database server is out of memory or resources: nothing was saved. Operators: check the database server, then retry');
    case '22021': // character_not_in_repertoire: NUL (0x00) or invalid UTF-8 in text
    case '22P05': // untranslatable_character: \u0000 or a lone surrogate in jsonb
      return new EngineError('VALIDATION_FAILED', 'A value holds a character the database cannot store', [{ path: '', message: 'must not contain NUL (\\u0000) or unpaired surrogate characters' }]);
    case '54000': // program_limit_exceeded: e.g. a value too large for an index row
    case '22001': // string_data_right_truncation
      return new EngineError('VALIDATION_FAILED', 'A value is too long to store', [{ path: '', message: 'is too long' }]);
    default:
      // Any other data exception (class 22: bad number or date text, out of range, division by zero…).
      if (typeof err.code === 'string' && err.code.startsWith('22')) {
        return new EngineError('VALIDATION_FAILED', 'A value has the wrong format or is out of range', [{ path: '', message: 'wrong format or out of range' }]);
      }
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
