// Checks a report definition against its schema (400) and the model (422), and the viewer's rights (403, naming
// every path they may not read), then plans it: resolved fields, joins, the compiled filter, order and limit.
import { badRequest, EngineError, validationFailed, type ErrorDetail, type RequestContext, type SqlFragment } from '../core/index.ts';
import { validateDocument, type EntityDef, type ValueKind } from '../metadata/index.ts';
import { checkRule, compileRuleToSql, DEFAULT_TIME_ZONE, todayIn, type RuleField } from '../rules/index.ts';
import { parameterValues } from './parameter-values.ts';
import { compiledEntity } from '../data/index.ts';
import type { PlannedGroup, PlannedMeasure, ReportPlan } from './compile-report.ts';
import { FieldResolver } from './resolve-field.ts';
import { DERIVED_OPS, planDerived } from './derived-measures.ts';
import { rangeProblems, type RangeSpec } from './range-groups.ts';
import { planRelated } from './related-measure.ts';
import type { ReportDefinition } from './report-types.ts';

/** Rows a report returns unless its definition asks for fewer (the schema allows at most 1,000). */
export const DEFAULT_REPORT_LIMIT = 200;
const SUMMABLE = new Set<ValueKind>(['number']);
const ORDERED = new Set<ValueKind>(['number', 'date', 'datetime']);

/** The definition's shape, or 400 with each problem's JSON pointer. */
export function checkDefinitionShape(body: unknown): ReportDefinition {
  const problems = validateDocument('report-definition', '', body);
  if (problems.length) throw badRequest('The report definition is not valid', problems.map(({ pointer, message, expected }) => ({ path: pointer || '/', message, ...(expected ? { expected } : {}) })));
  return body as ReportDefinition;
}

/** `valuesPath` is where the request carries the parameter values, for the problems' paths. */
export function planReport(ctx: RequestContext, def: ReportDefinition, values: Record<string, unknown>, now: Date, valuesPath: string): ReportPlan {
  const entity = ctx.model.entities.get(def.entity);
  if (!entity) throw validationFailed([{ path: '/entity', message: `no entity named "${def.entity}"` }], 'The report definition is not valid');
  ctx.access.assertCan(entity, 'read');
  const resolver = new FieldResolver(ctx, entity);
  const problems: ErrorDetail[] = [];
  const keys = new Set<string>();
  const claim = (key: string, pointer: string) => {
    if (keys.has(key)) problems.push({ path: pointer, message: `"${key}" names two columns` });
    keys.add(key);
  };

  const groups: PlannedGroup[] = [];
  (def.group_by ?? []).forEach((g, i) => {
    const group = planGroup(resolver, g.field, g.bucket, `/group_by/${i}`, problems, g);
    if (!group) return;
    group.key = g.as ?? g.field;
    claim(group.key, `/group_by/${i}/${g.as ? 'as' : 'field'}`);
    groups.push(group);
  });
  const pivot = def.pivot ? planGroup(resolver, def.pivot.field, def.pivot.bucket, '/pivot', problems, def.pivot) : undefined;
  const today = todayIn(now, ctx.tenant.timeZone ?? DEFAULT_TIME_ZONE);
  const variables = parameterValues(def, values, valuesPath, problems, today);

  const measures: PlannedMeasure[] = [];
  def.measures.forEach((m, i) => {
    claim(m.as, `/measures/${i}/as`);
    if (DERIVED_OPS.has(m.op)) {
      const derived = planDerived(m, i, measures, problems);
      if (derived) measures.push(derived);
      return;
    }
    const where = m.where === undefined ? undefined : planFilter(ctx, entity, resolver, m.where, variables, now, problems, `/measures/${i}/where`);
    if (m.related) {
      const related = planRelated({ ctx, base: entity, variables, now, varsOf: varsWithPointers }, m, i, problems, resolver.forbidden);
      if (related) measures.push({ key: m.as, op: m.op, related, where });
      return;
    }
    if (!m.field) {
      if (m.op !== 'count') problems.push({ path: `/measures/${i}/field`, message: `"${m.op}" needs a field` });
      else measures.push({ key: m.as, op: m.op, where });
      return;
    }
    const field = resolver.resolve(m.field, `/measures/${i}/field`);
    if (!field) return;
    if ((m.op === 'sum' || m.op === 'avg') && !SUMMABLE.has(field.kind)) problems.push({ path: `/measures/${i}/op`, message: `cannot ${m.op} "${m.field}", a ${field.field.type} field`, expected: 'a number, money or decimal field' });
    else if ((m.op === 'min' || m.op === 'max') && !ORDERED.has(field.kind)) problems.push({ path: `/measures/${i}/op`, message: `cannot take the ${m.op} of "${m.field}", a ${field.field.type} field`, expected: 'a number or date field' });
    else measures.push({ key: m.as, op: m.op, field, where });
  });

  const sort = (def.sort ?? []).map((s, i) => {
    const isMeasure = def.measures.some((m) => m.as === s.key);
    if (!keys.has(s.key)) problems.push({ path: `/sort/${i}/key`, message: `"${s.key}" is neither a group nor a measure of this report` });
    else if (isMeasure && def.pivot) problems.push({ path: `/sort/${i}/key`, message: 'a pivoted report is ordered by its groups' });
    else if (isMeasure && measures.find((m) => m.key === s.key)?.derived) problems.push({ path: `/sort/${i}/key`, message: `"${s.key}" is derived from the rows' order; order by a group or an aggregate` });
    if (s.order === 'options') {
      const group = groups.find((g) => g.key === s.key);
      if (!group?.field.field.options || group.ranges) problems.push({ path: `/sort/${i}/order`, message: `"${s.key}" is not a group on an option field` });
      else group.optionOrder = group.field.field.options.map((o) => o.code);
    }
    return { key: s.key, desc: s.desc === true };
  });

  const filter = def.filter === undefined ? undefined : planFilter(ctx, entity, resolver, def.filter, variables, now, problems);

  if (resolver.forbidden.length) throw new EngineError('FORBIDDEN', 'The report reads fields you may not read', resolver.forbidden);
  if (problems.length || resolver.problems.length) throw validationFailed([...resolver.problems, ...problems], 'The report definition is not valid');
  return { entity, groups, measures, pivot, sort, limit: def.limit ?? DEFAULT_REPORT_LIMIT, filter, joins: resolver.joinSql(), today };
}

function planGroup(resolver: FieldResolver, path: string, bucket: PlannedGroup['bucket'], pointer: string, problems: ErrorDetail[], spec: RangeSpec): PlannedGroup | undefined {
  const field = resolver.resolve(path, `${pointer}/field`);
  if (!field) return undefined;
  const isDate = field.kind === 'date' || field.kind === 'datetime';
  if (spec.days || spec.ranges) {
    const found = rangeProblems(field, { ...spec, bucket }, pointer);
    problems.push(...found);
    return found.length ? undefined : { key: path, field, days: spec.days, ranges: spec.ranges };
  }
  if (bucket && !isDate) {
    problems.push({ path: `${pointer}/bucket`, message: `"${path}" is a ${field.field.type} field; only dates and times fall into buckets` });
    return undefined;
  }
  if (!bucket && field.kind === 'datetime') {
    problems.push({ path: `${pointer}/bucket`, message: `"${path}" is a date and time: group it by day, week, month, quarter or year` });
    return undefined;
  }
  const group: PlannedGroup = { key: path, field, bucket };
  if (field.field.type === 'ref') {
    const display = resolver.tryResolve(`${path}.${resolver.entityNamed(field.field.target!).displayField}`);
    if (display) group.name = display;
  }
  return group;
}

/**
 * The list's filter language over the entity's readable fields and the referenced paths the filter names. A field
 * the viewer may not read is refused (403) rather than unknown, as everywhere in a report.
 */
function planFilter(
  ctx: RequestContext,
  entity: EntityDef,
  resolver: FieldResolver,
  rule: unknown,
  variables: Map<string, { kind: ValueKind; value: unknown }>,
  now: Date,
  problems: ErrorDetail[],
  at = '/filter',
): SqlFragment | undefined {
  const fields = new Map<string, RuleField>([...compiledEntity(ctx.model, entity.name).ruleScope('r').fields].filter(([name]) => ctx.access.canReadField(entity, name)));
  for (const { name, pointer } of varsWithPointers(rule, '')) {
    if (name.startsWith('$') || fields.has(name)) continue;
    if (!name.includes('.') && !entity.fields.has(name)) continue; // checkRule names it unknown, with the known ones
    const field = resolver.resolve(name, `${at}${pointer}`);
    if (field) fields.set(name, { kind: field.kind, column: field.column });
  }
  if (resolver.forbidden.length || resolver.problems.length) return undefined;
  const scope = { fields, variables: new Map([...variables].map(([k, v]) => [k, v.kind])) };
  const found = checkRule(rule, scope, { purpose: 'filter' });
  if (found.length) {
    problems.push(...found.map((p) => ({ path: `${at}${p.pointer}`, message: p.message, ...(p.expected ? { expected: p.expected } : {}) })));
    return undefined;
  }
  if (problems.length) return undefined;
  return compileRuleToSql(rule, scope, { now, timeZone: ctx.tenant.timeZone, variables: Object.fromEntries([...variables].map(([k, v]) => [k, v.value])) });
}

export function varsWithPointers(node: unknown, pointer: string): { name: string; pointer: string }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => varsWithPointers(n, `${pointer}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([op, arg]) => {
    const at = `${pointer}/${op.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (op !== 'var') return varsWithPointers(arg, at);
    const name = Array.isArray(arg) ? arg[0] : arg;
    return typeof name === 'string' ? [{ name, pointer: Array.isArray(arg) ? `${at}/0` : at }] : [];
  });
}
