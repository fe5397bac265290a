// The idempotency keys' table (migration 009): claim a key before a request runs, keep its answer after, replay it.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';

/** How long a key holds its answer (the IETF draft leaves it to the server; 24 hours is the common choice). */
export const KEY_LIFETIME_HOURS = 24;
/** Expired keys deleted by each claim, so the table is cleaned as it is used, never in one long sweep. */
const CLEANUP_BATCH = 100;

export interface StoredAnswer {
  fingerprint: string;
  status: number | null;
  body: string | null;
  headers: Record<string, string> | null;
}

export interface KeyRef {
  tenant: Tenant;
  userId: string;
  key: string;
}

/**
 * Takes the key for this request, committed before the request runs, so no later request with the key can run it
 * again whatever happens to this one. Returns undefined when taken now, else what the key already holds.
 */
export async function claimKey(knex: Knex, { tenant, userId, key }: KeyRef, fingerprint: string): Promise<StoredAnswer | undefined> {
  const table = qualified(tenant, 'crm_idempotency');
  await queryRows(
    knex,
    `delete from ${table} where expires_at < now()
        and ((user_id = ? and key = ?) or ctid = any(array(select ctid from ${table} where expires_at < now() limit ${CLEANUP_BATCH})))`,
    [userId, key],
  );
  const taken = await queryRows(
    knex,
    `insert into ${table} (user_id, key, fingerprint, expires_at) values (?, ?, ?, now() + interval '${KEY_LIFETIME_HOURS} hours')
     on conflict (user_id, key) do nothing returning 1 as taken`,
    [userId, key, fingerprint],
  );
  if (taken.length) return undefined;
  const [held] = await queryRows<StoredAnswer>(knex, `select fingerprint, status, body, headers from ${table} where user_id = ? and key = ?`, [userId, key]);
  // Expired and deleted by another request between the two statements: rare enough to ask the client to retry.
  return held ?? { fingerprint, status: null, body: null, headers: null };
}

/** Keeps the answer the request got, for its retries. */
export async function storeAnswer(knex: Knex, { tenant, userId, key }: KeyRef, answer: { status: number; body: string; headers: Record<string, string> }): Promise<void> {
  await queryRows(knex, `update ${qualified(tenant, 'crm_idempotency')} set status = ?, body = ?, headers = ? where user_id = ? and key = ?`, [
    answer.status,
    answer.body,
    JSON.stringify(answer.headers),
    userId,
    key,
  ]);
}
