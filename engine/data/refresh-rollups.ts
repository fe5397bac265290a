// Rollups are aggregated by the database once the records they count are written: a quote's lines total after its
// lines, a receivable's amount received after a receipt allocates to it, a customer's open balance after any of its
// receivables changes. Formulas that use them are computed again and the record's rules checked on the final values.
import type { RequestContext } from '../core/index.ts';
import { qualified, queryRows, quoteIdent } from '../db/index.ts';
import { dependentRollups, rollupSource, type EntityDef, type FieldDef } from '../metadata/index.ts';
import { compileRuleToSql } from '../rules/index.ts';
import { compiledEntity } from './compiled-model.ts';
import { computeFormulas, checkRulesOrThrow } from './derive-values.ts';

type Row = Record<string, unknown>;

export interface RefreshOptions {
  now: Date;
  /** JSON pointer prefix for errors, e.g. "/lines/2". */
  path?: string;
  /** The write is a line of this parent (entity and the line's ref to it): the parent refreshes itself afterwards. */
  lineOf?: { entity: string; foreignKey: string };
}

/**
 * A new record's rollups before it is written: nothing can point at a record that does not exist yet, so each is
 * empty (0 for count and sum, null otherwise), except those over lines written with it (`pending`: refreshRollups
 * must aggregate them once the lines are in). That is an `of` rollup over a lines field in the input, and also a
 * `from` rollup over the same records (the line entity through the lines' ref back): the lines skip refreshing their
 * parent since it refreshes itself. Records that point at it later refresh it themselves (refreshDependentRollups),
 * so a create without such lines need not read its rollups back.
 */
export function newRecordRollups(entity: EntityDef, input: Readonly<Row>): { empty: Row; pending: boolean } {
  const empty: Row = {};
  let pending = false;
  const written = [...entity.fields.values()].filter((c) => c.type === 'children' && c.name in input && input[c.name] !== null);
  for (const f of entity.fields.values()) {
    if (f.type !== 'rollup') continue;
    const source = rollupSource(entity, f);
    if (written.some((c) => c.target === source.entity && c.foreignKey === source.foreignKey)) pending = true;
    else empty[f.name] = f.aggregate === 'sum' || f.aggregate === 'count' ? 0 : null;
  }
  return { empty, pending };
}

/** Aggregates the record's rollups, recomputes its formulas, checks its rules and stores them; returns the values. */
export async function refreshRollups(ctx: RequestContext, entity: EntityDef, id: string, opts: RefreshOptions): Promise<Row> {
  const rollups = [...entity.fields.values()].filter((f) => f.type === 'rollup');
  if (!rollups.length) return {};
  const bindings: unknown[] = [];
  const columns = rollups.map((f) => `${rollupValueSql(ctx, entity, f, 'r', opts.now, bindings)} as ${quoteIdent(`__rollup_${f.name}`)}`);
  const [current] = await queryRows<Row>(ctx.knex, `select r.*, ${columns.join(', ')} from ${qualified(ctx.tenant, entity.name)} r where r.id = ?`, [...bindings, id]);
  if (!current) return {};
  const values: Row = Object.fromEntries(rollups.map((f) => [f.name, current[`__rollup_${f.name}`] === null ? null : Number(current[`__rollup_${f.name}`])]));
  Object.assign(values, computeFormulas(ctx.model, entity, { ...current, ...values }, opts.now));
  checkRulesOrThrow(ctx, entity, { ...current, ...values }, opts.now, opts.path);
  const names = Object.keys(values);
  await queryRows(ctx.knex, `update ${qualified(ctx.tenant, entity.name)} set ${names.map((n) => `${quoteIdent(n)} = ?`).join(', ')} where id = ?`, [...names.map((n) => values[n]), id]);
  return values;
}

/**
 * The aggregate of one rollup for the record aliased `parent`, as a scalar subquery (bindings appended): a write's
 * refresh reads it for one record, the schema apply sets a new rollup column with it for every row.
 */
export function rollupValueSql(ctx: Pick<RequestContext, 'model' | 'tenant'>, entity: EntityDef, f: FieldDef, parent: string, now: Date, bindings: unknown[]): string {
  const source = rollupSource(entity, f);
  const aggregate = f.aggregate === 'count' ? 'count(*)' : `${f.aggregate}(c.${quoteIdent(f.field!)})`;
  const value = f.aggregate === 'sum' || f.aggregate === 'count' ? `coalesce(${aggregate}, 0)` : aggregate;
  let where = `c.${quoteIdent(source.foreignKey)} = ${parent}.id`;
  if (f.where !== undefined) {
    const condition = compileRuleToSql(f.where, compiledEntity(ctx.model, source.entity).ruleScope('c'), { now, timeZone: ctx.tenant.timeZone });
    where += ` and (${condition.sql})`;
    bindings.push(...condition.bindings);
  }
  return `(select ${value} from ${qualified(ctx.tenant, source.entity)} c where ${where})`;
}

/**
 * After records of `entity` were written (`rows`: their values before and after, so a record moved from one parent
 * to another updates both), the rollups of the records they point at follow, and so on up (a receipt's allocation →
 * the receivable → the payment-plan node → the project). Each changed record reports itself through onChange, so the
 * audit log shows the new totals. Parents are locked in id order, so two writes touching the same ones queue.
 */
export async function refreshDependentRollups(ctx: RequestContext, entity: EntityDef, rows: readonly Row[], opts: RefreshOptions, depth = 0): Promise<void> {
  for (const dep of dependentRollups(ctx.model, entity.name)) {
    if (opts.lineOf && dep.entity === opts.lineOf.entity && dep.foreignKey === opts.lineOf.foreignKey) continue;
    const parent = ctx.model.entities.get(dep.entity)!;
    const ids = [...new Set(rows.map((r) => r[dep.foreignKey]).filter((v) => v !== null && v !== undefined && v !== '').map(String))].sort();
    for (const id of ids) {
      const [before] = await queryRows<Row>(ctx.knex, `select * from ${qualified(ctx.tenant, parent.name)} where id = ? for update`, [id]);
      if (!before) continue;
      const values = await refreshRollups(ctx, parent, id, { now: opts.now, path: `${opts.path ?? ''}/${dep.foreignKey}` });
      if (Object.keys(values).every((k) => String(values[k] ?? '') === String(before[k] ?? ''))) continue;
      const after = { ...before, ...values };
      await ctx.onChange?.(ctx, { entity: parent.name, id, action: 'update', before, after });
      // A cycle in the metadata (a rollup over its own entity) must not spin forever.
      if (depth < 5) await refreshDependentRollups(ctx, parent, [after], { now: opts.now, path: opts.path }, depth + 1);
    }
  }
}
