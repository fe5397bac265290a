// The form layout and menu designers' documents in the admin layer (the `metadata` function): an admin form
// replaces an entity's layout, the admin menu `main` arranges the menu. Saving first asks for the plan (dry run).
import { apiGet, apiRequest, ApiError } from './client';
import type { FormTab, Labels } from './types';
import type { SchemaPlanStep } from './admin-api';

export interface FormDoc {
  entity: string;
  tabs: FormTab[];
}

export interface MenuDocItem {
  id: string;
  labels?: Labels;
  icon?: string;
  entity?: string;
  page?: string;
  function?: string;
  hidden?: boolean;
  children?: MenuDocItem[];
}

export interface DocChange<T> {
  plan: { steps: SchemaPlanStep[]; refused?: boolean };
  applied: boolean;
  before: T | null;
  after: T | null;
}

export type DocKind = 'forms' | 'menus' | 'entities';

/** The admin's document, or undefined while the shipped one applies. */
export async function fetchAdminDoc<T>(kind: DocKind, name: string): Promise<T | undefined> {
  try {
    return (await apiGet<{ name: string; doc: T }>(`/api/admin/metadata/${kind}/${encodeURIComponent(name)}`)).doc;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

export function saveAdminDoc<T>(kind: DocKind, name: string, doc: T, dryRun: boolean): Promise<DocChange<T>> {
  return apiRequest<DocChange<T>>('PUT', `/api/admin/metadata/${kind}/${encodeURIComponent(name)}${dryRun ? '?dry_run=true' : ''}`, doc);
}

/** Removes the admin's document: the shipped layout or menu applies again. */
export function restoreAdminDoc<T>(kind: DocKind, name: string): Promise<DocChange<T>> {
  return apiRequest<DocChange<T>>('DELETE', `/api/admin/metadata/${kind}/${encodeURIComponent(name)}`);
}

/** The whole menu as the model has it (hidden entries included), not cut to anyone's rights. */
export async function fetchWholeMenu(): Promise<MenuDocItem[]> {
  return (await apiGet<{ data: MenuDocItem[] }>('/api/admin/menus')).data;
}

const findItem = (items: MenuDocItem[], id: string): MenuDocItem | undefined => {
  for (const item of items) {
    const found = item.id === id ? item : item.children && findItem(item.children, id);
    if (found) return found;
  }
  return undefined;
};

/**
 * The admin menu `main` with `entry` added at the end of `group`, everything else as arranged now (the menu's current
 * order when the admin has no menu of their own yet), so that adding an entry never reorders the menu.
 */
export async function menuWithEntry(group: string, entry: MenuDocItem): Promise<{ items: MenuDocItem[] }> {
  const whole = await fetchWholeMenu();
  const doc = (await fetchAdminDoc<{ items: MenuDocItem[] }>('menus', 'main')) ?? { items: whole.map((g) => ({ id: g.id })) };
  let target = findItem(doc.items, group);
  if (!target) doc.items.push((target = { id: group }));
  target.children = [...(target.children ?? (findItem(whole, group)?.children ?? []).map((c) => ({ id: c.id }))), entry];
  return doc;
}
