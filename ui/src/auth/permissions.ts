// Reading /api/me's effective permissions: the UI hides what the server would refuse anyway.
import type { EntityPermission, FieldRight, Me } from '../api/types';

export type EntityAction = keyof EntityPermission['actions'];

export function can(me: Me, entity: string, action: EntityAction): boolean {
  return me.permissions.entities[entity]?.actions[action] === true;
}

export function fieldRight(me: Me, entity: string, field: string): FieldRight {
  return me.permissions.entities[entity]?.fields[field] ?? 'hidden';
}
