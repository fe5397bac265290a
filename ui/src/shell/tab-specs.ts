// What a document tab shows, its stable key, and its address in the URL hash (so a reload or a shared link
// reopens the same document).
export type TabSpec =
  | { kind: 'portal' }
  /** A screen of its own (administration pages), named by the menu's `page`. */
  | { kind: 'page'; page: string }
  /** `filter`: json-logic the list starts from and keeps (a report's segment opened as its records); `title` names it. */
  | { kind: 'list'; entity: string; filter?: unknown; title?: string }
  | { kind: 'record'; entity: string; id: string }
  | { kind: 'new'; entity: string; draftKey: string; defaults?: Record<string, unknown> };

export interface OpenTab {
  key: string;
  spec: TabSpec;
  /** Last known title, kept so restored tabs are named before their data arrives. */
  title?: string;
}

export const PORTAL_KEY = 'portal';

export function tabKey(spec: TabSpec): string {
  switch (spec.kind) {
    case 'portal':
      return PORTAL_KEY;
    case 'page':
      return `page/${spec.page}`;
    case 'list':
      return spec.filter === undefined ? `list/${spec.entity}` : `list/${spec.entity}/${encodeURIComponent(JSON.stringify({ filter: spec.filter, title: spec.title }))}`;
    case 'record':
      return `record/${spec.entity}/${spec.id}`;
    case 'new':
      return `new/${spec.entity}/${spec.draftKey}`;
  }
}

export function hashOf(spec: TabSpec): string {
  return `#/${tabKey(spec)}`;
}

const NAME = /^[a-z][a-z0-9_]*$/;
const ID = /^[A-Za-z0-9-]{1,64}$/;

/** The tab a hash names, or undefined for anything else. */
export function specFromHash(hash: string): TabSpec | undefined {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const [kind, entity, id] = parts;
  if (kind === 'portal') return { kind: 'portal' };
  if (!entity || !NAME.test(entity)) return undefined;
  if (kind === 'page' && parts.length === 2) return { kind: 'page', page: entity };
  if (kind === 'list' && parts.length === 2) return { kind: 'list', entity };
  if (kind === 'list' && parts.length === 3) return filteredList(entity, id!);
  if (kind === 'record' && id && ID.test(id)) return { kind: 'record', entity, id };
  if (kind === 'new' && id && ID.test(id)) return { kind: 'new', entity, draftKey: id };
  return undefined;
}

function filteredList(entity: string, text: string): TabSpec | undefined {
  try {
    const { filter, title } = JSON.parse(text) as { filter?: unknown; title?: unknown };
    if (!filter || typeof filter !== 'object') return undefined;
    return { kind: 'list', entity, filter, ...(typeof title === 'string' ? { title } : {}) };
  } catch {
    return undefined;
  }
}

export function newDraftKey(): string {
  return `n${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
