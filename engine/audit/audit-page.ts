// Page size and keyset cursor of audit lists: newest first, the cursor is the last seq a page returned.
import { badRequest, parseLimit, type ErrorDetail } from '../core/index.ts';
import type { AuditPageInput } from './audit-types.ts';

export const DEFAULT_AUDIT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 500;
const PAGE_KEYS = new Set(['limit', 'cursor']);
const CURSOR_TEXT = /^audit:([1-9][0-9]{0,15})$/;

export interface AuditPageQuery {
  limit: number;
  /** Entries strictly older (lower seq) than this. */
  beforeSeq?: number;
}

/**
 * The cursor is opaque to clients but not signed, unlike record cursors: it only moves the starting point of a
 * query whose filters are checked anew on every page, so a forged one can reveal nothing a filter could not.
 */
export function encodeAuditCursor(seq: number): string {
  return Buffer.from(`audit:${seq}`).toString('base64url');
}

export function parseAuditPageOrThrow(page: AuditPageInput): AuditPageQuery {
  const problems: ErrorDetail[] = [];
  if (typeof page !== 'object' || page === null) throw badRequest('The page is not valid', [{ path: 'page', message: 'must be an object' }]);
  for (const key of Object.keys(page)) if (!PAGE_KEYS.has(key)) problems.push({ path: key, message: 'unknown page parameter', expected: 'limit, cursor' });
  const query: AuditPageQuery = { limit: DEFAULT_AUDIT_LIMIT };
  const { limit, cursor } = page;
  if (limit !== undefined) query.limit = parseLimit(limit, MAX_AUDIT_LIMIT, problems) ?? DEFAULT_AUDIT_LIMIT;
  if (cursor !== undefined) {
    const seq = typeof cursor === 'string' && cursor.length <= 64 ? CURSOR_TEXT.exec(Buffer.from(cursor, 'base64url').toString('utf8'))?.[1] : undefined;
    if (seq === undefined || !Number.isSafeInteger(Number(seq))) problems.push({ path: 'cursor', message: 'invalid cursor; start again from the first page' });
    else query.beforeSeq = Number(seq);
  }
  if (problems.length) throw badRequest('The page is not valid', problems);
  return query;
}
