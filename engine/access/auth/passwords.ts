// Stored passwords: set (policy, no reuse of the last ones), verify without revealing which users exist, remove.
import type { Knex } from 'knex';
import { EngineError, validationFailed, type Actor, type ErrorDetail, type Locale } from '../../core/index.ts';
import { qualified, queryRows, type Tenant } from '../../db/index.ts';
import { hashPassword, isOversizedPassword, normalisePassword, verifyDummyPassword, verifyPasswordHash } from './password-hash.ts';
import { checkPasswordPolicy, passwordProblem, type PasswordProblem } from './password-policy.ts';

/** How many previous passwords (besides the current one) a new password must differ from. */
export const PASSWORD_HISTORY_SIZE = 3;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `enforcePolicy: false` skips the strength rules and the reuse rule. It exists for demo seeding and tests only (fixed,
 * well-known passwords that the policy would refuse or that are set again on every reseed), so it must be asked for
 * by the system actor, which makes the exception explicit at the call site and in the audit trail. The length bound
 * (1–128 characters) holds either way, because it protects the hashing, not the account.
 */
export type SetPasswordOptions = (
  | { enforcePolicy: true; username: string; locale?: Locale }
  | { enforcePolicy: false; actor: Actor; locale?: Locale }
) & {
  /** An initial password an administrator hands over: the user must replace it at sign-in before doing anything else. */
  mustChange?: boolean;
};

const REUSED: Record<Locale, string> = {
  'zh-CN': `新密码不能与当前密码或最近 ${PASSWORD_HISTORY_SIZE} 次使用过的密码相同`,
  en: `must differ from the current password and the last ${PASSWORD_HISTORY_SIZE} passwords`,
};
const EMPTY: Record<Locale, string> = { 'zh-CN': '密码不能为空', en: 'is required' };

/** Sets (or replaces) a user's password inside `trx`; the old hash moves to the history, which keeps the last 3. */
export async function setPassword(
  trx: Knex,
  tenant: Tenant,
  userId: string,
  password: string,
  options: SetPasswordOptions,
): Promise<void> {
  const locale = options.locale ?? 'zh-CN';
  if (!options.enforcePolicy && options.actor.kind !== 'system') {
    throw new EngineError('FORBIDDEN', 'Only the system actor may set a password without the password policy');
  }
  const problems: PasswordProblem[] = options.enforcePolicy
    ? checkPasswordPolicy(password, { username: options.username })
    : isOversizedPassword(password) ? [passwordProblem('max_length')] : [];
  if (problems.length) throw refusal(problems.map((p) => ({ message: p.message[locale], rule: p.rule })));
  if (normalisePassword(password).length === 0) throw refusal([{ message: EMPTY[locale], rule: 'required' }]);

  const credential = qualified(tenant, 'crm_credential');
  const history = qualified(tenant, 'crm_password_history');
  // A savepoint when trx is already a transaction: the three writes below land together or not at all.
  await trx.transaction(async (tx) => {
    // The row lock serialises two concurrent changes of the same user's password.
    const current = await queryRows<{ hash: string }>(tx, `select hash from ${credential} where user_id = ? for update`, [userId]);
    if (options.enforcePolicy) {
      const previous = await queryRows<{ hash: string }>(
        tx,
        `select hash from ${history} where user_id = ? order by id desc limit ${PASSWORD_HISTORY_SIZE}`,
        [userId],
      );
      const hashes = [...current, ...previous].map((r) => r.hash);
      const matches = await Promise.all(hashes.map((h) => verifyPasswordHash(h, password)));
      if (matches.some(Boolean)) throw refusal([{ message: REUSED[locale], rule: 'reused' }]);
    }
    const encoded = await hashPassword(password);
    await queryRows(tx, `insert into ${history} (user_id, hash, changed_at) select user_id, hash, changed_at from ${credential} where user_id = ?`, [userId]);
    await queryRows(
      tx,
      `insert into ${credential} (user_id, hash, changed_at, must_change) values (?, ?, now(), ?)
       on conflict (user_id) do update set hash = excluded.hash, changed_at = excluded.changed_at, must_change = excluded.must_change`,
      [userId, encoded, options.mustChange === true],
    );
    await queryRows(
      tx,
      `delete from ${history} where user_id = ? and id not in
         (select id from ${history} where user_id = ? order by id desc limit ${PASSWORD_HISTORY_SIZE})`,
      [userId, userId],
    );
  });
}

/**
 * True when `password` is the user's current password. An unknown or undefined user id, a user without a password
 * and an oversized password all cost one query and one full argon2id verification, like a real wrong password.
 */
export async function verifyPassword(knex: Knex, tenant: Tenant, userId: string | undefined, password: string): Promise<boolean> {
  const id = userId !== undefined && UUID.test(userId) ? userId : null;
  const rows = await queryRows<{ hash: string }>(knex, `select hash from ${qualified(tenant, 'crm_credential')} where user_id = ?`, [id]);
  const stored = rows[0]?.hash;
  if (stored === undefined || isOversizedPassword(password)) return verifyDummyPassword(password);
  return verifyPasswordHash(stored, password);
}

export async function hasPassword(knex: Knex, tenant: Tenant, userId: string): Promise<boolean> {
  const rows = await queryRows(knex, `select 1 from ${qualified(tenant, 'crm_credential')} where user_id = ?`, [userId]);
  return rows.length > 0;
}

/** Deletes the user's password and its history (e.g. single sign-on only, or the user is removed). True if one existed. */
export async function removeCredential(knex: Knex, tenant: Tenant, userId: string): Promise<boolean> {
  return knex.transaction(async (tx) => {
    await queryRows(tx, `delete from ${qualified(tenant, 'crm_password_history')} where user_id = ?`, [userId]);
    const removed = await queryRows(tx, `delete from ${qualified(tenant, 'crm_credential')} where user_id = ? returning user_id`, [userId]);
    return removed.length > 0;
  });
}

function refusal(problems: { message: string; rule: string }[]): EngineError {
  const details: ErrorDetail[] = problems.map((p) => ({ path: '/password', message: p.message, info: { rule: p.rule } }));
  return validationFailed(details, 'The password was not accepted');
}
