// The door of the audit room: the append-only, tamper-evident audit log (系统日志). See README.md.
export { appendAudit, appendPendingRows } from './append-audit.ts';
export { normaliseEntryOrThrow, type PendingAuditRow } from './normalise-entry.ts';
export { auditAppendCtes, isJsonPlain } from './append-in-statement.ts';
export { recordChanges, DEFAULT_SKIPPED_FIELDS } from './record-changes.ts';
export { redactSecrets, isSecretKey, REDACTED } from './redact-secrets.ts';
export { createAuditBuffer, type AuditBuffer, type AuditBufferOptions } from './audit-buffer.ts';
export { verifyAudit } from './verify-audit.ts';
export { queryAudit } from './query-audit.ts';
export { recordHistory } from './record-history.ts';
export { canonicalJson } from './canonical-json.ts';
export { GENESIS_HASH } from './hash-audit-row.ts';
export { DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT } from './audit-page.ts';
export {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditContext,
  type AuditEntry,
  type AuditEntryInput,
  type AuditFilterInput,
  type AuditHead,
  type AuditPage,
  type AuditPageInput,
  type FieldChanges,
  type VerifyOptions,
  type VerifyResult,
} from './audit-types.ts';
