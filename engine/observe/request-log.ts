// One log line per HTTP request: request id (the one error bodies show), user id, route pattern, method, status and
// duration. Nothing else from the request: no URL (ids, filters), no headers (tokens, cookies), no body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';

export interface RequestLogSource {
  /** The id the request carries (set before this middleware runs). */
  requestId(res: ServerResponse): string;
  /** The signed-in user's id, when there is one. */
  userId(res: ServerResponse): string | undefined;
  /** The matched route pattern (/api/records/:entity/:id), never the raw URL. */
  route(req: IncomingMessage): string;
}

export function requestLog(logger: Logger, source: RequestLogSource) {
  const line = (req: IncomingMessage, res: ServerResponse, val: { durationMs: number }) => ({
    userId: source.userId(res),
    route: source.route(req),
    method: req.method,
    status: res.statusCode,
    durationMs: val.durationMs,
  });
  return pinoHttp({
    logger,
    genReqId: (_req, res) => source.requestId(res),
    customAttributeKeys: { reqId: 'reqId', responseTime: 'durationMs' },
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessObject: line,
    // The error itself is logged once, by the error handler, with its stack; this line stays the same shape.
    customErrorObject: (req, res, _err, val) => line(req, res, val),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
  });
}
