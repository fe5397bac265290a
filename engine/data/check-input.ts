// Checks a client's record body before anything is computed or written; every problem is reported with its path.
import type { ErrorObject } from 'ajv';
import { validationFailed, type ErrorDetail, type RequestContext } from '../core/index.ts';
import type { EntityDef, FieldDef } from '../metadata/index.ts';
import { compiledEntity } from './compiled-model.ts';
import { MESSAGES, schemaErrorMessage } from './input-messages.ts';
import type { SchemaMode } from './record-schema.ts';

export type RecordInput = Record<string, unknown>;

/** Throws VALIDATION_FAILED listing every problem; returns the body with datetimes normalised. */
export function checkInputOrThrow(ctx: RequestContext, entity: EntityDef, body: unknown, mode: SchemaMode): RecordInput {
  const trimmed = trimmedText(ctx, entity, body);
  const problems = checkInput(ctx, entity, trimmed, mode, '');
  if (problems.length) throw validationFailed(uniqueByPath(problems));
  return normalise(entity, trimmed as RecordInput, ctx);
}

/**
 * Single-line text (names, codes, titles) is kept without the spaces around it, trimmed before it is checked so that
 * length and pattern rules see what is stored. Multi-line text is kept exactly as written.
 */
function trimmedText(ctx: RequestContext, entity: EntityDef, body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: RecordInput = {};
  for (const [key, value] of Object.entries(body)) {
    const field = entity.fields.get(key);
    if (field?.type === 'string' && typeof value === 'string') out[key] = value.trim();
    else if (field?.type === 'children' && Array.isArray(value)) {
      const child = ctx.model.entities.get(field.target!)!;
      out[key] = value.map((line) => trimmedText(ctx, child, line));
    } else out[key] = value;
  }
  return out;
}

// A nested unknown key is named both by the key check and by the schema; one message per path is enough.
function uniqueByPath(problems: ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.path!) && seen.add(p.path!));
}

function checkInput(ctx: RequestContext, entity: EntityDef, body: unknown, mode: SchemaMode, prefix: string): ErrorDetail[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return [{ path: prefix || '/', message: ctx.locale === 'zh-CN' ? '应为 JSON 对象' : 'must be a JSON object' }];
  }
  const problems: ErrorDetail[] = [];
  const t = (m: Record<'zh-CN' | 'en', string>) => m[ctx.locale];
  // Name the exact reason for each key a client may not send, before the schema's generic "unknown property".
  for (const key of Object.keys(body)) {
    const field = entity.fields.get(key);
    if (key === 'version' && mode === 'update' && !prefix) continue;
    if (key === 'id' && prefix) continue;
    // A field the actor may not read does not exist for them: the message must not confirm it is there.
    if (!field || !ctx.access.canReadField(entity, key)) problems.push({ path: `${prefix}/${key}`, message: t(MESSAGES.unknownField) });
    else if (field.system) problems.push({ path: `${prefix}/${key}`, message: t(MESSAGES.systemField) });
    else if (field.type === 'attachment') problems.push({ path: `${prefix}/${key}`, message: t(MESSAGES.attachmentField) });
    else if (field.readOnly) problems.push({ path: `${prefix}/${key}`, message: t(MESSAGES.readOnlyField) });
    else if (!ctx.access.canWriteField(entity, key)) problems.push({ path: `${prefix}/${key}`, message: t(MESSAGES.notWritable) });
  }
  if (problems.length) return problems;

  const compiled = compiledEntity(ctx.model, entity.name);
  const validate = prefix ? compiled.validateCreate : mode === 'create' ? compiled.validateCreate : compiled.validateUpdate;
  if (!prefix && !validate(body)) {
    problems.push(...(validate.errors ?? []).map((e) => toDetail(e, prefix, ctx)));
  }
  problems.push(...checkValues(entity, body as RecordInput, prefix, ctx));
  return problems;
}

function toDetail(e: ErrorObject, prefix: string, ctx: RequestContext): ErrorDetail {
  const p = e.params as Record<string, unknown>;
  let path = prefix + e.instancePath;
  if (e.keyword === 'required') path += `/${String(p.missingProperty)}`;
  if (e.keyword === 'additionalProperties') path += `/${String(p.additionalProperty)}`;
  return { path: path || '/', message: schemaErrorMessage(e, ctx.locale) };
}

// JSON Schema cannot say "at most 2 decimals" reliably for binary floats, nor bound numeric(p,s), nor "not blank";
// check here.
function checkValues(entity: EntityDef, body: RecordInput, prefix: string, ctx: RequestContext): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const t = (m: Record<'zh-CN' | 'en', string>) => m[ctx.locale];
  for (const [key, value] of Object.entries(body)) {
    const field = entity.fields.get(key);
    if (!field) continue;
    if (field.type === 'children' && Array.isArray(value)) {
      problems.push(...checkLines(ctx, field, value, `${prefix}/${key}`));
      continue;
    }
    // Required means a value a reader can see: "" and "   " are no name at all.
    if (field.required && (field.type === 'string' || field.type === 'text') && typeof value === 'string' && value.trim() === '') {
      problems.push({ path: `${prefix}/${key}`, message: t(MESSAGES.blank) });
    }
    if (typeof value !== 'number') continue;
    const message = numberProblem(field, value);
    if (message) problems.push({ path: `${prefix}/${key}`, message: message[ctx.locale] });
  }
  return problems;
}

function checkLines(ctx: RequestContext, field: FieldDef, lines: unknown[], path: string): ErrorDetail[] {
  const child = ctx.model.entities.get(field.target!)!;
  return lines.flatMap((line, i) => checkInput(ctx, child, line, 'create', `${path}/${i}`));
}

export function numberProblem(field: FieldDef, value: number): Record<'zh-CN' | 'en', string> | undefined {
  if (!Number.isFinite(value)) return MESSAGES.notFinite;
  if (field.type !== 'decimal' && field.type !== 'money') return undefined;
  const precision = field.type === 'money' ? 18 : field.precision ?? 18;
  const scale = field.type === 'money' ? 2 : field.scale ?? 4;
  if (decimalPlaces(value) > scale) return MESSAGES.tooManyDecimals;
  if (Math.abs(value) >= 10 ** (precision - scale)) return MESSAGES.tooLarge;
  return undefined;
}

function decimalPlaces(value: number): number {
  const [mantissa, exponent] = String(value).split('e');
  const decimals = (mantissa!.split('.')[1] ?? '').length;
  return Math.max(0, decimals - Number(exponent ?? 0));
}

/** Datetimes are stored and compared as ISO-8601 UTC with milliseconds; clients may send any offset. */
function normalise(entity: EntityDef, body: RecordInput, ctx: RequestContext): RecordInput {
  const out: RecordInput = {};
  for (const [key, value] of Object.entries(body)) {
    const field = entity.fields.get(key);
    if (field?.type === 'datetime' && typeof value === 'string') out[key] = new Date(value).toISOString();
    else if (field?.type === 'children' && Array.isArray(value)) {
      const child = ctx.model.entities.get(field.target!)!;
      out[key] = value.map((line) => normalise(child, line as RecordInput, ctx));
    } else out[key] = value;
  }
  return out;
}
