// A user's list settings per entity (columns shown, their order and widths, sort) and saved views, in
// localStorage. Defaults come from metadata: the display field first, then the first plain business fields.
import type { EntityMeta, EntitySummary, FieldMeta } from '../api/types';
import { shownType } from '../common/field-types';
import { readJson, userKey, writeJson } from '../common/user-storage';
import type { Condition } from './filter-logic';

export interface SortSpec {
  field: string;
  desc: boolean;
}

export interface ListPrefs {
  columns: string[];
  widths: Record<string, number>;
  sort?: SortSpec;
}

export interface SavedView extends ListPrefs {
  name: string;
  conditions: Condition[];
  search?: string;
}

const NOT_LISTABLE = new Set(['children', 'json']);
const NOT_DEFAULT = new Set(['text', 'many_to_many', 'multi_enum']);
const UNSORTABLE = new Set(['json', 'multi_enum', 'children', 'many_to_many']);
// Default columns are added while they fit this width (a 1280 px screen less the menu), so a new list needs no
// sideways scrolling.
const DEFAULT_WIDTH_BUDGET = 1000;
const WIDTH_BY_TYPE: Partial<Record<string, number>> = { date: 110, datetime: 150, boolean: 80, integer: 100, decimal: 110, money: 140, enum: 110, autonumber: 130 };

export function defaultWidth(field: FieldMeta, isDisplay: boolean): number {
  if (isDisplay) return 240;
  return WIDTH_BY_TYPE[shownType(field)] ?? 150;
}

export function listableFields(meta: EntityMeta): FieldMeta[] {
  return meta.fields.filter((f) => !NOT_LISTABLE.has(f.type) && f.name !== 'id' && f.name !== 'version');
}

export function isSortable(field: FieldMeta): boolean {
  return !UNSORTABLE.has(field.type);
}

export function defaultPrefs(meta: EntityMeta, summaries: Map<string, EntitySummary>): ListPrefs {
  const business = listableFields(meta).filter((f) => !f.system && f.name !== meta.displayField && !NOT_DEFAULT.has(f.type));
  // The owner matters in every list, but only when the user may read users (else it could not be named).
  const owner = summaries.has('app_user') ? meta.fields.find((f) => f.name === 'owner') : undefined;
  const columns = [meta.displayField];
  let used = 240 + (owner ? defaultWidth(owner, false) : 0);
  for (const f of business) {
    if (used + defaultWidth(f, false) > DEFAULT_WIDTH_BUDGET) break;
    columns.push(f.name);
    used += defaultWidth(f, false);
  }
  if (owner) columns.push(owner.name);
  return { columns, widths: {} };
}

/** Stored prefs, cleaned of fields that no longer exist or became unreadable. */
export function loadPrefs(userId: string, meta: EntityMeta, summaries: Map<string, EntitySummary>): ListPrefs {
  const stored = readJson<ListPrefs | null>(userKey(userId, 'list', meta.name), null);
  if (!stored || !Array.isArray(stored.columns)) return defaultPrefs(meta, summaries);
  return cleanPrefs(stored, meta) ?? defaultPrefs(meta, summaries);
}

export function cleanPrefs<T extends ListPrefs>(prefs: T, meta: EntityMeta): T | undefined {
  const names = new Set(listableFields(meta).map((f) => f.name));
  const columns = prefs.columns.filter((c) => names.has(c));
  if (!columns.length) return undefined;
  const sort = prefs.sort && names.has(prefs.sort.field) ? prefs.sort : undefined;
  return { ...prefs, columns, widths: prefs.widths ?? {}, sort };
}

export function savePrefs(userId: string, entity: string, prefs: ListPrefs): void {
  writeJson(userKey(userId, 'list', entity), prefs);
}

export function loadViews(userId: string, entity: string): SavedView[] {
  return readJson<SavedView[]>(userKey(userId, 'views', entity), []);
}

export function saveViews(userId: string, entity: string, views: SavedView[]): void {
  writeJson(userKey(userId, 'views', entity), views);
}
