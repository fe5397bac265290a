// Every request leaves one log line and moves the request metrics, both labelled with the route's pattern.
import type { ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import type { Principal } from '../access/index.ts';
import { observeRequest, requestLog, rootLogger } from '../observe/index.ts';
import type { AppState } from './app-state.ts';

const locals = (res: ServerResponse) => (res as Response).locals;

export function observeRequests(state: AppState, routeOf: (req: { route?: unknown }) => string): RequestHandler {
  const log = requestLog(state.logger ?? rootLogger(), {
    requestId: (res) => locals(res).requestId as string,
    userId: (res) => (locals(res).principal as Principal | undefined)?.actor.id,
    route: (req) => routeOf(req as { route?: unknown }),
  });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => observeRequest(routeOf(req), req.method, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    log(req, res, next);
  };
}
