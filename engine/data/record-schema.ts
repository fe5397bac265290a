// JSON Schema of an entity's record as clients write it: the request validator and the @rjsf form are built from it.
import type { Locale } from '../core/index.ts';
import { valueSchema as namedValueSchema, type EntityDef, type FieldDef, type Labels, type Model } from '../metadata/index.ts';

export type JsonSchema = Record<string, unknown>;
export type SchemaMode = 'create' | 'update';

export interface SchemaOptions {
  mode: SchemaMode;
  /** With a locale the schema carries titles, descriptions and option labels for forms. */
  locale?: Locale;
  /** For lines written inside their parent: the foreign key is implied, and `id` picks an existing line. */
  asChildOf?: string;
}

const INT4: [number, number] = [-2147483648, 2147483647];
export const MAX_TEXT_LENGTH = 1_000_000;
export const MAX_LINES = 1000;

/** Client-writable fields of an entity (not system, not computed; attachments are uploaded, not sent in the record). */
export function writableFields(entity: EntityDef): FieldDef[] {
  return [...entity.fields.values()].filter((f) => !f.system && !f.readOnly && f.type !== 'attachment');
}

export function recordSchema(entity: EntityDef, model: Model, options: SchemaOptions): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of writableFields(entity)) {
    if (options.asChildOf && field.type === 'ref' && field.target === options.asChildOf) continue;
    properties[field.name] = fieldSchema(field, model, options);
    if (options.mode === 'create' && field.required && field.default === undefined) required.push(field.name);
  }
  if (options.asChildOf) properties.id = { type: 'string', format: 'uuid' };
  if (options.mode === 'update' && !options.asChildOf) properties.version = { type: 'integer', minimum: 1 };
  const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
  if (required.length) schema.required = required;
  if (options.locale) schema.title = entity.labels[options.locale];
  return schema;
}

function fieldSchema(field: FieldDef, model: Model, options: SchemaOptions): JsonSchema {
  const s = valueSchema(field, model, options);
  if (options.locale) {
    s.title = field.labels[options.locale];
    if (field.description) s.description = (field.description as Labels)[options.locale];
  }
  if (field.default !== undefined && options.mode === 'create') s.default = field.default;
  // An optional field may be cleared with null; a required one may not.
  if (!field.required && typeof s.type === 'string') s.type = [s.type, 'null'];
  if (!field.required && Array.isArray(s.enum)) s.enum = [...(s.enum as unknown[]), null];
  return s;
}

function valueSchema(field: FieldDef, model: Model, options: SchemaOptions): JsonSchema {
  switch (field.type) {
    case 'string':
      return strip({ type: 'string', maxLength: field.maxLength ?? 255, minLength: field.minLength, pattern: field.pattern });
    case 'text':
      return strip({ type: 'string', maxLength: field.maxLength ?? MAX_TEXT_LENGTH, minLength: field.minLength });
    case 'integer':
      return { type: 'integer', minimum: Math.max(field.min ?? INT4[0], INT4[0]), maximum: Math.min(field.max ?? INT4[1], INT4[1]) };
    case 'decimal':
    case 'money':
      return strip({ type: 'number', minimum: field.min, maximum: field.max });
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return strip({ type: 'string', format: 'date', formatMinimum: field.min, formatMaximum: field.max });
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'enum':
      return options.locale
        ? { type: 'string', oneOf: field.options!.map((o) => ({ const: o.code, title: o.labels[options.locale!] })) }
        : { type: 'string', enum: field.options!.map((o) => o.code) };
    case 'multi_enum': {
      const items = options.locale
        ? { type: 'string', oneOf: field.options!.map((o) => ({ const: o.code, title: o.labels[options.locale!] })) }
        : { type: 'string', enum: field.options!.map((o) => o.code) };
      return strip({ type: 'array', items, uniqueItems: true, maxItems: field.max });
    }
    case 'ref':
      return { type: 'string', format: 'uuid' };
    case 'many_to_many':
      return { type: 'array', items: { type: 'string', format: 'uuid' }, uniqueItems: true, maxItems: MAX_LINES };
    case 'children': {
      const child = model.entities.get(field.target!)!;
      const newLine = recordSchema(child, model, { ...options, mode: 'create', asChildOf: field.entity });
      if (options.locale) return { type: 'array', maxItems: MAX_LINES, items: newLine };
      // A line with an id changes an existing line, so only what it sends is checked; a new line must be complete.
      const changedLine = recordSchema(child, model, { ...options, mode: 'update', asChildOf: field.entity });
      return { type: 'array', maxItems: MAX_LINES, items: { if: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, then: changedLine, else: newLine } };
    }
    case 'json':
      return field.schema ? structuredClone(namedValueSchema(field.schema)) : {};
    case 'autonumber':
    case 'formula':
    case 'rollup':
    case 'attachment':
      return {};
  }
}

function strip(s: JsonSchema): JsonSchema {
  for (const k of Object.keys(s)) if (s[k] === undefined) delete s[k];
  return s;
}
