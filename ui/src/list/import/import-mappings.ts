// Saved column mappings (对应方案) per user and entity, kept like saved list views: a name → header → field.
import { readJson, userKey, writeJson } from '../../common/user-storage';

export type ColumnMapping = Record<string, string | null>;

const key = (userId: string, entity: string) => userKey(userId, 'import-mappings', entity);

export function loadMappings(userId: string, entity: string): Record<string, ColumnMapping> {
  return readJson<Record<string, ColumnMapping>>(key(userId, entity), {});
}

export function saveMapping(userId: string, entity: string, name: string, mapping: ColumnMapping): Record<string, ColumnMapping> {
  const next = { ...loadMappings(userId, entity), [name]: mapping };
  writeJson(key(userId, entity), next);
  return next;
}

/** A saved mapping applied to this file's headers: headers it names take its field, others keep the suggestion. */
export function applyMapping(saved: ColumnMapping, current: ColumnMapping): ColumnMapping {
  return Object.fromEntries(Object.entries(current).map(([header, field]) => [header, Object.hasOwn(saved, header) ? saved[header]! : field]));
}
