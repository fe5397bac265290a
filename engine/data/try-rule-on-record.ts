// "Try it on a record" for the rule designers: a condition, validation rule or formula being authored is evaluated on
// one record the caller may read (and / or on values they type), with the evaluator, the clock and the formulas a
// save would use, so what the designer shows is what the server will do.
import { isUuid, validationFailed, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { businessClockNow } from '../jobs/index.ts';
import { TRY_KINDS, tryRule, type TryKind } from '../rules/index.ts';
import { compiledEntity } from './compiled-model.ts';
import { computeFormulas } from './derive-values.ts';
import { getRecord } from './record-service.ts';

const KEYS = ['entity', 'logic', 'kind', 'record_id', 'values', 'message'];

export interface TryAnswer {
  kind: TryKind;
  /** A formula's value; for a condition or validation rule whether it holds (a validation rule passes when it holds). */
  result: unknown;
  /** The message a save would show: only for a validation rule that does not hold. */
  message?: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

export async function tryRuleOnRecord(ctx: RequestContext, body: unknown): Promise<TryAnswer> {
  if (!isObject(body)) throw validationFailed([{ path: '/', message: 'a JSON object is required' }], 'The request is not valid');
  const problems: ErrorDetail[] = Object.keys(body).filter((k) => !KEYS.includes(k)).map((k) => ({ path: `/${k}`, message: 'unknown property', expected: KEYS.join(', ') }));
  const { entity: name, logic, kind, record_id: recordId, values, message } = body;
  const entity = typeof name === 'string' ? ctx.model.entities.get(name) : undefined;
  if (!entity) problems.push({ path: '/entity', message: typeof name === 'string' ? `unknown entity "${name}"` : 'an entity name is required' });
  if (!TRY_KINDS.includes(kind as TryKind)) problems.push({ path: '/kind', message: 'must be one of the kinds', expected: TRY_KINDS.join(', ') });
  if (logic === undefined) problems.push({ path: '/logic', message: 'the rule (json-logic) is required' });
  if (recordId !== undefined && (typeof recordId !== 'string' || !isUuid(recordId))) problems.push({ path: '/record_id', message: 'must be a record id' });
  if (values !== undefined && !isObject(values)) problems.push({ path: '/values', message: 'must be an object of field values' });
  if (message !== undefined && !(isObject(message) && typeof message['zh-CN'] === 'string' && typeof message.en === 'string')) problems.push({ path: '/message', message: 'must hold "zh-CN" and "en" texts' });
  if (entity && isObject(values)) {
    for (const key of Object.keys(values)) {
      if (!entity.fields.has(key) || !ctx.access.canReadField(entity, key)) problems.push({ path: `/values/${key}`, message: `unknown field "${key}"` });
    }
  }
  if (problems.length || !entity) throw validationFailed(problems, 'The request is not valid');

  // Fields the caller may not read do not exist for the rule either, as in a list filter.
  const full = compiledEntity(ctx.model, entity.name).ruleScope('r');
  const scope = { fields: new Map([...full.fields].filter(([field]) => ctx.access.canReadField(entity, field))) };
  const now = businessClockNow(ctx.tenant);
  const data: Record<string, unknown> = recordId ? { ...(await getRecord(ctx, entity.name, recordId as string)) } : {};
  if (isObject(values)) {
    Object.assign(data, values);
    // Typed values change what formulas compute from them, exactly as a save would recompute them.
    Object.assign(data, computeFormulas(ctx.model, entity, data, now));
  }
  const outcome = tryRule(logic, scope, kind as TryKind, data, { now });
  if (!('value' in outcome)) {
    throw validationFailed(outcome.problems.map((p) => ({ path: `/logic${p.pointer}`, message: p.message, ...(p.expected ? { expected: p.expected } : {}) })), 'The rule is not valid');
  }
  if (kind === 'formula') return { kind, result: outcome.value };
  const answer: TryAnswer = { kind: kind as TryKind, result: outcome.holds };
  if (kind === 'validation' && !outcome.holds && isObject(message)) answer.message = String(message[ctx.locale] ?? message['zh-CN']);
  return answer;
}
