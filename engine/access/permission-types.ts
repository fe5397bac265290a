// The role permissions document (metadata/roles/*.json and the role record's `permissions`), as typed data.
import type { RecordAction } from '../core/index.ts';
import type { ValueKind } from '../rules/index.ts';

export type NamedScope = 'own' | 'own_and_subordinates' | 'department' | 'department_and_below' | 'all';
export type Scope = boolean | NamedScope | { condition: unknown };
export type FieldRight = 'hidden' | 'read' | 'write';

export interface EntityGrant extends Partial<Record<RecordAction, Scope>> {
  fields?: Record<string, FieldRight>;
}

export type SystemFunction = 'audit' | 'handover' | 'users' | 'plugins' | 'metadata' | 'backup';

export interface RolePermissions {
  modules?: string[];
  menus?: string[];
  functions?: (SystemFunction | '*')[];
  entities?: Record<string, EntityGrant>;
}

export const RECORD_ACTIONS: readonly RecordAction[] = ['read', 'create', 'update', 'delete', 'export', 'import', 'approve', 'assign'];

/** Variables a scope condition may use, with the kind of value each holds. */
export const USER_VARIABLES: ReadonlyMap<string, ValueKind> = new Map<string, ValueKind>([
  ['$user.id', 'uuid'],
  ['$user.department', 'uuid'],
  ['$user.departments_below', 'string_array'],
  ['$user.team', 'string_array'],
]);

/** The json-logic each named scope stands for; conditions are used as written. */
export function scopeRule(scope: Scope): unknown {
  if (scope === true || scope === 'all') return true;
  if (scope === false) return false;
  switch (scope) {
    case 'own':
      return { '==': [{ var: 'owner' }, { var: '$user.id' }] };
    case 'own_and_subordinates':
      return { in: [{ var: 'owner' }, { var: '$user.team' }] };
    case 'department':
      return { '==': [{ var: 'department' }, { var: '$user.department' }] };
    case 'department_and_below':
      return { in: [{ var: 'department' }, { var: '$user.departments_below' }] };
    default:
      return scope.condition;
  }
}
