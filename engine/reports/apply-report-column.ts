// Writes a report's computed column back to the records it groups (ABC class → customer.grade): the report runs as
// the caller, the plan lists what would change (N customers from X to Y), and applying is one all-or-nothing bulk
// update through the record service, under the caller's update scope and field rights, audited like any edit.
import { badRequest, EngineError, validationFailed, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { bulkWrite, listRecords, MAX_BULK_OPERATIONS } from '../data/index.ts';
import { checkDefinitionShape } from './plan-report.ts';
import { checkValues, runReport } from './run-report.ts';

export interface ApplyPlan {
  dry_run: boolean;
  entity: string;
  field: string;
  /** Records whose value changes, with their display value. */
  changes: { id: string; name: unknown; from: unknown; to: unknown }[];
  /** The changes counted by old and new value: "3 customers from B to A". */
  summary: { from: unknown; to: unknown; count: number }[];
  unchanged: number;
  /** Groups of the report the caller may not read or update as records (or without a value): left alone. */
  skipped: number;
}

const PAGE = 500;

/** POST /api/reports/apply: `{definition, values?, column, field, dry_run?}`. */
export async function applyReportColumn(ctx: RequestContext, body: unknown): Promise<ApplyPlan> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request is not valid', [{ path: '/', message: 'a JSON object is required' }]);
  const { definition, values, column, field, dry_run: dryRun, ...rest } = body as Record<string, unknown>;
  const problems: ErrorDetail[] = Object.keys(rest).map((k) => ({ path: `/${k}`, message: 'unknown property', expected: 'definition, values, column, field, dry_run' }));
  if (typeof column !== 'string') problems.push({ path: '/column', message: 'must name a measure of the report', expected: 'string' });
  if (typeof field !== 'string') problems.push({ path: '/field', message: 'must name a field of the grouped records', expected: 'string' });
  if (dryRun !== undefined && typeof dryRun !== 'boolean') problems.push({ path: '/dry_run', message: 'must be true or false', expected: 'boolean' });
  if (!definition || typeof definition !== 'object' || Array.isArray(definition)) problems.push({ path: '/definition', message: 'must be a report definition' });
  if (problems.length) throw badRequest('The request is not valid', problems);
  // Rewriting a classification across many records is an administrator's decision: the admin-customisation function.
  ctx.access.assertFunction('metadata');

  const def = checkDefinitionShape(definition);
  const result = await runReport(ctx, def, checkValues(values, '/values'), '/values');
  const group = result.columns.find((c) => c.role === 'group');
  const measure = result.columns.find((c) => c.role === 'measure' && c.key === column);
  if (def.pivot || (def.group_by ?? []).length !== 1 || !group?.target) throw validationFailed([{ path: '/definition/group_by', message: 'the report must group by exactly one reference (the records to write to), without a pivot' }], 'The report cannot be applied');
  if (!measure) throw validationFailed([{ path: '/column', message: `"${String(column)}" is not a measure of the report` }], 'The report cannot be applied');
  if (result.truncated) throw validationFailed([{ path: '/definition/limit', message: 'the report has more groups than its limit: raise the limit or narrow the filter' }], 'The report cannot be applied');
  const entity = ctx.model.entities.get(group.target)!;
  const target = entity.fields.get(field as string);
  if (!target || target.readOnly || target.system) throw validationFailed([{ path: '/field', message: `"${String(field)}" is not a field of ${entity.labels.en} that can be written` }], 'The report cannot be applied');
  ctx.access.assertCan(entity, 'update');
  if (!ctx.access.canWriteField(entity, target.name)) throw new EngineError('FORBIDDEN', 'You may not write this field', [{ path: '/field', message: `no right to write "${target.name}"` }]);

  const wanted = new Map(result.rows.filter((r) => r[group.key] !== null && r[column as string] !== null && r[column as string] !== undefined).map((r) => [r[group.key] as string, r[column as string]]));
  const current = new Map<string, { name: unknown; value: unknown }>();
  const ids = [...wanted.keys()];
  for (let i = 0; i < ids.length; i += PAGE) {
    const page = ids.slice(i, i + PAGE);
    // Read under the caller's scope: what they may not read is skipped; the bulk update then checks the update scope.
    const filter = JSON.stringify({ in: [{ var: 'id' }, page] });
    const listed = await listRecords(ctx, entity.name, { filter, limit: String(PAGE), fields: `id,${entity.displayField},${target.name}` });
    for (const r of listed.data) current.set(r.id as string, { name: r[entity.displayField], value: r[target.name] ?? null });
  }
  const changes = [...wanted].filter(([id, to]) => current.has(id) && current.get(id)!.value !== to).map(([id, to]) => ({ id, name: current.get(id)!.name, from: current.get(id)!.value, to }));
  if (changes.length > MAX_BULK_OPERATIONS) throw validationFailed([{ path: '/definition', message: `${changes.length} records would change; at most ${MAX_BULK_OPERATIONS} at once` }], 'The report cannot be applied');
  const counts = new Map<string, { from: unknown; to: unknown; count: number }>();
  for (const c of changes) {
    const key = JSON.stringify([c.from, c.to]);
    counts.set(key, { from: c.from, to: c.to, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  const plan: ApplyPlan = {
    dry_run: dryRun !== false,
    entity: entity.name,
    field: target.name,
    changes,
    summary: [...counts.values()].sort((a, b) => b.count - a.count),
    unchanged: [...wanted].filter(([id, to]) => current.get(id)?.value === to).length,
    skipped: ids.length - current.size,
  };
  if (plan.dry_run || !changes.length) return plan;
  await bulkWrite(ctx, entity.name, { operations: changes.map((c) => ({ op: 'update', id: c.id, data: { [target.name]: c.to } })) });
  return plan;
}
