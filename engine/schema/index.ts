export { planSchema, applySchema, applySchemaIn, type ApplyOptions, type FormulaFiller } from './sync-schema.ts';
export { formatPlan } from './format-plan.ts';
export { columnTypeOf } from './column-type.ts';
export { linkTableName } from './desired-schema.ts';
export { sqlLiteral } from './sql-literal.ts';
export { runEngineMigrations, pendingEngineMigrations } from './run-engine-migrations.ts';
export { bumpModelState } from './model-state.ts';
export type { SchemaPlan, PlanStep, Impact } from './schema-types.ts';
