// Checks metadata documents against the meta-schemas with ajv (allErrors), turning each ajv error into file + pointer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ErrorDetail } from '../core/index.ts';

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type DocumentKind = 'entity' | 'role' | 'menu' | 'workflow' | 'extension' | 'plugin' | 'migration' | 'form' | 'configurator-template' | 'report-definition' | 'report';

const SCHEMA_FILES: Record<DocumentKind, string> = {
  entity: 'schemas/entity.schema.json',
  role: 'schemas/role.schema.json',
  menu: 'schemas/menu.schema.json',
  workflow: 'schemas/workflow.schema.json',
  extension: 'schemas/entity-extension.schema.json',
  plugin: 'schemas/plugin.schema.json',
  migration: 'schemas/plugin-migration.schema.json',
  form: 'schemas/form.schema.json',
  'configurator-template': 'schemas/configurator-template.schema.json',
  'report-definition': 'schemas/report-definition.schema.json',
  report: 'schemas/report.schema.json',
};
/** Schemas other schemas refer to by $id. */
const SHARED_SCHEMAS = ['schemas/role-permissions.schema.json'];

let validators: Map<DocumentKind, ValidateFunction> | undefined;

function validatorFor(kind: DocumentKind): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    validators = new Map();
    const read = (file: string) => JSON.parse(readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8'));
    for (const file of SHARED_SCHEMAS) ajv.addSchema(read(file));
    // Compiled in order: the extension schema refers into the entity schema by its $id, a saved report into the definition's.
    for (const [k, file] of Object.entries(SCHEMA_FILES) as [DocumentKind, string][]) validators.set(k, ajv.compile(read(file)));
  }
  return validators.get(kind)!;
}

export function validateDocument(kind: DocumentKind, file: string, json: unknown): ErrorDetail[] {
  const validate = validatorFor(kind);
  if (validate(json)) return [];
  return dedupe((validate.errors ?? []).map((e) => toDetail(file, e)));
}

function toDetail(file: string, e: ErrorObject): ErrorDetail {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { file, pointer: `${e.instancePath}/${escape(String(p.additionalProperty))}`, message: `unknown property "${String(p.additionalProperty)}"` };
    case 'required':
      return { file, pointer: e.instancePath, message: `missing required property "${String(p.missingProperty)}"` };
    case 'enum':
      return { file, pointer: e.instancePath, message: 'value is not allowed', expected: `one of ${JSON.stringify(p.allowedValues)}` };
    case 'const':
      return { file, pointer: e.instancePath, message: 'value is not allowed', expected: JSON.stringify(p.allowedValue) };
    case 'discriminator':
      return {
        file,
        pointer: `${e.instancePath}/${String(p.tag)}`,
        message: p.error === 'mapping' ? `unknown field type ${JSON.stringify(p.tagValue)}` : `"${String(p.tag)}" must be a string`,
        expected: 'one of string, text, integer, decimal, money, boolean, date, datetime, enum, multi_enum, ref, children, many_to_many, json, autonumber, formula, rollup, attachment',
      };
    case 'pattern':
      return { file, pointer: e.instancePath, message: `does not match the required pattern`, expected: `pattern ${String(p.pattern)}` };
    case 'propertyNames':
      return { file, pointer: `${e.instancePath}/${escape(String(p.propertyName))}`, message: `"${String(p.propertyName)}" is not a valid name`, expected: 'snake_case: a lower-case letter, then lower-case letters, digits or _ (at most 63)' };
    default:
      return { file, pointer: e.instancePath, message: e.message ?? e.keyword };
  }
}

// ajv repeats the pattern failure of a property name as a second error; keep one per pointer and message.
function dedupe(details: ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return details.filter((d) => {
    const key = `${d.pointer}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
