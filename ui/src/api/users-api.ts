// User administration (the `users` function), one's own password, and the audit log (the `audit` function).
import { apiGet, apiRequest, withQuery } from './client';
import type { RecordData } from './types';

/** Creates a user with an initial password the user must change at first sign-in. */
export function createUser(record: Record<string, unknown>, password: string): Promise<RecordData> {
  return apiRequest<RecordData>('POST', '/api/users', { ...record, password });
}

/** Sets a new initial password: the user's sessions end and they must change it at their next sign-in. */
export function resetUserPassword(id: string, password: string): Promise<void> {
  return apiRequest<void>('POST', `/api/users/${encodeURIComponent(id)}/password`, { password });
}

/** user id → when they last signed in. */
export async function fetchLastSignIns(): Promise<Record<string, string>> {
  return (await apiGet<{ data: Record<string, string> }>('/api/users/last-sign-ins')).data;
}

/** The signed-in user's own password; their other sessions end. */
export function changeOwnPassword(current: string, next: string): Promise<void> {
  return apiRequest<void>('POST', '/api/me/password', { current_password: current, new_password: next });
}

export interface AuditEntry {
  seq: number;
  logged_at: string;
  actor_id: string;
  actor_name: string;
  actor_kind: 'user' | 'system';
  action: string;
  entity: string | null;
  record_id: string | null;
  changes: Record<string, unknown> | null;
  context: { ip?: string; user_agent?: string; request_id?: string; reason?: string };
}

export interface AuditFilters {
  actor_id?: string;
  entity?: string;
  record_id?: string;
  action?: string;
  from?: string;
  to?: string;
}

export function fetchAudit(filters: AuditFilters, cursor?: string | null, limit = 20): Promise<{ data: AuditEntry[]; next_cursor: string | null }> {
  return apiGet(withQuery('/api/audit', { ...filters, cursor: cursor ?? undefined, limit }));
}
