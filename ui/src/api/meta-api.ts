// Metadata the UI is generated from: menus, entity summaries and full entity descriptions, cached per language.
// The cache is dropped on sign-out because another user may see other fields, and when an administrator changes
// the model (a plugin, a custom field): `modelChanged` then tells every screen built from metadata to ask again.
import { apiGet, apiLanguage } from './client';
import type { EntityMeta, EntitySummary, MenuItem } from './types';

const entityCache = new Map<string, Promise<EntityMeta>>();
let summariesCache: Promise<Map<string, EntitySummary>> | undefined;
let modelVersion = 0;
const modelListeners = new Set<() => void>();

export function clearMetaCache(): void {
  entityCache.clear();
  summariesCache = undefined;
}

/** The model changed on the server (while this page runs): forget it and let open screens load it again. */
export function modelChanged(): void {
  clearMetaCache();
  modelVersion++;
  modelListeners.forEach((l) => l());
}

/** Bumped by `modelChanged`; hooks put it in their dependencies (see common/use-meta). */
export function currentModelVersion(): number {
  return modelVersion;
}

export function onModelChange(listener: () => void): () => void {
  modelListeners.add(listener);
  return () => modelListeners.delete(listener);
}

export async function fetchMenus(): Promise<MenuItem[]> {
  return (await apiGet<{ data: MenuItem[] }>('/api/meta/menus')).data;
}

/** Entities the user may read, by name (labels and display fields do not depend on the language asked). */
export function fetchEntitySummaries(): Promise<Map<string, EntitySummary>> {
  summariesCache ??= apiGet<{ data: EntitySummary[] }>('/api/meta/entities').then((r) => new Map(r.data.map((e) => [e.name, e])));
  summariesCache.catch(() => (summariesCache = undefined));
  return summariesCache;
}

export function fetchEntityMeta(entity: string): Promise<EntityMeta> {
  const lang = apiLanguage();
  const key = `${lang}:${entity}`;
  let found = entityCache.get(key);
  if (!found) {
    found = apiGet<EntityMeta>(`/api/meta/entities/${encodeURIComponent(entity)}`, { lang });
    found.catch(() => entityCache.delete(key));
    entityCache.set(key, found);
  }
  return found;
}
