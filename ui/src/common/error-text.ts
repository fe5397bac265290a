// A user-facing sentence for a failed request: our catalogue's words for the error code (the server's top-level
// message is English), followed by the first localised detail the server gave.
import { ApiError } from '../api/client';
import type { Translate } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';

const KNOWN = new Set(['VALIDATION_FAILED', 'FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED', 'NOT_FOUND', 'GONE', 'VERSION_CONFLICT', 'CONFLICT', 'TOO_MANY_REQUESTS', 'PAYLOAD_TOO_LARGE', 'BAD_REQUEST', 'METADATA_INVALID', 'SCHEMA_CHANGE_REFUSED', 'DATABASE_BUSY', 'STORAGE_FULL', 'DATABASE_UNAVAILABLE']);

export function errorText(t: Translate, e: unknown): string {
  if (!(e instanceof ApiError)) return t('error.generic', { message: e instanceof Error ? e.message : String(e) });
  if (e.status === 0) return t('error.network');
  const base = KNOWN.has(e.code) ? t(`error.${e.code}` as MessageKey) : t('error.generic', { message: e.message });
  // Only validation details and what is gone (what, since when) come localised from the server; others are English developer text.
  const detail = e.code === 'VALIDATION_FAILED' || e.code === 'GONE' ? e.details[0]?.message : undefined;
  return detail ? `${base}:${detail}` : base;
}
