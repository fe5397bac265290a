// The shapes of the audit log: what callers append, what a stored entry looks like, and what verification reports.
import type { Actor } from '../core/index.ts';

/**
 * Every action the log knows. The brief's list plus the RecordActions of engine/core that are not plain reads
 * (import, approve, assign), so every write path can say what it did. Adding one is a code change here only.
 */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'view',
  'create',
  'update',
  'delete',
  'role_change',
  'permission_change',
  'handover',
  'export',
  'import',
  'approve',
  'assign',
  'password_change',
  'metadata_change',
  'file_upload',
  'file_download',
  'file_delete',
  'file_purge',
  'backup',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Where an action came from. Stored as given (snake_case, like the rest of the API's JSON); unknown keys are refused. */
export interface AuditContext {
  ip?: string;
  user_agent?: string;
  request_id?: string;
  /** Why, when the actor gave a reason (a handover, a permission change, a failed login's cause). */
  reason?: string;
}

export interface AuditEntryInput {
  /** ctx.actor fits. A failed login by an unknown name: the nil uuid, kind 'user', and the name that was typed. */
  actor: Pick<Actor, 'id' | 'name' | 'kind'>;
  action: AuditAction;
  entity?: string | null;
  recordId?: string | null;
  /** Updates: recordChanges(before, after). Create/delete: the record. Secrets are redacted on the way in. */
  changes?: Record<string, unknown> | null;
  context?: AuditContext;
}

/** A stored entry, as queryAudit returns it and as the hash covers it (all but prev_hash and hash). */
export interface AuditEntry {
  seq: number;
  /** ISO-8601 UTC with milliseconds, from the database clock when the entry was appended. */
  logged_at: string;
  actor_id: string;
  actor_name: string;
  actor_kind: 'user' | 'system';
  action: string;
  entity: string | null;
  record_id: string | null;
  changes: Record<string, unknown> | null;
  context: AuditContext;
  prev_hash: string;
  hash: string;
}

/** Field-level diff of an update. */
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

/** Filters as a transport hands them over (e.g. express's req.query); parsed strictly by queryAudit. */
export type AuditFilterInput = Record<string, unknown>;

export interface AuditPageInput {
  /** 1..500 (larger values are clamped, like the records API); default 50. A string from a query is accepted. */
  limit?: number | string;
  /** next_cursor of the previous page. */
  cursor?: string;
}

export interface AuditPage {
  data: AuditEntry[];
  next_cursor: string | null;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export interface VerifyOptions {
  /** A head recorded earlier (outside the database): the row with that seq must still carry that hash. */
  anchor?: AuditHead;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows whose hash was recomputed before the first break (all of them when ok). */
  checked: number;
  firstBrokenSeq?: number;
  reason?: string;
  /** The last entry that verified: operators record its hash elsewhere to detect a rewrite or a cut-off tail later. */
  head: AuditHead | null;
}
