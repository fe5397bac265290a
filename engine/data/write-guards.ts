// Engine modules that govern how a record may change (a workflow owns the state field and locks records in some
// states) hook into every create and update here, before anything is computed or written.
import type { RequestContext } from '../core/index.ts';
import type { EntityDef } from '../metadata/index.ts';

export interface WriteGuard {
  /** May add values (e.g. the initial state) or throw; returns the input to write. */
  beforeCreate?(ctx: RequestContext, entity: EntityDef, input: Record<string, unknown>): Record<string, unknown>;
  /** Throws when the change is not allowed; `before` is the row as stored. */
  beforeUpdate?(ctx: RequestContext, entity: EntityDef, before: Record<string, unknown>, input: Record<string, unknown>): void;
  /** Runs in the creating transaction once the record exists (e.g. starts its workflow's timers). */
  afterCreate?(ctx: RequestContext, entity: EntityDef, id: string): Promise<void>;
  /** Runs in the updating transaction once the change (lines included) is written. */
  afterUpdate?(ctx: RequestContext, entity: EntityDef, id: string): Promise<void>;
  /** Whether afterCreate has anything to do for the entity (absent: it may); a create it has none for needs no transaction. */
  actsAfterCreate?(ctx: RequestContext, entity: EntityDef): boolean;
}

const guards: WriteGuard[] = [];

export function registerWriteGuard(guard: WriteGuard): void {
  if (!guards.includes(guard)) guards.push(guard);
}

export function guardCreate(ctx: RequestContext, entity: EntityDef, input: Record<string, unknown>): Record<string, unknown> {
  return guards.reduce((values, g) => g.beforeCreate?.(ctx, entity, values) ?? values, input);
}

export function guardUpdate(ctx: RequestContext, entity: EntityDef, before: Record<string, unknown>, input: Record<string, unknown>): void {
  for (const g of guards) g.beforeUpdate?.(ctx, entity, before, input);
}

/** True when some guard's afterCreate may write for a new record of the entity. */
export function actsAfterCreate(ctx: RequestContext, entity: EntityDef): boolean {
  return guards.some((g) => g.afterCreate && (g.actsAfterCreate?.(ctx, entity) ?? true));
}

export async function afterCreate(ctx: RequestContext, entity: EntityDef, id: string): Promise<void> {
  for (const g of guards) await g.afterCreate?.(ctx, entity, id);
}

export async function afterUpdate(ctx: RequestContext, entity: EntityDef, id: string): Promise<void> {
  for (const g of guards) await g.afterUpdate?.(ctx, entity, id);
}
