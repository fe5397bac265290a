// Walks a tenant's chain from the first entry and recomputes every link; reports where it first breaks.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import type { AuditEntry, AuditHead, VerifyOptions, VerifyResult } from './audit-types.ts';
import { GENESIS_HASH, hashAuditRow } from './hash-audit-row.ts';

const PAGE = 1000;
const COLUMNS = 'seq, logged_at, actor_id, actor_name, actor_kind, action, entity, record_id, changes, context, prev_hash, hash';

/**
 * Detects an edited entry (its hash no longer matches), a removed one (a gap in seq), a reordered or renumbered one
 * (seq is hashed, and prev_hash must be the previous entry's hash) and, given an anchor recorded earlier, a rewritten
 * chain or a cut-off tail. Pages through the table by seq, so memory stays flat however long the log is; entries
 * appended meanwhile are simply checked too (appends never change older rows).
 */
export async function verifyAudit(knex: Knex, tenant: Tenant, options: VerifyOptions = {}): Promise<VerifyResult> {
  const table = qualified(tenant, 'crm_audit');
  const { anchor } = options;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let head: AuditHead | null = null;
  const broken = (seq: number, reason: string): VerifyResult => ({ ok: false, checked, firstBrokenSeq: seq, reason, head });

  for (let after: number | null = null; ; ) {
    const rows: AuditEntry[] = await queryRows<AuditEntry>(
      knex,
      after === null ? `select ${COLUMNS} from ${table} order by seq limit ${PAGE}` : `select ${COLUMNS} from ${table} where seq > ? order by seq limit ${PAGE}`,
      after === null ? [] : [after],
    );
    for (const row of rows) {
      if (row.seq > expectedSeq) {
        const missing = row.seq - 1 === expectedSeq ? `entry ${expectedSeq} is` : `entries ${expectedSeq} to ${row.seq - 1} are`;
        return broken(expectedSeq, `${missing} missing (removed from the log)`);
      }
      if (row.seq < expectedSeq) return broken(row.seq, `entry ${row.seq} is out of sequence (expected ${expectedSeq})`);
      if (row.prev_hash !== prevHash) {
        return broken(row.seq, `entry ${row.seq} does not follow the hash of entry ${row.seq - 1} (an entry was replaced, reordered or re-hashed)`);
      }
      if (hashAuditRow(row.prev_hash, row) !== row.hash) return broken(row.seq, `entry ${row.seq} was changed after it was written (its content no longer matches its hash)`);
      if (anchor && row.seq === anchor.seq && row.hash !== anchor.hash) {
        return broken(row.seq, `entry ${row.seq} no longer has the hash recorded for it earlier (the chain was rewritten)`);
      }
      checked++;
      expectedSeq++;
      prevHash = row.hash;
      head = { seq: row.seq, hash: row.hash };
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.seq;
  }
  const tail = await checkHeadRow(knex, tenant, head);
  if (tail) return broken(tail.seq, tail.reason);
  if (anchor && (head?.seq ?? 0) < anchor.seq) {
    return broken(expectedSeq, `the log ends at entry ${head?.seq ?? 0}, but entry ${anchor.seq} was recorded earlier (entries were removed from the end)`);
  }
  return { ok: true, checked, head };
}

/**
 * The head row names the last entry appended. Behind the last entry walked: entries were removed from the end (unless
 * the head was rewound too, which only an anchor catches). Ahead of it: appended meanwhile, if that entry exists.
 */
async function checkHeadRow(knex: Knex, tenant: Tenant, last: AuditHead | null): Promise<{ seq: number; reason: string } | undefined> {
  const [row] = await queryRows<{ seq: number | string; hash: string; present: boolean }>(
    knex,
    `select h.seq, h.hash, exists (select 1 from ${qualified(tenant, 'crm_audit')} a where a.seq = h.seq) as present from ${qualified(tenant, 'crm_audit_head')} h where h.id = 1`,
  );
  const lastSeq = last?.seq ?? 0;
  if (!row) return { seq: lastSeq + 1, reason: 'the head row of the log is missing' };
  const headSeq = Number(row.seq);
  if (headSeq < lastSeq) return { seq: headSeq + 1, reason: `the log's head says entry ${headSeq} is the last, but entries up to ${lastSeq} exist (entries were added by hand, or the head was rewound)` };
  if (headSeq === lastSeq && last && row.hash !== last.hash) return { seq: lastSeq, reason: `the log's head does not have the hash of entry ${lastSeq} (the head or the entry was replaced)` };
  if (headSeq > lastSeq && !row.present) {
    return { seq: lastSeq + 1, reason: `the log ends at entry ${lastSeq}, but its head says entry ${headSeq} was appended (entries were removed from the end)` };
  }
  return undefined;
}
