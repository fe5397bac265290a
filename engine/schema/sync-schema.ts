// Schema sync: snapshot → diff → validate (count rows a step would hurt) → apply, in one transaction.
import type { Knex } from 'knex';
import { EngineError } from '../core/index.ts';
import { mapPgError, qualified, type Tenant } from '../db/index.ts';
import type { Model } from '../metadata/index.ts';
import { desiredSchema } from './desired-schema.ts';
import { diffSchema } from './diff-schema.ts';
import { removedOptionSteps } from './removed-options.ts';
import { runEngineMigrations } from './run-engine-migrations.ts';
import type { PlanStep, SchemaPlan } from './schema-types.ts';
import { snapshotSchema } from './snapshot-schema.ts';

export interface ApplyOptions {
  /** How long a DDL statement may wait for a table lock before the whole apply gives up (ms). */
  lockTimeoutMs?: number;
  /** The Model being replaced, when the caller knows it: lets the plan see options taken away from choice fields. */
  previous?: Model;
  /** Checked steps the caller knows of that no table diff shows (a narrowed attachment limit): refused like the others. */
  extraSteps?: PlanStep[];
}

/**
 * Computes new or changed formula fields for the rows a table holds, inside the apply's transaction (the record service
 * evaluates formulas, a floor above this one, so whoever applies a Model hands it in).
 */
export type FormulaFiller = (trx: Knex.Transaction, model: Model, entity: string, fields: string[]) => Promise<void>;

/** Computes the plan without changing anything. `knex` may be a transaction. */
export async function planSchema(knex: Knex, tenant: Tenant, model: Model, previous?: Model, extraSteps: PlanStep[] = []): Promise<SchemaPlan> {
  const live = await snapshotSchema(knex, tenant);
  const steps = [...diffSchema(desiredSchema(model), live, tenant), ...(previous ? removedOptionSteps(previous, model, tenant) : []), ...extraSteps];
  for (const step of steps) {
    if (step.count) step.rowCount = Number((await knex.raw<{ rows: { n: number | string }[] }>(literalSql(step.count))).rows[0]?.n ?? 0);
    if (!step.check) continue;
    const r = await knex.raw<{ rows: { n: number | string }[] }>(literalSql(step.check.sql));
    const n = Number(r.rows[0]?.n ?? 0);
    if (n > 0) {
      step.impact = 'refused';
      step.rowCount = n;
      step.reason = `${n} ${step.check.failure}`;
    }
  }
  return { modelVersion: model.version, steps, refused: steps.some((s) => s.impact === 'refused') };
}

/**
 * Brings the tenant's tables in line with the Model. All steps run in one transaction under an advisory lock (so two
 * servers starting together do not race); if any step is refused, nothing runs and the refusal lists every reason.
 */
export async function applySchema(knex: Knex, tenant: Tenant, model: Model, fillFormulas: FormulaFiller, options: ApplyOptions = {}): Promise<SchemaPlan> {
  await runEngineMigrations(knex, tenant);
  return knex.transaction((trx) => applySchemaIn(trx, tenant, model, fillFormulas, options)).catch((e: unknown) => {
    throw mapPgError(e);
  });
}

/** The same inside a transaction the caller owns (a plugin install applies schema, roles and seed data together). */
export async function applySchemaIn(trx: Knex.Transaction, tenant: Tenant, model: Model, fillFormulas: FormulaFiller, options: ApplyOptions = {}): Promise<SchemaPlan> {
  await trx.raw(`select set_config('lock_timeout', ?, true)`, [`${options.lockTimeoutMs ?? 5000}ms`]);
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`crm-schema:${tenant.schema}`]);
  const plan = await planSchema(trx, tenant, model, options.previous, options.extraSteps);
  if (plan.refused) throw refusal(plan);
  for (const step of plan.steps) for (const sql of step.sql) await trx.raw(literalSql(sql));
  // Formulas last: every column they read is in place by now.
  const formulas = new Map<string, string[]>();
  for (const s of plan.steps) if (s.action === 'compute_formula' && s.rowCount) formulas.set(s.table, [...(formulas.get(s.table) ?? []), s.column!]);
  for (const [entity, fields] of formulas) await fillFormulas(trx, model, entity, fields);
  await recordHistory(trx, tenant, model, plan);
  return plan;
}

async function recordHistory(trx: Knex, tenant: Tenant, model: Model, plan: SchemaPlan): Promise<void> {
  const history = qualified(tenant, 'crm_schema_history');
  const last = await trx.raw<{ rows: { model_version: string }[] }>(`select model_version from ${history} order by id desc limit 1`);
  if (plan.steps.length > 0 || last.rows[0]?.model_version !== model.version) {
    await trx.raw(`insert into ${history} (model_version, steps) values (?, ?::jsonb)`, [model.version, JSON.stringify(plan.steps.map(({ check: _c, count: _n, ...s }) => s))]);
  }
}

// Plan SQL carries no bindings, but knex would still read every "?" (in a regex, in a default value) as a placeholder.
function literalSql(sql: string): string {
  return sql.replace(/\?/g, '\\?');
}

function refusal(plan: SchemaPlan): EngineError {
  const refused = plan.steps.filter((s) => s.impact === 'refused');
  return new EngineError(
    'SCHEMA_CHANGE_REFUSED',
    `The metadata change cannot be applied without losing data (${refused.length} step(s) refused); nothing was changed`,
    refused.map((s) => ({
      path: s.column ? `${s.table}.${s.column}` : s.table,
      message: `${s.description}: ${s.reason}`,
      info: { rowCount: s.rowCount, action: s.action },
    })),
  );
}
