// Recently viewed records, kept locally per user (the server logs views for audit, not for this list).
import { readJson, userKey, writeJson } from '../common/user-storage';

export interface RecentRecord {
  entity: string;
  id: string;
  title: string;
  at: string;
}

const MAX = 15;
const listeners = new Set<() => void>();

export function readRecent(userId: string): RecentRecord[] {
  return readJson<RecentRecord[]>(userKey(userId, 'recent'), []);
}

export function addRecent(userId: string, entry: Omit<RecentRecord, 'at'>): void {
  const list = readRecent(userId).filter((r) => !(r.entity === entry.entity && r.id === entry.id));
  writeJson(userKey(userId, 'recent'), [{ ...entry, at: new Date().toISOString() }, ...list].slice(0, MAX));
  listeners.forEach((l) => l());
}

export function onRecentChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
