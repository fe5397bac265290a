// Who is acting, for which tenant, on which Model: passed explicitly to every engine operation.
import type { Knex } from 'knex';
import type { AuditEntryInput } from '../audit/audit-types.ts';
import type { Tenant } from '../db/sql-names.ts';
import type { EntityDef, Model } from '../metadata/model-types.ts';

export type Locale = 'zh-CN' | 'en';

export interface Actor {
  id: string;
  kind: 'system' | 'user';
  name: string;
  department?: string | null;
}

/** Trusted engine code (seeding, migrations, timers) acts as this actor, so the audit log always says who did it. */
export const SYSTEM_ACTOR: Readonly<Actor> = Object.freeze({
  id: '00000000-0000-0000-0000-000000000000',
  kind: 'system',
  name: 'system',
  department: null,
});

export type RecordAction = 'read' | 'create' | 'update' | 'delete' | 'export' | 'import' | 'approve' | 'assign';

/** A piece of SQL with knex `?` placeholders. */
export interface SqlFragment {
  sql: string;
  bindings: unknown[];
}

/**
 * The one permission scope every read and write path consults. The engine-foundation build ships the system actor's
 * policy (everything allowed); the access module supplies per-user policies compiled from role metadata.
 */
export interface AccessPolicy {
  /** Throws FORBIDDEN when the actor may not perform the action on the entity at all. */
  assertCan(entity: EntityDef, action: RecordAction): void;
  /** SQL predicate over `alias` limiting the rows the action may touch; undefined means every row. */
  rowScope(entity: EntityDef, action: RecordAction, alias: string): SqlFragment | undefined;
  canReadField(entity: EntityDef, field: string): boolean;
  canWriteField(entity: EntityDef, field: string): boolean;
  /** Throws FORBIDDEN unless the actor holds the system function (audit, handover, users). */
  assertFunction(fn: 'audit' | 'handover' | 'users' | 'plugins' | 'metadata' | 'backup'): void;
  /** Interface level: whether a role shows the menu entry (by its id or an ancestor's, "crm" covers "crm.customer"). */
  canSeeMenu(id: string): boolean;
}

/** One record written inside a transaction, as the audit log and the access cache need to hear of it. */
export interface RecordChange {
  entity: string;
  id: string;
  action: 'create' | 'update' | 'delete';
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** What the audit log calls it when more specific than the action (an assignment, a handover). */
  auditAction?: 'assign' | 'handover';
  /** Why, when the actor gave a reason. */
  reason?: string;
}

/**
 * The audit side of onChange, for a write that can put its entries into its own statement (a create that is one
 * INSERT, no transaction): only for changes whose one effect is the audit log.
 */
export interface ChangeAudit {
  /** False when a change of this kind does more than append audit entries (e.g. invalidates cached permissions). */
  auditOnly(entity: string, action: RecordChange['action']): boolean;
  /** The entries onChange would append for the change. */
  entriesOf(tx: RequestContext, change: RecordChange): AuditEntryInput[];
}

export interface RequestContext {
  actor: Actor;
  access: AccessPolicy;
  tenant: Tenant;
  model: Model;
  knex: Knex;
  locale: Locale;
  requestId: string;
  /** Called inside the write's transaction for every record written (with ctx.knex being that transaction). */
  onChange?: (tx: RequestContext, change: RecordChange) => Promise<void>;
  /** Given with onChange when it is the engine's record-change handler. */
  changeAudit?: ChangeAudit;
  /** Client facts for the audit log. */
  client?: { ip?: string; userAgent?: string };
}

/** True for the engine's own trusted writes (seeding, workflow effects, handovers), never for a user's policy. */
export function isSystemPolicy(access: AccessPolicy): boolean {
  return access === ALLOW_ALL;
}

export const ALLOW_ALL: AccessPolicy = Object.freeze({
  assertCan: () => undefined,
  rowScope: () => undefined,
  canReadField: () => true,
  canWriteField: () => true,
  assertFunction: () => undefined,
  canSeeMenu: () => true,
});
