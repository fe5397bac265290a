// A lines (children) field's `default`: the lines a new record gets when its create leaves the field out (a
// machine-tool project's standard production milestones). A default line may set only what a user could type into
// a line: known, writable fields of the line entity with values of their kind and options among their codes. The
// back reference is the engine's, and refs are refused because record ids differ from one tenant to the next.
import type { EntityDoc, FieldDoc } from './model-types.ts';
import { escape } from './validate-documents.ts';

type At = (pointer: string, message: string, expected?: string) => void;

/** Field types whose values the engine computes or keeps elsewhere: never part of a default line. */
const NOT_TYPED_IN = new Set(['autonumber', 'formula', 'rollup', 'children', 'many_to_many', 'attachment', 'ref']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkDefaultLines(field: FieldDoc, ptr: string, target: EntityDoc, at: At): void {
  const lines = field.default as unknown;
  if (lines === undefined) return;
  if (!Array.isArray(lines)) return at(`${ptr}/default`, 'the default of a lines field is a list of lines');
  lines.forEach((line: unknown, i) => {
    const p = `${ptr}/default/${i}`;
    if (typeof line !== 'object' || line === null || Array.isArray(line)) return at(p, 'a default line is an object of field values');
    const values = line as Record<string, unknown>;
    for (const [name, value] of Object.entries(values)) {
      const problem = valueProblem(target, field.foreignKey!, name, value);
      if (problem) at(`${p}/${escape(name)}`, problem);
    }
    for (const [name, f] of Object.entries(target.fields)) {
      if (f.required && f.default === undefined && name !== field.foreignKey && !(name in values)) at(p, `the line lacks the required field "${name}"`);
    }
  });
}

function valueProblem(target: EntityDoc, foreignKey: string, name: string, value: unknown): string | undefined {
  const f = Object.hasOwn(target.fields, name) ? target.fields[name] : undefined;
  if (!f) return `"${target.name}" has no field "${name}"`;
  if (name === foreignKey) return 'the engine links each default line to its new record';
  if (f.type === 'ref') return 'a default line cannot name a record (ids differ between tenants)';
  if (NOT_TYPED_IN.has(f.type) || f.readOnly || f.formula !== undefined || f.derive) return `"${name}" is computed or read-only`;
  if (value === null) return undefined;
  const codes = new Set((f.options ?? []).map((o) => o.code));
  switch (f.type) {
    case 'enum':
      return typeof value === 'string' && codes.has(value) ? undefined : `"${String(value)}" is not one of the options of "${name}"`;
    case 'multi_enum':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && codes.has(v)) ? undefined : `not a list of options of "${name}"`;
    case 'integer':
      return Number.isInteger(value) ? undefined : 'must be a whole number';
    case 'decimal':
    case 'money':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? undefined : 'must be a date (YYYY-MM-DD)';
    case 'json':
      return undefined;
    default:
      return typeof value === 'string' ? undefined : 'must be text';
  }
}
