// Builds the RequestContext for each request: who is acting (from the session), locale, request id.
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { handleRecordChange, RECORD_CHANGE_AUDIT, type Principal } from '../access/index.ts';
import { EngineError, type Locale, type RequestContext } from '../core/index.ts';
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

export function clientOf(req: Request, res: Response) {
  return { ip: req.ip, userAgent: req.get('user-agent'), requestId: res.locals.requestId as string };
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new EngineError('UNAUTHORIZED', 'Sign in first');
  return principal;
}

export function contextOf(state: AppState, req: Request, res: Response): RequestContext {
  const principal = principalOf(res);
  return {
    actor: principal.actor,
    access: principal.policy,
    tenant: state.tenant,
    model: state.model(),
    knex: state.db.knex,
    locale: localeOf(req),
    requestId: res.locals.requestId as string,
    onChange: handleRecordChange,
    changeAudit: RECORD_CHANGE_AUDIT,
    client: { ip: req.ip, userAgent: req.get('user-agent') },
  };
}
