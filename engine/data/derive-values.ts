// The engine-computed part of a write: defaults, formulas (in dependency order) and cross-field rules.
import { validationFailed, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { varsOf, type EntityDef, type FieldDef, type Model } from '../metadata/index.ts';
import { evaluateRule, isTruthy } from '../rules/index.ts';
import { compiledEntity } from './compiled-model.ts';
import type { RecordInput } from './check-input.ts';

/** Fills defaults for fields the client left out of a new record. */
export function applyDefaults(entity: EntityDef, input: RecordInput): RecordInput {
  const out = { ...input };
  for (const field of entity.fields.values()) {
    if (field.default !== undefined && !(field.name in out) && !field.system) out[field.name] = structuredClone(field.default);
  }
  return out;
}

/** Computes formula fields on the merged record and returns their values. */
export function computeFormulas(model: Model, entity: EntityDef, record: RecordInput, now: Date): RecordInput {
  const computed: RecordInput = {};
  const data = { ...record };
  for (const field of compiledEntity(model, entity.name).formulas) {
    const value = coerceFormula(field, evaluateRule(field.formula, data, { now }));
    computed[field.name] = value;
    data[field.name] = value;
  }
  return computed;
}

// A formula's result is stored in a typed column, so it is shaped to that type; nonsense (NaN, 1/0) becomes null.
function coerceFormula(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // A computed option is one of the field's options or nothing.
  if (field.type === 'enum') return field.options?.some((o) => o.code === value) ? value : null;
  switch (field.resultType) {
    case 'integer': {
      const n = Number(value);
      return Number.isFinite(n) ? Math.round(n) : null;
    }
    case 'decimal':
    case 'money': {
      const n = Number(value);
      const scale = field.resultType === 'money' ? 2 : field.scale ?? 4;
      return Number.isFinite(n) ? Number(n.toFixed(scale)) : null;
    }
    case 'boolean':
      return isTruthy(value);
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Evaluates the entity's cross-field rules on the final record; every failing rule is reported. */
/**
 * `stage` 'row' checks the rules that do not depend on rollups (known before the lines are written); 'final' checks
 * all of them once the rollups are computed.
 */
export function checkRulesOrThrow(ctx: RequestContext, entity: EntityDef, record: RecordInput, now: Date, prefix = '', stage: 'row' | 'final' = 'final'): void {
  const problems: ErrorDetail[] = [];
  for (const rule of entity.rules) {
    if (stage === 'row' && varsOf(rule.condition).some((v) => entity.fields.get(v)?.type === 'rollup')) continue;
    if (isTruthy(evaluateRule(rule.condition, record, { now }))) continue;
    problems.push({ path: `${prefix}/${rule.fields?.[0] ?? ''}`, message: rule.message[ctx.locale], info: { rule: rule.name } });
  }
  if (problems.length) throw validationFailed(problems);
}
