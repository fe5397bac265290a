// The tenant admin's changes to fields an entity already has (core, plugin or its own): relabel, change enum options,
// make required, change a default, widen or narrow limits, change a formula, an attachment's file limits or an
// autonumber's template and reset; and archiving the admin's own fields.
// Only the admin layer may do this (a plugin adds, it never redefines). Whether existing rows can take the result is
// the schema plan's question: it counts the rows a step would hurt (blank required values, removed options in use,
// files over a narrowed limit, numbers a new template would give again) and refuses it.
import type { ErrorDetail } from '../core/index.ts';
import type { EntityDoc, FieldDoc } from './model-types.ts';
import { escape, validateDocument } from './validate-documents.ts';

export type FieldOverride = Partial<Pick<FieldDoc, 'labels' | 'description' | 'required' | 'default' | 'options' | 'maxLength' | 'min' | 'max' | 'formula' | 'maxFiles' | 'maxSize' | 'accept' | 'template' | 'reset'>>;

/** Settings only one type has: overriding them on a field of another type is named at its pointer. */
const OWN_SETTINGS: { keys: (keyof FieldOverride)[]; types: string[]; what: string }[] = [
  { keys: ['formula'], types: ['formula'], what: 'only a formula field has a formula' },
  { keys: ['options'], types: ['enum', 'multi_enum'], what: 'only a choice field has options' },
  { keys: ['maxFiles', 'maxSize', 'accept'], types: ['attachment'], what: 'only an attachment field has file limits' },
  { keys: ['template', 'reset'], types: ['autonumber'], what: 'only an autonumber field has a numbering template' },
];

export interface OverridingExtension {
  extends: string;
  overrides?: Record<string, FieldOverride>;
  archived?: string[];
}

export interface OverrideTarget {
  /** The entity as assembled so far (a copy the caller owns; changed in place). */
  doc: EntityDoc;
  /** The file that defined the entity: fields without an origin come from it. */
  entityFile: string;
}

/** Applies `ext`'s overrides and archived fields to the target; problems at the extension's pointers. */
export function applyFieldOverrides(ext: OverridingExtension, target: OverrideTarget, file: string, adminLayer: boolean, problems: ErrorDetail[]): void {
  if (!ext.overrides && !ext.archived) return;
  if (!adminLayer) {
    problems.push({ file, pointer: ext.overrides ? '/overrides' : '/archived', message: "only the tenant's admin layer changes or archives fields defined elsewhere; a layer adds fields, it never redefines them" });
    return;
  }
  const { doc } = target;
  for (const [name, change] of Object.entries(ext.overrides ?? {})) {
    const pointer = `/overrides/${escape(name)}`;
    const field = doc.fields[name];
    if (!field) {
      problems.push({ file, pointer, message: `entity "${ext.extends}" has no field "${name}"` });
      continue;
    }
    for (const own of OWN_SETTINGS) {
      if (own.types.includes(field.type)) continue;
      for (const key of own.keys) if (change[key] !== undefined) problems.push({ file, pointer: `${pointer}/${key}`, message: `"${name}" is a ${field.type} field; ${own.what}` });
    }
    const { origin, ...definition } = field;
    const merged: FieldDoc = { ...definition, ...change };
    // The merged field must still be a valid field of its type (e.g. no maxLength on an enum, a default among the options).
    for (const p of validateDocument('entity', file, { ...doc, fields: { [name]: merged } })) {
      const m = /^\/fields\/[^/]+(.*)$/.exec(p.pointer ?? '');
      problems.push({ ...p, file, pointer: m ? `${pointer}${m[1]}` : pointer });
    }
    doc.fields[name] = origin ? { ...merged, origin } : merged;
  }
  ext.archived?.forEach((name, i) => {
    const pointer = `/archived/${i}`;
    const field = doc.fields[name];
    const definedBy = field?.origin ?? target.entityFile;
    if (!field) problems.push({ file, pointer, message: `entity "${ext.extends}" has no field "${name}"` });
    else if (!definedBy.startsWith('admin:')) problems.push({ file, pointer, message: `"${name}" is defined by ${definedBy}; only fields the administrator added can be archived (make it optional instead)` });
    else if (name === doc.displayField) problems.push({ file, pointer, message: `"${name}" is the entity's display field and cannot be archived` });
    else delete doc.fields[name];
  });
}
