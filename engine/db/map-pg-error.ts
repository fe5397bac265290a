// The one place Postgres error codes become engine errors (23505 → 409, 23503/23502 → 422, lock timeout → 503).
import { EngineError } from '../core/errors.ts';

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
  detail?: string;
  table?: string;
}

export function mapPgError(e: unknown): unknown {
  if (e instanceof EngineError || typeof e !== 'object' || e === null) return e;
  const err = e as PgError;
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
      return new EngineError('DATABASE_BUSY', 'The data is locked by another operation; try again shortly');
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

// Postgres names the column in the detail text of unique/foreign-key violations: "Key (name)=(x) already exists."
function columnPath(err: PgError): string {
  if (err.column) return `/${err.column}`;
  const m = /^Key \(([^)]+)\)/.exec(err.detail ?? '');
  return m ? `/${m[1]!.split(',')[0]!.trim()}` : '';
}
