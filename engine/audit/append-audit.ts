// Appends entries to the tenant's chain inside the caller's transaction, so a rolled-back write leaves no audit rows.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import type { AuditEntryInput } from './audit-types.ts';
import { hashAuditRow, type AuditContent } from './hash-audit-row.ts';
import { normaliseEntryOrThrow, type PendingAuditRow } from './normalise-entry.ts';

export const AUDIT_COLUMNS = ['seq', 'logged_at', 'actor_id', 'actor_name', 'actor_kind', 'action', 'entity', 'record_id', 'changes', 'context', 'prev_hash', 'hash'];
const PLACEHOLDERS = '(?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)';
// 12 bindings a row; Postgres allows 65,535 bindings a statement.
const ROWS_PER_INSERT = 500;

/**
 * The next entry's logged_at over the head row `h`: the database clock in milliseconds (what both drivers read back,
 * so exactly what was hashed), never earlier than the entry before it even if the clock steps back.
 */
export const nextLoggedAt = (clock: string) => `greatest(${clock}, h.logged_at)`;
export const CLOCK_MS = `date_trunc('milliseconds', clock_timestamp())`;

/** The columns between logged_at and changes, in AUDIT_COLUMNS order. */
export const whoAndWhat = (row: PendingAuditRow) => [row.actor_id, row.actor_name, row.actor_kind, row.action, row.entity, row.record_id];

/**
 * Pass the transaction of the write being audited (on PGlite every query of a transaction must go through it).
 * Given a knex that is not a transaction, the entries are appended in a transaction of their own (logins, views).
 * The head row stays locked until that transaction ends: append as the last step before commit.
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
  const headTable = qualified(tenant, 'crm_audit_head');
  // FOR UPDATE serialises appends per tenant until commit, and under READ COMMITTED it returns the head as the
  // previous appender committed it: two transactions can never chain onto the same entry (and if one somehow did,
  // the seq primary key would refuse it rather than fork the chain).
  const [head] = await queryRows<{ now: string; seq: number | string; hash: string }>(
    knex,
    `select ${nextLoggedAt(CLOCK_MS)} as now, h.seq, h.hash from ${headTable} h where h.id = 1 for update`,
  );
  if (!head) throw new Error(`${headTable} has no head row: the engine migrations did not run for this tenant`);
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const values: unknown[][] = [];
  for (const row of rows) {
    const content: AuditContent = { ...row, seq: ++seq, logged_at: head.now };
    const hash = hashAuditRow(prevHash, content);
    values.push([
      content.seq,
      content.logged_at,
      ...whoAndWhat(row),
      row.changes === null ? null : JSON.stringify(row.changes),
      JSON.stringify(row.context),
      prevHash,
      hash,
    ]);
    prevHash = hash;
  }
  // The head moves to the last entry (seq, hash, and its prev_hash), in the statement that writes that entry.
  const lastEntry = values[values.length - 1]!;
  const newHead = [seq, head.now, lastEntry[AUDIT_COLUMNS.indexOf('prev_hash')], prevHash];
  for (let i = 0; i < values.length; i += ROWS_PER_INSERT) {
    const chunk = values.slice(i, i + ROWS_PER_INSERT);
    const moveHead = i + ROWS_PER_INSERT >= values.length;
    await queryRows(
      knex,
      `${moveHead ? `with moved as (update ${headTable} set seq = ?, logged_at = ?::timestamptz, prev_hash = ?, hash = ? where id = 1) ` : ''}` +
        `insert into ${table} (${AUDIT_COLUMNS.join(', ')}) values ${chunk.map(() => PLACEHOLDERS).join(', ')}`,
      [...(moveHead ? newHead : []), ...chunk.flat()],
    );
  }
}
