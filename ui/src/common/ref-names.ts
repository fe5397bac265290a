// Display names of referenced records (a quote's customer, a line's product), fetched in batches and cached, so a
// list or form shows names instead of ids with one request per target entity rather than one per cell.
import { useEffect, useSyncExternalStore } from 'react';
import { fetchEntitySummaries } from '../api/meta-api';
import { listRecords } from '../api/records-api';
import type { RecordData } from '../api/types';

/** `undefined`: not known yet; `null`: not readable by this user (or gone). */
export type RefName = string | null | undefined;

const names = new Map<string, string | null>();
const wanted = new Map<string, Set<string>>();
const listeners = new Set<() => void>();
let version = 0;
let scheduled = false;

const keyOf = (target: string, id: string) => `${target}:${id}`;

function notify(): void {
  version++;
  listeners.forEach((l) => l());
}

export function displayOf(record: Record<string, unknown>, displayField: string): string {
  const v = record[displayField];
  return v === null || v === undefined || v === '' ? '' : String(v);
}

/** Remembers names from records already fetched (expanded refs, list rows, picker options). */
export function seedRefNames(target: string, displayField: string, records: Array<Record<string, unknown> | null | undefined>): void {
  let changed = false;
  for (const r of records) {
    if (!r || typeof r.id !== 'string') continue;
    const name = displayOf(r, displayField) || String(r.id).slice(0, 8);
    if (names.get(keyOf(target, r.id)) !== name) {
      names.set(keyOf(target, r.id), name);
      changed = true;
    }
  }
  if (changed) notify();
}

export function clearRefNames(): void {
  names.clear();
  notify();
}

async function flush(): Promise<void> {
  scheduled = false;
  const batch = [...wanted.entries()];
  wanted.clear();
  const summaries = await fetchEntitySummaries().catch(() => new Map());
  await Promise.all(
    batch.map(async ([target, idSet]) => {
      const ids = [...idSet];
      const summary = summaries.get(target);
      const found = new Map<string, RecordData>();
      if (summary) {
        // The API caps a page at 500 rows; a screen never needs more names than that at once.
        for (let i = 0; i < ids.length; i += 200) {
          const part = ids.slice(i, i + 200);
          const r = await listRecords(target, { filter: { in: [{ var: 'id' }, part] }, fields: ['id', summary.displayField], limit: part.length }).catch(() => ({ data: [] as RecordData[] }));
          r.data.forEach((rec) => found.set(rec.id, rec));
        }
      }
      for (const id of ids) {
        const rec = found.get(id);
        names.set(keyOf(target, id), rec && summary ? displayOf(rec, summary.displayField) || id.slice(0, 8) : null);
      }
    }),
  );
  notify();
}

function request(target: string, ids: string[]): void {
  let added = false;
  for (const id of ids) {
    if (!id || names.has(keyOf(target, id))) continue;
    let set = wanted.get(target);
    if (!set) wanted.set(target, (set = new Set()));
    if (!set.has(id)) {
      set.add(id);
      added = true;
    }
  }
  if (added && !scheduled) {
    scheduled = true;
    // Wait a tick so every cell rendered in this pass joins one request.
    setTimeout(() => void flush(), 0);
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Names for the given ids of one target entity; re-renders when they arrive. */
export function useRefNames(target: string | undefined, ids: string[]): (id: string) => RefName {
  useSyncExternalStore(subscribe, () => version);
  const joined = ids.join(',');
  useEffect(() => {
    if (target && ids.length) request(target, ids);
    // `joined` stands for the ids' content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target, joined]);
  return (id: string) => (target ? names.get(keyOf(target, id)) : null);
}
