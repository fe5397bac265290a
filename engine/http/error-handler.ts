// The one place errors become HTTP responses: engine errors keep their status and details, body-parser errors get
// their documented codes, anything else is logged with the request id and shown as INTERNAL_ERROR.
import type { ErrorRequestHandler, Request, Response } from 'express';
import { EngineError, isEngineError } from '../core/index.ts';
import { mapPgError } from '../db/index.ts';
import { rootLogger } from '../observe/index.ts';

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

export function toEngineError(err: unknown): EngineError | undefined {
  const e = err as BodyParserError;
  // First: body-parser strips the own properties of errors thrown by the JSON reviver, keeping only the message.
  if (e?.type === 'entity.parse.failed') return new EngineError('BAD_REQUEST', 'The request body is not valid JSON', [{ path: '/', message: String(e.message) }]);
  if (isEngineError(err)) return err;
  const mapped = mapPgError(err);
  if (isEngineError(mapped)) return mapped;
  if (e?.type === 'entity.too.large') return new EngineError('PAYLOAD_TOO_LARGE', 'The request body is too large', [{ path: '/', message: 'body exceeds the size limit' }]);
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new EngineError('BAD_REQUEST', 'Unsupported body encoding', [{ path: '/', message: String(e.message) }]);
  if (e?.status === 400) return new EngineError('BAD_REQUEST', String(e.message ?? 'Bad request'));
  return undefined;
}

const RETRY_AFTER_SECONDS: Partial<Record<string, number>> = { DATABASE_BUSY: 1, DATABASE_UNAVAILABLE: 2, FILE_STORAGE_UNAVAILABLE: 5 };

/** The status and body an error answers with (unexpected ones logged with the request id, their text never sent). */
export function errorResponse(err: unknown, req: Request, res: Response): { status: number; body: unknown } {
  const engineError = toEngineError(err);
  if (engineError) {
    // A busy or absent database is temporary: say when to try again (seconds) so clients and proxies back off.
    const retryAfter = RETRY_AFTER_SECONDS[engineError.code];
    if (retryAfter && !res.headersSent) res.setHeader('Retry-After', String(retryAfter));
    return { status: engineError.status, body: engineError.toJSON() };
  }
  const requestId = res.locals.requestId as string | undefined;
  // req.log carries the request id (the request log's middleware); the URL is left out (ids, filters).
  (req.log ?? rootLogger().child({ reqId: requestId })).error({ err, method: req.method }, 'unexpected error');
  return { status: 500, body: { error: { code: 'INTERNAL_ERROR', message: `Internal error (request ${requestId ?? '-'})`, details: [] } } };
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const { status, body } = errorResponse(err, req, res);
  res.status(status).json(body);
};
