// json-logic for "any of the entity's text search fields contains q" (enum search fields cannot take `contains`).
import { fetchEntityMeta } from '../api/meta-api';

const TEXT_TYPES = new Set(['string', 'text', 'autonumber']);

export async function searchFilter(entity: string, q: string, fieldsWanted?: string[]): Promise<unknown> {
  const meta = await fetchEntityMeta(entity);
  const candidates = fieldsWanted ?? (meta.searchFields?.length ? meta.searchFields : [meta.displayField]);
  const fields = candidates.filter((n) => TEXT_TYPES.has(meta.fields.find((f) => f.name === n)?.type ?? ''));
  if (!fields.length) return undefined;
  const parts = fields.map((f) => ({ contains: [{ var: f }, q] }));
  return parts.length === 1 ? parts[0] : { or: parts };
}
