// Parses queryAudit's filters strictly and compiles them to SQL; an unknown or malformed filter is refused with 400
// naming the parameter.
import { badRequest, type ErrorDetail, type SqlFragment } from '../core/index.ts';
import { DEFAULT_TIME_ZONE, type Tenant } from '../db/index.ts';
import { AUDIT_ACTIONS, type AuditFilterInput } from './audit-types.ts';
import { ENTITY_NAME, UUID } from './normalise-entry.ts';

const FILTERS = ['actor_id', 'action', 'entity', 'record_id', 'from', 'to'] as const;
const ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);
// date, then optionally time, then (only after a time) a zone: Z, +08, +0800 or +08:00.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/i;

/**
 * `actor_id`, `entity`, `record_id`: one value each. `action`: one action, a comma-separated list, or an array.
 * `from` (inclusive) and `to` (exclusive): ISO-8601 timestamps, or a Date. Without a zone ('2024-05-01',
 * '2024-05-01T08:00') they are read in the tenant's time zone, like every business date.
 */
export function compileAuditFiltersOrThrow(raw: AuditFilterInput, tenant: Tenant): SqlFragment[] {
  const problems: ErrorDetail[] = [];
  const conditions: SqlFragment[] = [];
  const add = (sql: string, ...bindings: unknown[]) => conditions.push({ sql, bindings });
  const single = (name: string): string | undefined => {
    const v = raw[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') problems.push({ path: name, message: 'must be given once, as a non-empty string' });
    else return v;
    return undefined;
  };

  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badRequest('The audit filters are not valid', [{ path: 'filters', message: 'must be an object' }]);
  for (const key of Object.keys(raw)) {
    if (!(FILTERS as readonly string[]).includes(key)) problems.push({ path: key, message: 'unknown filter', expected: FILTERS.join(', ') });
  }
  const actorId = single('actor_id');
  if (actorId !== undefined) {
    if (!UUID.test(actorId)) problems.push({ path: 'actor_id', message: 'must be a uuid' });
    else add('actor_id = ?', actorId.toLowerCase());
  }
  const actions = actionList(raw.action, problems);
  if (actions) add(`action in (${actions.map(() => '?').join(', ')})`, ...actions);
  const entity = single('entity');
  if (entity !== undefined) {
    if (!ENTITY_NAME.test(entity)) problems.push({ path: 'entity', message: 'must be an entity name' });
    else add('entity = ?', entity);
  }
  const recordId = single('record_id');
  if (recordId !== undefined) {
    if (!UUID.test(recordId)) problems.push({ path: 'record_id', message: 'must be a uuid' });
    else add('record_id = ?', recordId.toLowerCase());
  }
  const zone = tenant.timeZone ?? DEFAULT_TIME_ZONE;
  for (const [name, op] of [['from', '>='], ['to', '<']] as const) {
    const bound = timeBound(raw[name], name, zone, problems);
    if (bound) add(`logged_at ${op} ${bound.sql}`, ...bound.bindings);
  }
  if (problems.length) throw badRequest('The audit filters are not valid', problems);
  return conditions;
}

function actionList(value: unknown, problems: ErrorDetail[]): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!list || list.length === 0 || list.some((a) => typeof a !== 'string')) {
    problems.push({ path: 'action', message: 'must be an action, a comma-separated list of actions, or an array of them' });
    return undefined;
  }
  const unknown = (list as string[]).filter((a) => !ACTIONS.has(a));
  if (unknown.length) {
    problems.push({ path: 'action', message: `unknown action ${unknown.map((a) => JSON.stringify(a)).join(', ')}`, expected: AUDIT_ACTIONS.join(', ') });
    return undefined;
  }
  return [...new Set(list as string[])];
}

function timeBound(value: unknown, name: string, zone: string, problems: ErrorDetail[]): SqlFragment | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return { sql: '?::timestamptz', bindings: [value.toISOString()] };
  } else if (typeof value === 'string') {
    const m = TIMESTAMP.exec(value);
    const n = (i: number) => Number(m?.[i] ?? 0);
    if (m && realDate(n(1), n(2), n(3)) && n(4) < 24 && n(5) < 60 && n(6) < 60 && n(8) < 16 && n(9) < 60) {
      // Without a zone the text is a wall-clock time in the tenant's zone; with one, Postgres reads it as given.
      return m[7] ? { sql: '?::timestamptz', bindings: [value] } : { sql: '(?::timestamp at time zone ?)', bindings: [value, zone] };
    }
  }
  problems.push({ path: name, message: 'must be an ISO-8601 date or timestamp', expected: '2024-05-01, 2024-05-01T08:30:00+08:00 or 2024-05-01T00:30:00Z' });
  return undefined;
}

// The regexp accepts 2024-02-30; the database would refuse it with a less helpful error.
function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
