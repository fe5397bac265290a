// Unsaved form input, kept in localStorage per user + entity + record id (or the new-record key), so it survives
// a tab switch, a reload and a re-login until it is saved or discarded.
import { readJson, removeKey, userKey, writeJson } from '../common/user-storage';

export interface Draft {
  data: Record<string, unknown>;
  /** The form as it was before the user's edits: a save sends only what differs from it. */
  base?: Record<string, unknown>;
  /** The record version the edit started from; saving sends it, so a newer server copy is noticed (409). */
  baseVersion?: number;
  savedAt: string;
}

export type DraftTarget = { entity: string; id: string } | { entity: string; draftKey: string };

function keyOf(userId: string, target: DraftTarget): string {
  return userKey(userId, 'draft', target.entity, 'id' in target ? target.id : `new-${target.draftKey}`);
}

export function loadDraft(userId: string, target: DraftTarget): Draft | undefined {
  const d = readJson<Draft | null>(keyOf(userId, target), null);
  return d && typeof d === 'object' && d.data && typeof d.data === 'object' ? d : undefined;
}

export function saveDraft(userId: string, target: DraftTarget, draft: Draft): void {
  writeJson(keyOf(userId, target), draft);
}

export function discardDraft(userId: string, target: DraftTarget): void {
  removeKey(keyOf(userId, target));
}
