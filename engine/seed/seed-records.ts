// Loads a seed document (demo data) through the record service, so seeds obey the same validation as the API.
// Records refer to each other by "@key"; everything is written in one transaction or not at all.
import { EngineError, type RequestContext } from '../core/index.ts';
import { createRecord } from '../data/index.ts';
import type { EntityDef } from '../metadata/index.ts';

export interface SeedDocument {
  records: Record<string, Record<string, unknown>[]>;
}

export async function seedRecords(ctx: RequestContext, doc: SeedDocument, file: string): Promise<{ created: number }> {
  return ctx.knex.transaction(async (trx) => {
    const tx = { ...ctx, knex: trx };
    const ids = new Map<string, string>();
    let created = 0;
    for (const [entityName, records] of Object.entries(doc.records)) {
      const entity = ctx.model.entities.get(entityName);
      if (!entity) throw new EngineError('METADATA_INVALID', `Seed data names an unknown entity`, [{ file, pointer: `/records/${entityName}`, message: `unknown entity "${entityName}"` }]);
      for (const [i, record] of records.entries()) {
        const pointer = `/records/${entityName}/${i}`;
        const { '@key': key, ...values } = record;
        try {
          const saved = await createRecord(tx, entityName, resolveKeys(ctx, entity, values, ids));
          created++;
          if (typeof key === 'string') ids.set(key, String(saved.id));
        } catch (e) {
          if (!(e instanceof EngineError)) throw e;
          throw new EngineError(e.code, `Seed record ${pointer} in ${file} was refused: ${e.message}`, e.details.map((d) => ({ ...d, file, pointer: `${pointer}${d.path ?? ''}` })));
        }
      }
    }
    return { created };
  });
}

function resolveKeys(ctx: RequestContext, entity: EntityDef, values: Record<string, unknown>, ids: Map<string, string>): Record<string, unknown> {
  const resolve = (v: unknown): unknown => {
    if (typeof v !== 'string' || !v.startsWith('@')) return v;
    const id = ids.get(v.slice(1));
    if (!id) throw new EngineError('VALIDATION_FAILED', `Unknown seed key ${v}`, [{ path: '', message: `no earlier seed record has @key "${v.slice(1)}"` }]);
    return id;
  };
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const field = entity.fields.get(name);
    if (field?.type === 'ref') out[name] = resolve(value);
    else if (field?.type === 'many_to_many' && Array.isArray(value)) out[name] = value.map(resolve);
    else if (field?.type === 'children' && Array.isArray(value)) {
      const child = ctx.model.entities.get(field.target!)!;
      out[name] = value.map((line) => resolveKeys(ctx, child, line as Record<string, unknown>, ids));
    } else out[name] = value;
  }
  return out;
}
