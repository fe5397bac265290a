// What every record write triggers inside its transaction: an audit entry (field-level before/after), and for
// org and role records a new access version, so cached permissions are rebuilt on the next request.
import { appendAudit, recordChanges, type AuditEntryInput } from '../audit/index.ts';
import type { ChangeAudit, RecordChange, RequestContext } from '../core/index.ts';
import { revokeUserSessions } from './auth/index.ts';
import { bumpAccessVersion } from './org-directory.ts';

/** Entities whose records shape permissions: a change to any of them invalidates every cached policy. */
export const ACCESS_ENTITIES: ReadonlySet<string> = new Set(['app_user', 'department', 'position', 'user_group', 'role']);

export async function handleRecordChange(tx: RequestContext, change: RecordChange): Promise<void> {
  const entries = entriesOf(tx, change);
  // A disabled (or removed) user's sessions end now: enabling the user again later must not revive a stolen token.
  if (change.entity === 'app_user' && (change.action === 'delete' || (change.before?.active !== false && change.after?.active === false))) {
    await revokeUserSessions(tx.knex, tx.tenant, change.id);
  }
  await appendAudit(tx.knex, tx.tenant, entries);
  if (ACCESS_ENTITIES.has(change.entity)) await bumpAccessVersion(tx.knex, tx.tenant);
}

/** handleRecordChange's audit entries, and which changes need nothing else. */
export const RECORD_CHANGE_AUDIT: ChangeAudit = Object.freeze({
  auditOnly: (entity: string) => !ACCESS_ENTITIES.has(entity),
  entriesOf,
});

function entriesOf(tx: RequestContext, change: RecordChange): AuditEntryInput[] {
  const entry = entryOf(tx, change);
  const entries: AuditEntryInput[] = [entry];
  if (change.entity === 'role' && change.action !== 'create') entries.push({ ...entry, action: 'permission_change' });
  if (change.entity === 'app_user' && change.action === 'update' && entry.changes && 'roles' in entry.changes) entries.push({ ...entry, action: 'role_change' });
  return entries;
}

function entryOf(tx: RequestContext, change: RecordChange): AuditEntryInput {
  const changes = change.action === 'update' ? recordChanges(change.before ?? {}, change.after ?? {}) : (change.after ?? change.before ?? null);
  return {
    actor: tx.actor,
    action: change.auditAction ?? change.action,
    entity: change.entity,
    recordId: change.id,
    changes,
    context: { request_id: tx.requestId, ...(change.reason ? { reason: change.reason } : {}), ...(tx.client?.ip ? { ip: tx.client.ip } : {}), ...(tx.client?.userAgent ? { user_agent: tx.client.userAgent.slice(0, 300) } : {}) },
  };
}
