// The role designer and org chart endpoints: a role's permission document (saved as the role record, where the server
// applies "nobody grants what they do not hold"), "view as this role", the role's holders, and handover with preview.
import { apiGet, apiRequest, withQuery } from './client';
import type { MenuItem, RecordData } from './types';

export type NamedScope = 'own' | 'own_and_subordinates' | 'department' | 'department_and_below' | 'all';
export type Scope = boolean | NamedScope | { condition: unknown };
export type FieldRightValue = 'hidden' | 'read' | 'write';
export const RECORD_ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'import', 'approve', 'assign'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];
export const NAMED_SCOPES: readonly NamedScope[] = ['own', 'own_and_subordinates', 'department', 'department_and_below', 'all'];
export const SYSTEM_FUNCTIONS = ['users', 'audit', 'handover', 'plugins', 'metadata', 'backup'] as const;

export type EntityGrant = Partial<Record<RecordAction, Scope>> & { fields?: Record<string, FieldRightValue> };

export interface RolePermissions {
  modules?: string[];
  menus?: string[];
  functions?: string[];
  entities?: Record<string, EntityGrant>;
}

export interface RolePreview {
  role: { code: string; name: string; name_en: string | null };
  user: { id: string; username: string; display_name: string; department: string | null };
  menus: MenuItem[];
  list?: { entity: string; readable: boolean; data: RecordData[]; count: number };
}

export interface RoleHolders {
  users: { id: string; username: string; displayName: string; department: string | null }[];
  groups: { id: string; name: string }[];
  positions: { id: string; name: string }[];
}

export function fetchRolePreview(code: string, entity: string | undefined, as: string | undefined): Promise<RolePreview> {
  return apiGet<RolePreview>(withQuery(`/api/admin/roles/${encodeURIComponent(code)}/preview`, { entity, as }));
}

export function fetchRoleHolders(code: string): Promise<RoleHolders> {
  return apiGet<RoleHolders>(`/api/admin/roles/${encodeURIComponent(code)}/holders`);
}

export interface HandoverRequest {
  from: string;
  to: string[];
  reason?: string;
}

/** entity → new owner id → number of records. */
export interface HandoverResult {
  moved: Record<string, Record<string, number>>;
  disabled: boolean;
}

export function previewHandover(request: HandoverRequest): Promise<HandoverResult> {
  return apiRequest<HandoverResult>('POST', '/api/handover/preview', request);
}

export function runHandover(request: HandoverRequest): Promise<HandoverResult> {
  return apiRequest<HandoverResult>('POST', '/api/handover', request);
}
