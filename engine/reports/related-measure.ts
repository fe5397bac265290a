// A related measure: per record of the report's entity, the sum or count of another entity's records matching it
// (a KPI target's actual: contracts of its person signed within its period). A correlated subquery in the report's
// one statement, under the viewer's row scope of the related entity and its field rights: what the viewer may not
// read is neither counted nor summed, and a field they may not read is refused with its path.
import { EngineError, type ErrorDetail, type RequestContext, type SqlFragment } from '../core/index.ts';
import { qualified, quoteIdent } from '../db/index.ts';
import { valueKindOf, type EntityDef, type ValueKind } from '../metadata/index.ts';
import { checkRule, compileRuleToSql, type RuleField } from '../rules/index.ts';
import { compiledEntity } from '../data/index.ts';
import type { MeasureDef } from './report-types.ts';

const ALIAS = 'x';

export interface RelatedContext {
  ctx: RequestContext;
  base: EntityDef;
  variables: Map<string, { kind: ValueKind; value: unknown }>;
  now: Date;
  /** Paths of `var`s inside a rule, for the filter's 403 paths. */
  varsOf: (rule: unknown, pointer: string) => { name: string; pointer: string }[];
}

/** The subquery for measure `i`, or undefined after recording its problems (422) and refusals (403). */
export function planRelated(rc: RelatedContext, m: MeasureDef, i: number, problems: ErrorDetail[], forbidden: ErrorDetail[]): SqlFragment | undefined {
  const { ctx, base } = rc;
  const at = `/measures/${i}`;
  const rel = m.related!;
  if (m.op !== 'sum' && m.op !== 'count') problems.push({ path: `${at}/op`, message: `a related measure is a sum or a count, not "${m.op}"` });
  if (m.field !== undefined) problems.push({ path: `${at}/field`, message: 'a related measure names its field inside "related"' });
  const target = ctx.model.entities.get(rel.entity);
  if (!target) {
    problems.push({ path: `${at}/related/entity`, message: `no entity named "${rel.entity}"` });
    return undefined;
  }
  if (!canRead(ctx, target)) {
    forbidden.push({ path: `${at}/related/entity`, message: `no right to read ${target.labels.en} records` });
    return undefined;
  }
  const before = problems.length + forbidden.length;
  const fieldOf = (entity: EntityDef, name: string, pointer: string, kinds?: ValueKind[]): { column: string; kind: ValueKind } | undefined => {
    const f = entity.fields.get(name);
    const kind = f?.stored ? valueKindOf(f) : undefined;
    if (!f || !kind) problems.push({ path: pointer, message: `"${name}" is not a stored field of ${entity.labels.en}` });
    else if (!ctx.access.canReadField(entity, name)) forbidden.push({ path: pointer, message: `no right to read "${entity === base ? name : `${entity.name}.${name}`}"` });
    else if (kinds && !kinds.includes(kind)) problems.push({ path: pointer, message: `"${name}" is a ${f.type} field`, expected: kinds.join(' | ') });
    else return { column: `${quoteIdent(entity === base ? 'r' : ALIAS)}.${quoteIdent(name)}`, kind };
    return undefined;
  };

  const where: SqlFragment[] = [];
  const scope = ctx.access.rowScope(target, 'read', ALIAS);
  if (scope) where.push(scope);
  for (const [theirs, ours] of Object.entries(rel.match)) {
    const a = fieldOf(target, theirs, `${at}/related/match/${theirs}`);
    const b = fieldOf(base, ours, `${at}/related/match/${theirs}`);
    if (a && b && a.kind !== b.kind) problems.push({ path: `${at}/related/match/${theirs}`, message: `"${theirs}" (${a.kind}) cannot equal "${ours}" (${b.kind})` });
    else if (a && b) where.push({ sql: `${a.column} = ${b.column}`, bindings: [] });
  }
  if (rel.within) {
    const d = fieldOf(target, rel.within.field, `${at}/related/within/field`, ['date']);
    const from = fieldOf(base, rel.within.from, `${at}/related/within/from`, ['date']);
    const to = fieldOf(base, rel.within.to, `${at}/related/within/to`, ['date']);
    if (d && from && to) where.push({ sql: `${d.column} between ${from.column} and ${to.column}`, bindings: [] });
  }
  let value = '1';
  if (m.op === 'sum') {
    if (!rel.field) problems.push({ path: `${at}/related/field`, message: 'a related sum needs a field' });
    else {
      const f = fieldOf(target, rel.field, `${at}/related/field`, ['number']);
      if (f) value = `${f.column}::numeric`;
    }
  }
  if (rel.filter !== undefined) {
    const filter = relatedFilter(rc, target, rel.filter, `${at}/related/filter`, problems, forbidden);
    if (filter) where.push(filter);
  }
  if (problems.length + forbidden.length > before) return undefined;
  const aggregate = m.op === 'count' ? 'count(*)' : `sum(${value})`;
  return {
    sql: `(select ${aggregate} from ${qualified(ctx.tenant, target.name)} ${ALIAS}${where.length ? ` where ${where.map((w) => `(${w.sql})`).join(' and ')}` : ''})`,
    bindings: where.flatMap((w) => w.bindings),
  };
}

function relatedFilter(rc: RelatedContext, target: EntityDef, rule: unknown, pointer: string, problems: ErrorDetail[], forbidden: ErrorDetail[]): SqlFragment | undefined {
  const { ctx } = rc;
  for (const { name, pointer: p } of rc.varsOf(rule, pointer)) {
    if (target.fields.has(name) && !ctx.access.canReadField(target, name)) forbidden.push({ path: p, message: `no right to read "${target.name}.${name}"` });
  }
  const fields = new Map<string, RuleField>([...compiledEntity(ctx.model, target.name).ruleScope(ALIAS).fields].filter(([name]) => ctx.access.canReadField(target, name)));
  const scope = { fields, variables: new Map([...rc.variables].map(([k, v]) => [k, v.kind])) };
  const found = checkRule(rule, scope, { purpose: 'filter' });
  problems.push(...found.map((p) => ({ path: `${pointer}${p.pointer}`, message: p.message, ...(p.expected ? { expected: p.expected } : {}) })));
  if (found.length || forbidden.length) return undefined;
  return compileRuleToSql(rule, scope, { now: rc.now, timeZone: ctx.tenant.timeZone, variables: Object.fromEntries([...rc.variables].map(([k, v]) => [k, v.value])) });
}

function canRead(ctx: RequestContext, target: EntityDef): boolean {
  try {
    ctx.access.assertCan(target, 'read');
    return true;
  } catch (e) {
    if (e instanceof EngineError && e.code === 'FORBIDDEN') return false;
    throw e;
  }
}
