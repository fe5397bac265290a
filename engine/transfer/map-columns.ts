// Which column fills which field: the mapping's choice, else a header that is the field's code or its label in
// Chinese or English. System fields (id, owner, created_by…) are never imported: an import sets only what its user
// could type into the form.
import { badRequest, type ErrorDetail } from '../core/index.ts';
import type { EntityDef, FieldDef } from '../metadata/index.ts';
import { cellText, type Cell } from './read-sheet.ts';

export interface ImportMapping {
  /** header → field code ("" or null: ignore the column). */
  columns?: Record<string, string | null>;
  /** field code → { what people typed: the value to store }, e.g. { "is_key": { "是": true } }. */
  values?: Record<string, Record<string, unknown>>;
}

export interface MappedColumn {
  index: number;
  header: string;
  field: string;
}

const NOT_IMPORTED = new Set(['children', 'many_to_many', 'formula', 'rollup', 'autonumber']);

/** The fields an import may fill (not system-set, not computed, not lines or links). */
export function importableFields(entity: EntityDef): FieldDef[] {
  return [...entity.fields.values()].filter((f) => !f.system && !NOT_IMPORTED.has(f.type));
}

/** A header names a field by its code or its label in either language (any case). */
function fieldsByHeader(entity: EntityDef): Map<string, string> {
  const byName = new Map<string, string>();
  for (const field of importableFields(entity)) {
    for (const name of [field.name, field.labels['zh-CN'], field.labels.en]) if (name) byName.set(name.trim().toLowerCase(), field.name);
  }
  return byName;
}

/** The field each header would fill without a mapping (null: none), for a mapping screen to start from. */
export function suggestColumns(entity: EntityDef, header: readonly Cell[]): { header: string; field: string | null }[] {
  const byName = fieldsByHeader(entity);
  const taken = new Set<string>();
  return header.map((cell) => {
    const text = cellText(cell).trim();
    const field = byName.get(text.toLowerCase());
    if (!text || !field || taken.has(field)) return { header: text, field: null };
    taken.add(field);
    return { header: text, field };
  });
}

export function mapColumns(entity: EntityDef, header: readonly Cell[], mapping: ImportMapping = {}): MappedColumn[] {
  const problems: ErrorDetail[] = [];
  const byName = fieldsByHeader(entity);
  const columns: MappedColumn[] = [];
  header.forEach((cell, index) => {
    const text = cellText(cell).trim();
    if (!text) return;
    const chosen = mapping.columns && Object.hasOwn(mapping.columns, text) ? mapping.columns[text] : undefined;
    if (chosen === null || chosen === '') return;
    const field = chosen ?? byName.get(text.toLowerCase());
    if (!field) return;
    const def = entity.fields.get(field);
    if (!def) problems.push({ path: `mapping/columns/${text}`, message: `"${field}" is not a field of ${entity.name}` });
    else if (def.system || NOT_IMPORTED.has(def.type)) problems.push({ path: `mapping/columns/${text}`, message: `"${field}" is set by the system and cannot be imported` });
    else if (columns.some((c) => c.field === field)) problems.push({ path: `columns/${index + 1}`, message: `"${text}" and "${columns.find((c) => c.field === field)!.header}" both fill ${field}` });
    else columns.push({ index, header: text, field });
  });
  for (const [name, value] of Object.entries(mapping.values ?? {})) {
    if (!entity.fields.has(name)) problems.push({ path: `mapping/values/${name}`, message: `"${name}" is not a field of ${entity.name}` });
    else if (!value || typeof value !== 'object' || Array.isArray(value)) problems.push({ path: `mapping/values/${name}`, message: 'must map what was typed to a value' });
  }
  if (!columns.length) problems.push({ path: 'columns', message: `no column header names a field of ${entity.name} (use field codes or labels, or a mapping)` });
  if (problems.length) throw badRequest('The columns cannot be mapped to fields', problems);
  return columns;
}
