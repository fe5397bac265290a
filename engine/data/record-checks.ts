// Checks engine modules attach to one entity's records, beyond what metadata can say (e.g. a role's permissions
// must name real entities and fields). They run inside the write, after the cross-field rules.
import { validationFailed, type ErrorDetail, type RequestContext } from '../core/index.ts';
import type { EntityDef } from '../metadata/index.ts';

export type RecordCheck = (ctx: RequestContext, record: Record<string, unknown>) => ErrorDetail[];

const checks = new Map<string, RecordCheck[]>();

export function registerRecordCheck(entity: string, check: RecordCheck): void {
  const list = checks.get(entity) ?? [];
  if (!list.includes(check)) list.push(check);
  checks.set(entity, list);
}

export function runRecordChecksOrThrow(ctx: RequestContext, entity: EntityDef, record: Record<string, unknown>, prefix = ''): void {
  const problems = (checks.get(entity.name) ?? []).flatMap((check) => check(ctx, record));
  if (problems.length) throw validationFailed(problems.map((p) => ({ ...p, path: `${prefix}${p.path ?? ''}` })));
}

export function hasRecordChecks(entity: string): boolean {
  return (checks.get(entity)?.length ?? 0) > 0;
}
