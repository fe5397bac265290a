// Builds the RequestContext for each request: locale, request id, and (until sign-in lands) the system actor.
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ALLOW_ALL, SYSTEM_ACTOR, type Locale, type RequestContext } from '../core/index.ts';
import type { AppState } from './app-state.ts';

export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    res.locals.requestId = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.set('x-request-id', res.locals.requestId as string);
    next();
  };
}

/** zh-CN unless the client asks for English (?lang=en or an Accept-Language preferring en). */
export function localeOf(req: Request): Locale {
  const lang = typeof req.query.lang === 'string' ? req.query.lang : req.get('accept-language') ?? '';
  return /^en\b/i.test(lang.trim()) ? 'en' : 'zh-CN';
}

export function contextOf(state: AppState, req: Request, res: Response): RequestContext {
  return {
    actor: SYSTEM_ACTOR,
    access: ALLOW_ALL,
    tenant: state.tenant,
    model: state.model(),
    knex: state.db.knex,
    locale: localeOf(req),
    requestId: res.locals.requestId as string,
  };
}
