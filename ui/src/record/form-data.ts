// Between API records and @rjsf form data: pick the form's fields, turn expanded refs back into ids, and work out
// what a save must send (only what changed for an update; lines as the whole set, as the API replaces them).
import type { EntityMeta, EntitySummary, JsonSchema, RecordData } from '../api/types';
import { seedRefNames } from '../common/ref-names';

export type FormData = Record<string, unknown>;

const idOf = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) && 'id' in v ? (v as { id: unknown }).id : v);

/** Relations to expand when reading a record: lines, and refs whose target the user can read (for their names). */
export function expandFor(meta: EntityMeta, summaries: Map<string, EntitySummary>): string[] {
  return meta.fields.filter((f) => f.type === 'children' || (f.type === 'ref' && f.target && summaries.has(f.target))).map((f) => f.name);
}

/** Stores the names of expanded refs so pickers and links show them without asking again. */
export function seedNames(meta: EntityMeta, record: RecordData, summaries: Map<string, EntitySummary>): void {
  for (const f of meta.fields) {
    const target = f.target ? summaries.get(f.target) : undefined;
    if (f.type === 'ref' && target && record[f.name] && typeof record[f.name] === 'object') seedRefNames(target.name, target.displayField, [record[f.name] as Record<string, unknown>]);
  }
}

function pick(schema: JsonSchema | undefined, value: Record<string, unknown>): FormData {
  const out: FormData = {};
  for (const [name, prop] of Object.entries(schema?.properties ?? {})) {
    const v = value[name];
    if (v === null || v === undefined) continue;
    if (Array.isArray(v) && prop.items?.properties) out[name] = v.map((line) => pick(prop.items, line as Record<string, unknown>));
    else if (Array.isArray(v)) out[name] = v.map(idOf);
    else out[name] = idOf(v);
  }
  return out;
}

/** The form's view of a record: only fields in the (user's) form schema, null as absent. */
export function toFormData(meta: EntityMeta, record: Record<string, unknown>): FormData {
  return pick(meta.schema, record);
}

/** Equality that treats null, undefined and absent alike (the form drops empty values, the API sends null). */
export function sameValue(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === '')) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue((a as FormData)[k], (b as FormData)[k]));
  }
  return a === b;
}

function cleanLine(line: FormData): FormData {
  return Object.fromEntries(Object.entries(line).filter(([, v]) => v !== undefined));
}

/** The fields an update must send: changed ones, emptied ones as null, lines as their whole new set. */
export function changedFields(meta: EntityMeta, base: FormData, data: FormData): FormData {
  const out: FormData = {};
  for (const name of Object.keys(meta.schema.properties ?? {})) {
    if (sameValue(base[name], data[name])) continue;
    const v = data[name];
    if (Array.isArray(v) && meta.schema.properties?.[name]?.items?.properties) out[name] = v.map((l) => cleanLine(l as FormData));
    else out[name] = v === undefined || v === '' ? null : v;
  }
  return out;
}

/** A new record's body: every filled field; lines without empty cells. */
export function createBody(meta: EntityMeta, data: FormData): FormData {
  const out: FormData = {};
  for (const name of Object.keys(meta.schema.properties ?? {})) {
    const v = data[name];
    if (v === undefined || v === '' || v === null) continue;
    out[name] = Array.isArray(v) && meta.schema.properties?.[name]?.items?.properties ? v.map((l) => cleanLine(l as FormData)) : v;
  }
  return out;
}
