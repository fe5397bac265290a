// Every API request names its user with a session token (httpOnly cookie from the browser, or a bearer token
// for API clients); without a live session only health, readiness, the API docs page and sign-in answer.
import type { Request, RequestHandler } from 'express';
import { resolvePrincipal } from '../access/index.ts';
import { EngineError } from '../core/index.ts';
import type { AppState } from './app-state.ts';

export const SESSION_COOKIE = 'crm_session';
const PUBLIC = new Set(['/health', '/ready', '/auth/login']);
// What a session holding an initial password may do: see who it is, change the password, sign out.
const WHILE_PASSWORD_MUST_CHANGE = new Set(['GET /me', 'POST /me/password', 'POST /auth/logout']);

export function tokenOf(req: Request): string | undefined {
  const auth = req.get('authorization');
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function authenticate(state: AppState): RequestHandler {
  return async (req, res, next) => {
    // The CLI's local routes carry their own token (see local-router).
    // The docs page and its assets are public; the document it shows (/openapi.json) is not.
    if (PUBLIC.has(req.path) || req.path.startsWith('/local/') || req.path === '/docs' || req.path.startsWith('/docs/')) return next();
    const token = tokenOf(req);
    const principal = token ? await resolvePrincipal(state.db.knex, state.tenant, state.model(), token) : undefined;
    if (!principal) throw new EngineError('UNAUTHORIZED', 'Sign in first', [{ path: '/', message: 'no valid session' }]);
    if (principal.mustChangePassword && !WHILE_PASSWORD_MUST_CHANGE.has(`${req.method} ${req.path}`)) {
      throw new EngineError('PASSWORD_CHANGE_REQUIRED', 'Change the initial password first', [{ path: '/', message: 'the password must be changed before anything else' }]);
    }
    res.locals.principal = principal;
    res.locals.token = token;
    next();
  };
}
