// Checks one AuditEntryInput and turns it into the exact column values that are hashed and stored.
import { badRequest, type ErrorDetail } from '../core/index.ts';
import { AUDIT_ACTIONS, type AuditContext, type AuditEntryInput } from './audit-types.ts';
import { redactSecrets } from './redact-secrets.ts';

/** An entry ready to be chained: everything but seq, logged_at and the hashes. */
export interface PendingAuditRow {
  actor_id: string;
  actor_name: string;
  actor_kind: 'user' | 'system';
  action: string;
  entity: string | null;
  record_id: string | null;
  changes: Record<string, unknown> | null;
  context: AuditContext;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ENTITY_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

// Context comes partly from the client (user agent) or the user (reason): overlong text is cut, never refused,
// because failing a login or a save over a long header would be worse than a shortened log line.
const CONTEXT_LIMITS: Readonly<Record<keyof AuditContext, number>> = { ip: 100, user_agent: 512, request_id: 200, reason: 2000 };
const MAX_ACTOR_NAME = 200;

export function normaliseEntryOrThrow(input: AuditEntryInput, path: string): PendingAuditRow {
  const problems: ErrorDetail[] = [];
  const bad = (at: string, message: string, expected?: string) => problems.push({ path: `${path}/${at}`, message, ...(expected ? { expected } : {}) });
  const actor = (input as Partial<AuditEntryInput>).actor;
  if (typeof actor !== 'object' || actor === null) bad('actor', 'is required');
  else {
    if (typeof actor.id !== 'string' || !UUID.test(actor.id)) bad('actor/id', 'must be a uuid');
    if (typeof actor.name !== 'string' || actor.name === '') bad('actor/name', 'must be a non-empty string');
    if (actor.kind !== 'user' && actor.kind !== 'system') bad('actor/kind', 'must be "user" or "system"');
  }
  if (!ACTIONS.has(input.action)) bad('action', 'is not a known audit action', AUDIT_ACTIONS.join(', '));
  const entity = input.entity ?? null;
  if (entity !== null && (typeof entity !== 'string' || !ENTITY_NAME.test(entity))) bad('entity', 'must be an entity name');
  const recordId = input.recordId ?? null;
  if (recordId !== null && (typeof recordId !== 'string' || !UUID.test(recordId))) bad('recordId', 'must be a uuid');
  if (recordId !== null && entity === null) bad('entity', 'is required when recordId is given');
  const changes = input.changes ?? null;
  if (changes !== null && (typeof changes !== 'object' || Array.isArray(changes))) bad('changes', 'must be an object');
  const context = checkContext(input.context, (at, message) => bad(`context${at}`, message));
  if (problems.length) throw badRequest('The audit entry is not valid', problems);
  return {
    // uuid columns read back in lower case; hashing the same spelling keeps the chain verifiable.
    actor_id: actor!.id.toLowerCase(),
    actor_name: clip(actor!.name, MAX_ACTOR_NAME),
    actor_kind: actor!.kind,
    action: input.action,
    entity,
    record_id: recordId === null ? null : recordId.toLowerCase(),
    changes: changes === null ? null : (redactSecrets(changes) as Record<string, unknown>),
    context,
  };
}

function checkContext(context: unknown, bad: (at: string, message: string) => void): AuditContext {
  if (context === undefined || context === null) return {};
  if (typeof context !== 'object' || Array.isArray(context)) {
    bad('', 'must be an object');
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(context)) {
    const limit = CONTEXT_LIMITS[key as keyof AuditContext];
    if (limit === undefined || !Object.hasOwn(CONTEXT_LIMITS, key)) bad(`/${key}`, `unknown context key; expected ${Object.keys(CONTEXT_LIMITS).join(', ')}`);
    else if (value === undefined || value === null) continue;
    else if (typeof value !== 'string') bad(`/${key}`, 'must be a string');
    else out[key] = clip(value, limit);
  }
  return out as AuditContext;
}

// Cut first, clean second: a cut can split a surrogate pair, and cleaning repairs what the database would refuse.
function clip(text: string, max: number): string {
  return redactSecrets(text.slice(0, max)) as string;
}
