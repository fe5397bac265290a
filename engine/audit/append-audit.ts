// Appends entries to the tenant's chain inside the caller's transaction, so a rolled-back write leaves no audit rows.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import type { AuditEntryInput } from './audit-types.ts';
import { GENESIS_HASH, hashAuditRow, type AuditContent } from './hash-audit-row.ts';
import { normaliseEntryOrThrow, type PendingAuditRow } from './normalise-entry.ts';

const COLUMNS = ['seq', 'logged_at', 'actor_id', 'actor_name', 'actor_kind', 'action', 'entity', 'record_id', 'changes', 'context', 'prev_hash', 'hash'];
const PLACEHOLDERS = '(?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)';
// 12 bindings a row; Postgres allows 65,535 bindings a statement.
const ROWS_PER_INSERT = 500;

/** The per-tenant append lock as an SQL expression, for a write that takes it in its own statement (noteAuditLocked). */
export function auditLockCall(tenant: Tenant): { sql: string; bindings: unknown[] } {
  return { sql: 'pg_advisory_xact_lock(hashtext(?))', bindings: [`crm-audit:${tenant.schema}`] };
}

const lockedTransactions = new WeakSet<Knex>();

/**
 * Tells the appends of this transaction that a statement of it which has completed took auditLockCall: the head read,
 * a later statement, then sees every earlier append, and the lock statement of its own is one round trip saved.
 */
export function noteAuditLocked(trx: Knex): void {
  if (trx.isTransaction) lockedTransactions.add(trx);
}

/**
 * Pass the transaction of the write being audited (on PGlite every query of a transaction must go through it).
 * Given a knex that is not a transaction, the entries are appended in a transaction of their own (logins, views).
 * The per-tenant lock is held until that transaction ends: append as the last step before commit.
 */
export async function appendAudit(trx: Knex, tenant: Tenant, entries: readonly AuditEntryInput[]): Promise<void> {
  const rows = entries.map((entry, i) => normaliseEntryOrThrow(entry, `/${i}`));
  await appendPendingRows(trx, tenant, rows);
}

/** appendAudit for entries already checked (the buffer checks at enqueue time, where the caller can see the error). */
export async function appendPendingRows(knex: Knex, tenant: Tenant, rows: readonly PendingAuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (!knex.isTransaction) return knex.transaction((trx) => appendPendingRows(trx, tenant, rows));
  const table = qualified(tenant, 'crm_audit');
  // Serialises appends per tenant until commit. Taken before reading the head: under READ COMMITTED the next
  // statement then sees the head the previous appender committed, so two transactions can never chain onto the
  // same row (and if one somehow did, the seq primary key would refuse it rather than fork the chain).
  if (!lockedTransactions.has(knex)) {
    const lock = auditLockCall(tenant);
    await queryRows(knex, `select ${lock.sql}`, lock.bindings);
  }
  const [head] = await queryRows<{ now: string; seq: number | null; hash: string | null }>(
    knex,
    // greatest(): a database clock stepped back must not make logged_at run against seq.
    `select greatest(date_trunc('milliseconds', clock_timestamp()), last.logged_at) as now, last.seq, last.hash
       from (select 1) one left join lateral (select seq, logged_at, hash from ${table} order by seq desc limit 1) last on true`,
  );
  let seq = head!.seq ?? 0;
  let prevHash = head!.hash ?? GENESIS_HASH;
  const values: unknown[][] = [];
  for (const row of rows) {
    const content: AuditContent = { ...row, seq: ++seq, logged_at: head!.now };
    const hash = hashAuditRow(prevHash, content);
    values.push([
      content.seq,
      content.logged_at,
      row.actor_id,
      row.actor_name,
      row.actor_kind,
      row.action,
      row.entity,
      row.record_id,
      row.changes === null ? null : JSON.stringify(row.changes),
      JSON.stringify(row.context),
      prevHash,
      hash,
    ]);
    prevHash = hash;
  }
  for (let i = 0; i < values.length; i += ROWS_PER_INSERT) {
    const chunk = values.slice(i, i + ROWS_PER_INSERT);
    await queryRows(knex, `insert into ${table} (${COLUMNS.join(', ')}) values ${chunk.map(() => PLACEHOLDERS).join(', ')}`, chunk.flat());
  }
}
