// One audit entry appended by the very statement that makes the change (a create that is a single INSERT, with no
// transaction around it): the chain link is computed by the database, over the same canonical JSON verifyAudit reads.
import { randomUUID } from 'node:crypto';
import type { SqlFragment } from '../core/index.ts';
import { qualified, type Tenant } from '../db/index.ts';
import { AUDIT_COLUMNS, CLOCK_MS, nextLoggedAt, whoAndWhat } from './append-audit.ts';
import type { AuditEntryInput } from './audit-types.ts';
import { canonicalJson } from './canonical-json.ts';
import { normaliseEntryOrThrow } from './normalise-entry.ts';

// Stand-ins for what only the statement knows, placed in the content before it is printed canonically and replaced
// by SQL afterwards. Random per process: no client can put one into a record.
const MARK = `crm-audit-late-${randomUUID()}`;
const SEQ_MARK = `${MARK}:seq`;
const TIME_MARK = `${MARK}:logged_at`;
const lateMark = (key: string) => `${MARK}:changes:${key}`;

/** Text the database may print between quotes as JSON.stringify would: nothing it escapes. */
export function isJsonPlain(text: string): boolean {
  return !/["\\\u0000-\u001f\ud800-\udfff]/.test(text);
}

/**
 * The append as two CTEs for the caller's WITH list: `__audit_head` moves the head row (an UPDATE, so it waits for a
 * concurrent appender and then sees the head that one committed) and computes the new hash from the previous one;
 * `__audit_row` inserts the entry. `late` gives keys of `entry.changes` whose values only the statement knows, as SQL
 * text expressions over `from` (a CTE of the same statement, e.g. the INSERT's returning rows); each must produce
 * JSON-plain text (isJsonPlain), which the caller guarantees. Run outside a transaction, the statement's change and
 * its entry commit together, and the head row is locked for that one statement only.
 */
export function auditAppendCtes(tenant: Tenant, entry: AuditEntryInput, late: Readonly<Record<string, string>>, from: string): SqlFragment {
  const lateKeys = Object.keys(late);
  const marked = { ...entry, changes: { ...entry.changes, ...Object.fromEntries(lateKeys.map((k) => [k, lateMark(k)])) } };
  const row = normaliseEntryOrThrow(marked, '/0');
  const changes = { ...row.changes };
  const holes = new Map<string, string>([
    [SEQ_MARK, '(h.seq + 1)::text'],
    [TIME_MARK, `'"' || to_char(${nextLoggedAt('n.t')} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`],
  ]);
  const lateColumns: string[] = [];
  const lateBindings: unknown[] = [];
  for (const key of lateKeys) {
    // A key that looks like a secret was redacted: its value is known after all.
    if (changes[key] !== lateMark(key)) continue;
    delete changes[key];
    holes.set(lateMark(key), `'"' || ${late[key]} || '"'`);
    lateColumns.push(`?::text, ${late[key]}`);
    lateBindings.push(key);
  }
  const { sql: linkSql, bindings: linkBindings } = spliceHoles(canonicalJson({ ...row, seq: SEQ_MARK, logged_at: TIME_MARK }), holes);
  const headTable = qualified(tenant, 'crm_audit_head');
  const changesSql = lateColumns.length ? `?::jsonb || jsonb_build_object(${lateColumns.join(', ')})` : '?::jsonb';
  return {
    sql: `__audit_now as (select ${CLOCK_MS} as t),
      __audit_head as (
        update ${headTable} h
           set seq = h.seq + 1, prev_hash = h.hash, logged_at = ${nextLoggedAt('n.t')},
               hash = encode(sha256(convert_to(h.hash || ${linkSql}, 'UTF8')), 'hex')
          from __audit_now n, ${from}
         where h.id = 1
        returning h.seq, h.logged_at, h.prev_hash, h.hash),
      __audit_row as (
        insert into ${qualified(tenant, 'crm_audit')} (${AUDIT_COLUMNS.join(', ')})
        select a.seq, a.logged_at, ?::uuid, ?, ?, ?, ?, ?::uuid, ${changesSql}, ?::jsonb, a.prev_hash, a.hash
          from __audit_head a, ${from})`,
    bindings: [
      ...linkBindings,
      ...whoAndWhat(row),
      JSON.stringify(changes),
      ...lateBindings,
      JSON.stringify(row.context),
    ],
  };
}

// The canonical text as literal pieces (bound, never spliced into the SQL) joined with the holes' SQL. A mark prints
// as "<mark>" and a client's text containing that sequence would print with escaped quotes, so the split is exact.
function spliceHoles(text: string, holes: ReadonlyMap<string, string>): SqlFragment {
  const pieces: string[] = [];
  const bindings: unknown[] = [];
  let rest = text;
  for (;;) {
    let next: { at: number; mark: string } | undefined;
    for (const mark of holes.keys()) {
      const at = rest.indexOf(JSON.stringify(mark));
      if (at >= 0 && (!next || at < next.at)) next = { at, mark };
    }
    if (!next) break;
    pieces.push('?::text', holes.get(next.mark)!);
    bindings.push(rest.slice(0, next.at));
    rest = rest.slice(next.at + JSON.stringify(next.mark).length);
  }
  pieces.push('?::text');
  bindings.push(rest);
  return { sql: pieces.join(' || '), bindings };
}
