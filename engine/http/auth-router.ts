// Sign-in, sign-out, and "who am I": the user, their roles and effective permissions, so the UI can hide what
// cannot be done.
import { Router, type Response } from 'express';
import { changeOwnPassword, setUserPassword, signIn, signOut } from '../access/index.ts';
import { EngineError, isUuid } from '../core/index.ts';
import type { AppState } from './app-state.ts';
import { SESSION_COOKIE } from './authenticate.ts';
import { clientOf, localeOf, principalOf } from './request-context.ts';

export function authRouter(state: AppState): Router {
  const router = Router();
  router.post('/auth/login', async (req, res) => {
    try {
      const session = await signIn(state.db.knex, state.tenant, req.body, clientOf(req, res));
      setCookie(res, session.token, session.expiresAt, req.secure);
      res.json({ token: session.token, expires_at: session.expiresAt, user_id: session.userId, must_change_password: session.mustChangePassword });
    } catch (e) {
      if (e instanceof EngineError && e.code === 'TOO_MANY_REQUESTS') res.set('retry-after', String(e.details[0]?.info?.retryAfterSeconds ?? 60));
      throw e;
    }
  });
  router.post('/auth/logout', async (req, res) => {
    await signOut(state.db.knex, state.tenant, res.locals.token as string, principalOf(res).actor, clientOf(req, res));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  router.get('/me', (req, res) => {
    const { actor, policy, displayName, mustChangePassword } = principalOf(res);
    const locale = localeOf(req);
    res.json({
      user: { id: actor.id, username: actor.name, display_name: displayName, department: actor.department },
      must_change_password: mustChangePassword,
      roles: policy.roles.map((r) => ({ code: r.code, name: locale === 'en' ? r.nameEn ?? r.name : r.name })),
      permissions: { modules: [...policy.modules], menus: [...policy.menus], functions: [...policy.functions], entities: policy.describe() },
    });
  });
  router.post('/me/password', async (req, res) => {
    const { actor, sessionId } = principalOf(res);
    await changeOwnPassword(state.db.knex, state.tenant, actor, sessionId, req.body, localeOf(req));
    res.status(204).end();
  });
  router.post('/users/:id/password', async (req, res) => {
    const { actor, policy } = principalOf(res);
    policy.assertFunction('users');
    if (!isUuid(req.params.id)) throw new EngineError('NOT_FOUND', 'No such user');
    await setUserPassword(state.db.knex, state.tenant, actor, req.params.id, req.body, localeOf(req));
    res.status(204).end();
  });
  return router;
}

function setCookie(res: Response, token: string, expiresAt: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: new Date(expiresAt) });
}
