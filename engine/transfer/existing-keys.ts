// The normalised key of every existing record, for de-duplication against what is already there. Read with the
// caller's context (the importer passes a system scope: a duplicate is a duplicate even when someone else owns it,
// and updating it is then still checked against the importer's own rights).
import type { RequestContext } from '../core/index.ts';
import { listRecords } from '../data/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import { recordKey } from './dedupe-key.ts';

export async function existingKeys(ctx: RequestContext, entity: EntityDef, key: readonly string[]): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page = await listRecords(ctx, entity.name, { fields: ['id', ...key].join(','), limit: '500', sort: 'created_at', ...(cursor ? { cursor } : {}) });
    for (const record of page.data) {
      const k = recordKey(record, key);
      if (k && !keys.has(k)) keys.set(k, String(record.id));
    }
    cursor = page.next_cursor;
  } while (cursor);
  return keys;
}
