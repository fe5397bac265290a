// Sign-in, sign-out and password change as engine operations: throttled, audited, and silent about which part of
// a failed sign-in was wrong.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { appendAudit } from '../audit/index.ts';
import { badRequest, EngineError, SYSTEM_ACTOR, type Actor, type Locale } from '../core/index.ts';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import {
  checkThrottle,
  createSession,
  normaliseUsername,
  recordFailure,
  recordSuccess,
  revokeSession,
  revokeUserSessions,
  setPassword,
  verifyPassword,
} from './auth/index.ts';

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

export interface SignedIn {
  token: string;
  expiresAt: string;
  userId: string;
  /** The password is an initial one: the session may only change it until it has. */
  mustChangePassword: boolean;
}

const NIL = '00000000-0000-0000-0000-000000000000';

export async function signIn(knex: Knex, tenant: Tenant, body: unknown, client: ClientInfo): Promise<SignedIn> {
  const { username, password } = credentialsOrThrow(body);
  const context = { ...(client.ip ? { ip: client.ip } : {}), ...(client.userAgent ? { user_agent: client.userAgent.slice(0, 300) } : {}), ...(client.requestId ? { request_id: client.requestId } : {}) };
  const attempt = { username, ip: client.ip };
  const decision = await checkThrottle(knex, tenant, attempt);
  if (!decision.allowed) {
    await knex.transaction((trx) => appendAudit(trx, tenant, [{ actor: { id: NIL, kind: 'user', name: unknownName(username) }, action: 'login_failed', context: { ...context, reason: 'throttled' } }]));
    throw new EngineError('TOO_MANY_REQUESTS', 'Too many failed sign-ins; try again later', [{ path: '/', message: 'locked', info: { retryAfterSeconds: decision.retryAfterSeconds } }]);
  }
  const [user] = await queryRows<{ id: string; username: string; active: boolean; must_change: boolean | null }>(
    knex,
    `select u.id, u.username, u.active, c.must_change from ${qualified(tenant, 'app_user')} u
       left join ${qualified(tenant, 'crm_credential')} c on c.user_id = u.id where u.username = ?`,
    [normaliseUsername(username)],
  );
  // The hash is checked even for unknown or disabled users, so timing does not tell them apart.
  const ok = (await verifyPassword(knex, tenant, user?.id, password)) && user?.active === true;
  if (!ok || !user) {
    await recordFailure(knex, tenant, attempt);
    await knex.transaction((trx) =>
      appendAudit(trx, tenant, [{ actor: { id: user?.id ?? NIL, kind: 'user', name: user?.username ?? unknownName(username) }, action: 'login_failed', context: { ...context, reason: user && !user.active ? 'disabled' : 'bad credentials' } }]),
    );
    throw new EngineError('UNAUTHORIZED', 'Wrong user name or password', [{ path: '/', message: 'sign-in failed' }]);
  }
  await recordSuccess(knex, tenant, attempt);
  return knex.transaction(async (trx) => {
    const session = await createSession(trx, tenant, user.id, { ip: client.ip, userAgent: client.userAgent });
    await appendAudit(trx, tenant, [{ actor: { id: user.id, kind: 'user', name: user.username }, action: 'login', context }]);
    return { token: session.token, expiresAt: session.expiresAt, userId: user.id, mustChangePassword: user.must_change === true };
  });
}

export async function signOut(knex: Knex, tenant: Tenant, token: string, actor: Actor, client: ClientInfo): Promise<void> {
  await knex.transaction(async (trx) => {
    await revokeSession(trx, tenant, token);
    await appendAudit(trx, tenant, [{ actor, action: 'logout', context: client.requestId ? { request_id: client.requestId } : {} }]);
  });
}

/** The signed-in user changes their own password; every other session of theirs ends. */
export async function changeOwnPassword(knex: Knex, tenant: Tenant, actor: Actor, sessionId: string, body: unknown, locale: Locale): Promise<void> {
  const b = body as { current_password?: unknown; new_password?: unknown };
  if (!b || typeof b !== 'object' || typeof b.current_password !== 'string' || typeof b.new_password !== 'string' || Object.keys(b).length !== 2) {
    throw badRequest('Send {"current_password", "new_password"}', [{ path: '/', message: 'current_password and new_password are required' }]);
  }
  if (!(await verifyPassword(knex, tenant, actor.id, b.current_password))) {
    throw new EngineError('VALIDATION_FAILED', 'The current password is wrong', [{ path: '/current_password', message: locale === 'zh-CN' ? '当前密码不正确' : 'is wrong' }]);
  }
  await knex.transaction(async (trx) => {
    await setPassword(trx, tenant, actor.id, b.new_password as string, { enforcePolicy: true, username: actor.name, locale });
    await revokeUserSessions(trx, tenant, actor.id, { exceptSessionId: sessionId });
    await appendAudit(trx, tenant, [{ actor, action: 'password_change', entity: 'app_user', recordId: actor.id }]);
  });
}

/** Demo installs: every user without a password gets the demo one (policy bypassed, as the system actor). */
export async function setDemoPasswords(knex: Knex, tenant: Tenant, password: string): Promise<number> {
  const users = await queryRows<{ id: string }>(
    knex,
    `select u.id from ${qualified(tenant, 'app_user')} u where not exists (select 1 from ${qualified(tenant, 'crm_credential')} c where c.user_id = u.id)`,
  );
  await knex.transaction(async (trx) => {
    for (const u of users) await setPassword(trx, tenant, u.id, password, { enforcePolicy: false, actor: SYSTEM_ACTOR });
  });
  return users.length;
}

// People type their password into the user-name box: a name that is no user is logged only as a short hash, which
// still groups repeated attempts without storing what was typed.
function unknownName(username: string): string {
  return `unknown:${createHash('sha256').update(normaliseUsername(username)).digest('hex').slice(0, 12)}`;
}

function credentialsOrThrow(body: unknown): { username: string; password: string } {
  const b = body as { username?: unknown; password?: unknown } | undefined;
  const extra = b && typeof b === 'object' ? Object.keys(b).filter((k) => k !== 'username' && k !== 'password') : [];
  if (!b || typeof b.username !== 'string' || typeof b.password !== 'string' || b.username.length > 64 || extra.length) {
    throw badRequest('Send {"username", "password"}', [{ path: extra.length ? `/${extra[0]}` : '/', message: extra.length ? 'unknown field' : 'username and password are required' }]);
  }
  return { username: b.username, password: b.password };
}

/**
 * An administrator (the users function) resets a user's password to an initial one the user must change at their next
 * sign-in; their sessions end.
 */
export async function setUserPassword(knex: Knex, tenant: Tenant, actor: Actor, userId: string, body: unknown, locale: Locale): Promise<void> {
  const b = body as { password?: unknown } | undefined;
  if (!b || typeof b !== 'object' || typeof b.password !== 'string' || Object.keys(b).length !== 1) {
    throw badRequest('Send {"password"}', [{ path: '/password', message: 'is required' }]);
  }
  const [user] = await queryRows<{ id: string; username: string }>(knex, `select id, username from ${qualified(tenant, 'app_user')} where id = ?`, [userId]);
  if (!user) throw new EngineError('NOT_FOUND', 'No such user');
  await knex.transaction(async (trx) => {
    await setPassword(trx, tenant, user.id, b.password as string, { enforcePolicy: true, username: user.username, locale, mustChange: true });
    await revokeUserSessions(trx, tenant, user.id);
    await appendAudit(trx, tenant, [{ actor, action: 'password_change', entity: 'app_user', recordId: user.id, context: { reason: 'set by an administrator' } }]);
  });
}
