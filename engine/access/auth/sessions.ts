// Server-side sessions behind opaque bearer tokens; only a token's SHA-256 is stored, lifetimes use the database clock.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../../db/index.ts';
import { clockSql, noteBusinessNow } from '../../jobs/index.ts';
import { accessVersionSql } from '../org-directory.ts';

/** Absolute lifetime: a session ends this long after sign-in, however active it is. */
export const DEFAULT_SESSION_LIFETIME_SECONDS = 12 * 60 * 60;
/** last_seen_at is written at most this often per session, so lookups are not a write per request. */
export const LAST_SEEN_RESOLUTION_SECONDS = 60;

// 32 random bytes in base64url without padding.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface CreateSessionOptions {
  ip?: string;
  userAgent?: string;
  lifetimeSeconds?: number;
}

export interface NewSession {
  /** Handed to the client once (cookie or bearer); the server cannot show it again. */
  token: string;
  sessionId: string;
  /** ISO-8601 UTC, e.g. for the cookie's Max-Age. */
  expiresAt: string;
}

export interface LiveSession {
  sessionId: string;
  userId: string;
  expiresAt: string;
  /** The tenant's access version, read in the same statement: a disabled user or revoked role shows on this request. */
  accessVersion: string;
  /** The user still holds an initial password: until it is changed, the session may do nothing else. */
  mustChangePassword: boolean;
}

/** Starts a session for a user whose sign-in succeeded; runs inside the caller's transaction when given one. */
export async function createSession(trx: Knex, tenant: Tenant, userId: string, options: CreateSessionOptions = {}): Promise<NewSession> {
  const lifetime = options.lifetimeSeconds ?? DEFAULT_SESSION_LIFETIME_SECONDS;
  if (!Number.isInteger(lifetime) || lifetime <= 0) throw new Error(`session lifetime must be a positive integer: ${lifetime}`);
  const token = randomBytes(32).toString('base64url');
  const sessionId = randomUUID();
  const [row] = await queryRows<{ expires_at: string }>(
    trx,
    `insert into ${qualified(tenant, 'crm_session')} (id, token_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent)
     values (?, ?, ?, now(), now() + (?::int * interval '1 second'), now(), ?, ?)
     returning expires_at`,
    [sessionId, hashToken(token), userId, lifetime, clip(options.ip, 64), clip(options.userAgent, 512)],
  );
  if (!row) throw new Error('session insert returned no row');
  return { token, sessionId, expiresAt: row.expires_at };
}

/**
 * The session a token stands for, if it is neither revoked nor expired. One statement on the unique token_hash index;
 * its data-modifying CTE refreshes last_seen_at only when that is older than a minute (Postgres runs the CTE whether
 * or not the outer select reads it). The access version rides along (one round trip per request instead of two), and
 * so does the business clock, so that the request's `now` and `today` are the database's.
 * The caller still checks that the user is active.
 */
export async function lookupSession(knex: Knex, tenant: Tenant, token: string): Promise<LiveSession | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const table = qualified(tenant, 'crm_session');
  const [row] = await queryRows<{ id: string; user_id: string; expires_at: string; access_version: string; must_change: boolean | null; now: string }>(
    knex,
    `with live as (
       select id, user_id, expires_at, last_seen_at from ${table}
       where token_hash = ? and revoked_at is null and expires_at > now()
     ), touched as (
       update ${table} as s set last_seen_at = now() from live
       where s.id = live.id and live.last_seen_at <= now() - interval '${LAST_SEEN_RESOLUTION_SECONDS} seconds'
       returning s.id
     )
     select id, user_id, expires_at, ${accessVersionSql(tenant)} as access_version,
            (select c.must_change from ${qualified(tenant, 'crm_credential')} c where c.user_id = live.user_id) as must_change,
            ${clockSql(tenant)} as now
       from live`,
    [hashToken(token)],
    { prepare: true },
  );
  if (row) noteBusinessNow(tenant, new Date(row.now));
  return row && { sessionId: row.id, userId: row.user_id, expiresAt: row.expires_at, accessVersion: row.access_version, mustChangePassword: row.must_change === true };
}

/** Sign-out. True if the token named a session that was not revoked already. */
export async function revokeSession(knex: Knex, tenant: Tenant, token: string): Promise<boolean> {
  if (!TOKEN_SHAPE.test(token)) return false;
  const rows = await queryRows(
    knex,
    `update ${qualified(tenant, 'crm_session')} set revoked_at = now() where token_hash = ? and revoked_at is null returning id`,
    [hashToken(token)],
  );
  return rows.length > 0;
}

/**
 * Ends every live session of a user: on deactivation, password reset, "sign out everywhere". `exceptSessionId` keeps
 * the caller's own session when a user changes their own password. Returns how many were revoked.
 */
export async function revokeUserSessions(
  knex: Knex,
  tenant: Tenant,
  userId: string,
  options: { exceptSessionId?: string } = {},
): Promise<number> {
  const rows = await queryRows(
    knex,
    `update ${qualified(tenant, 'crm_session')} set revoked_at = now()
     where user_id = ? and revoked_at is null and expires_at > now() and id is distinct from ?
     returning id`,
    [userId, options.exceptSessionId ?? null],
  );
  return rows.length;
}

/** Hex SHA-256: a token has 256 bits of entropy, so an unsalted fast hash is enough to make a stolen table useless. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function clip(value: string | undefined, max: number): string | null {
  if (value === undefined || value === '') return null;
  // Code points, so a surrogate pair is never cut in half; the first slice bounds the work on a huge header.
  return [...value.slice(0, max * 2)].slice(0, max).join('');
}
