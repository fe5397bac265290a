// The chain link: hash = sha256(prev_hash + canonical JSON of the entry's content, seq and logged_at included).
import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit-types.ts';
import { canonicalJson } from './canonical-json.ts';

/** prev_hash of the first entry of a tenant. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditContent = Omit<AuditEntry, 'prev_hash' | 'hash'>;

/**
 * Picks the content fields by name, so a column added to crm_audit later (or the hashes themselves) never changes
 * what old rows hash to. seq is inside the hash: renumbering rows to close a gap breaks them.
 */
export function hashAuditRow(prevHash: string, row: AuditContent): string {
  const content: AuditContent = {
    seq: row.seq,
    logged_at: row.logged_at,
    actor_id: row.actor_id,
    actor_name: row.actor_name,
    actor_kind: row.actor_kind,
    action: row.action,
    entity: row.entity,
    record_id: row.record_id,
    changes: row.changes,
    context: row.context,
  };
  return createHash('sha256').update(prevHash + canonicalJson(content)).digest('hex');
}
