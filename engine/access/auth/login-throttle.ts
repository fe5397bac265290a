// Failed sign-in counters per account and per client IP, shared by every server process through the database.
//
// checkThrottle counts the attempt before the password is verified (increment-then-check in one atomic upsert), so
// N parallel attempts cannot all pass a check that only one of them would have passed. recordFailure then locks a
// key that has reached its limit; recordSuccess clears the account and gives the IP back the one attempt it counted.
// Call these with the root knex, never inside a transaction that a failed sign-in rolls back (the count would vanish).
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../../db/index.ts';
import { accountThrottleKey, ipThrottleKey } from './throttle-keys.ts';

export interface ThrottleLimit {
  /** Failures within one window that lock the key. */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export interface ThrottleSettings {
  account: ThrottleLimit;
  ip: ThrottleLimit;
}

/** 5 failures per account or 20 per IP within 15 minutes lock that account or IP for 15 minutes. */
export const DEFAULT_THROTTLE: Readonly<ThrottleSettings> = Object.freeze({
  account: Object.freeze({ maxFailures: 5, windowSeconds: 900, lockSeconds: 900 }),
  ip: Object.freeze({ maxFailures: 20, windowSeconds: 900, lockSeconds: 900 }),
});

export interface SignInAttempt {
  /** As typed; normalised (trimmed, lower-cased) here. Unknown usernames are counted like known ones. */
  username: string;
  /** Client address as the transport sees it (behind a proxy: the trusted forwarded address). */
  ip?: string;
}

export type ThrottleDecision =
  | { allowed: true }
  /** The caller answers with its "too many attempts" status and a Retry-After header; it does not say which key. */
  | { allowed: false; retryAfterSeconds: number; scope: 'account' | 'ip' };

export interface FailureOutcome {
  /** True when this failure locked the key (worth an audit entry). */
  accountLocked: boolean;
  ipLocked: boolean;
}

interface ReserveRow {
  failures: number;
  locked: boolean;
  retry_after: number;
}

/** Counts one attempt for the IP, then the account; refused attempts leave no count behind. */
export async function checkThrottle(
  knex: Knex,
  tenant: Tenant,
  attempt: SignInAttempt,
  settings: ThrottleSettings = DEFAULT_THROTTLE,
): Promise<ThrottleDecision> {
  const ipKey = ipThrottleKey(attempt.ip);
  if (ipKey) {
    const refusal = await reserve(knex, tenant, ipKey, settings.ip);
    if (refusal !== undefined) return { allowed: false, retryAfterSeconds: refusal, scope: 'ip' };
  }
  const refusal = await reserve(knex, tenant, accountThrottleKey(attempt.username), settings.account);
  if (refusal === undefined) return { allowed: true };
  if (ipKey) await release(knex, tenant, ipKey);
  return { allowed: false, retryAfterSeconds: refusal, scope: 'account' };
}

/** After a wrong password (or unknown user, or inactive user) for an attempt that checkThrottle allowed. */
export async function recordFailure(
  knex: Knex,
  tenant: Tenant,
  attempt: SignInAttempt,
  settings: ThrottleSettings = DEFAULT_THROTTLE,
): Promise<FailureOutcome> {
  const ipKey = ipThrottleKey(attempt.ip);
  const ipLocked = ipKey ? await lockIfReached(knex, tenant, ipKey, settings.ip) : false;
  const accountLocked = await lockIfReached(knex, tenant, accountThrottleKey(attempt.username), settings.account);
  return { accountLocked, ipLocked };
}

/** After a correct password: the account starts afresh; the IP keeps its failures (one success must not wash them). */
export async function recordSuccess(knex: Knex, tenant: Tenant, attempt: SignInAttempt): Promise<void> {
  // IP before account, the order every function here uses, so callers that do wrap these in transactions cannot deadlock.
  const ipKey = ipThrottleKey(attempt.ip);
  if (ipKey) await release(knex, tenant, ipKey);
  await queryRows(knex, `delete from ${qualified(tenant, 'crm_login_throttle')} where key = ?`, [accountThrottleKey(attempt.username)]);
}

/** Administrator's unlock: forgets the counters of an account and/or an IP. */
export async function resetThrottle(knex: Knex, tenant: Tenant, target: { username?: string; ip?: string }): Promise<void> {
  const keys = [target.username === undefined ? undefined : accountThrottleKey(target.username), ipThrottleKey(target.ip)];
  const present = keys.filter((k): k is string => k !== undefined);
  if (present.length) {
    await queryRows(knex, `delete from ${qualified(tenant, 'crm_login_throttle')} where key in (${present.map(() => '?').join(', ')})`, present);
  }
}

// Increment-then-check in one statement (the row lock of the upsert serialises concurrent attempts). A key whose lock
// has run out, or whose window has passed, starts a fresh window. Returns undefined when allowed, else seconds to wait.
async function reserve(knex: Knex, tenant: Tenant, key: string, limit: ThrottleLimit): Promise<number | undefined> {
  const window = `(?::int * interval '1 second')`;
  const locked = `t.locked_until > now()`;
  const fresh = `(t.locked_until is not null or t.window_started_at <= now() - ${window})`;
  const [row] = await queryRows<ReserveRow>(
    knex,
    `insert into ${qualified(tenant, 'crm_login_throttle')} as t (key, failures, window_started_at, locked_until)
     values (?, 1, now(), null)
     on conflict (key) do update set
       failures = case when ${locked} then t.failures when ${fresh} then 1 else t.failures + 1 end,
       window_started_at = case when ${locked} then t.window_started_at when ${fresh} then now() else t.window_started_at end,
       locked_until = case when ${locked} then t.locked_until else null end
     returning failures, locked_until is not null as locked,
       greatest(1, ceil(extract(epoch from coalesce(locked_until, window_started_at + ${window}) - now())))::int as retry_after`,
    [key, limit.windowSeconds, limit.windowSeconds, limit.windowSeconds],
  );
  if (!row) throw new Error('login throttle upsert returned no row');
  if (row.locked) return row.retry_after;
  if (row.failures <= limit.maxFailures) return undefined;
  // Over the limit but not locked yet (the attempts that filled it are still being verified): refuse, uncounted.
  await release(knex, tenant, key);
  return row.retry_after;
}

// Gives back one counted attempt (a success, or an attempt refused for another key).
async function release(knex: Knex, tenant: Tenant, key: string): Promise<void> {
  await queryRows(knex, `update ${qualified(tenant, 'crm_login_throttle')} set failures = greatest(failures - 1, 0) where key = ?`, [key]);
}

async function lockIfReached(knex: Knex, tenant: Tenant, key: string, limit: ThrottleLimit): Promise<boolean> {
  const rows = await queryRows(
    knex,
    `update ${qualified(tenant, 'crm_login_throttle')}
     set locked_until = now() + (?::int * interval '1 second')
     where key = ? and failures >= ? and (locked_until is null or locked_until <= now())
     returning key`,
    [limit.lockSeconds, key, limit.maxFailures],
  );
  return rows.length > 0;
}
