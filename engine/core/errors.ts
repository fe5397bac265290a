// The one error type the engine throws; transport-free, mapped to HTTP in one place (http/error-handler).

export interface ErrorDetail {
  /** JSON pointer into a request body or query parameter, e.g. "/credit_limit" or "filter". */
  path?: string;
  /** Metadata file (relative to the project root) the problem is in. */
  file?: string;
  /** JSON pointer inside that file. */
  pointer?: string;
  message: string;
  /** What would have been accepted, when that helps the author fix it. */
  expected?: string;
  /** The configurator rule that refused a configuration. */
  rule?: string;
  /** Where reading a model code failed: the 0-based character offset and the segment expected there (null: the series). */
  position?: number;
  segment?: string | null;
  /** Structured extra facts (e.g. an offending row count) for clients that want them. */
  info?: Record<string, unknown>;
}

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VERSION_CONFLICT'
  | 'GONE'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'VALIDATION_FAILED'
  | 'METADATA_INVALID'
  | 'SCHEMA_CHANGE_REFUSED'
  | 'DATABASE_BUSY'
  | 'STORAGE_FULL'
  | 'DATABASE_UNAVAILABLE'
  | 'FILE_STORAGE_UNAVAILABLE'
  | 'INTERNAL_ERROR';

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  VALIDATION_FAILED: 422,
  METADATA_INVALID: 422,
  SCHEMA_CHANGE_REFUSED: 409,
  DATABASE_BUSY: 503,
  STORAGE_FULL: 503,
  DATABASE_UNAVAILABLE: 503,
  FILE_STORAGE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[];

  /** `cause`: the driver's error behind a mapped one, kept so callers can tell e.g. a deadlock from a lock timeout. */
  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'EngineError';
    this.code = code;
    this.status = STATUS[code];
    this.details = details;
  }

  toJSON(): { error: { code: string; message: string; details: ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) =>
  new EngineError('BAD_REQUEST', message, details);
export const notFound = (message: string, details: ErrorDetail[] = []) =>
  new EngineError('NOT_FOUND', message, details);
export const validationFailed = (details: ErrorDetail[], message = 'The record is not valid') =>
  new EngineError('VALIDATION_FAILED', message, details);

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}
