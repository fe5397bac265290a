// Builds a Model from entity documents written to a temporary folder, exactly as the server loads metadata.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelOrThrow, type EntityDoc, type FieldDoc, type Model } from '../../engine/metadata/index.ts';

export const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export function modelOf(entities: EntityDoc[], workflows: { name: string }[] = []): Model {
  const dir = mkdtempSync(join(tmpdir(), 'crm-model-'));
  try {
    mkdirSync(join(dir, 'entities'));
    mkdirSync(join(dir, 'workflows'));
    for (const e of entities) writeFileSync(join(dir, 'entities', `${e.name}.json`), JSON.stringify(e));
    for (const w of workflows) writeFileSync(join(dir, 'workflows', `${w.name}.json`), JSON.stringify(w));
    return loadModelOrThrow([{ dir }], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An entity with a `title` field plus the given fields. */
export function entity(name: string, fields: Record<string, Partial<FieldDoc> & Pick<FieldDoc, 'type'>> = {}, extra: Partial<EntityDoc> = {}): EntityDoc {
  const all: Record<string, FieldDoc> = { title: { type: 'string', labels: L('名称', 'Title'), required: true } };
  for (const [k, f] of Object.entries(fields)) all[k] = { labels: L(k, k), ...f } as FieldDoc;
  return { name, labels: L(name, name), displayField: 'title', fields: all, ...extra };
}
