// 查重 while typing a record by hand: existing records whose field holds the same value after the import's
// normalisation (dedupe-key.ts: spaces, full-width, case, brackets, 有限公司 variants), computed in SQL so it costs one
// statement whatever the table's size. Matches the user may read come back by name; others only as a count: their
// existence is no secret (the unique name would refuse the record anyway), their details are.
import { badRequest, EngineError, type RequestContext } from '../core/index.ts';
import { qualified, queryRows, quoteIdent } from '../db/index.ts';
import { dedupeKey, dedupeKeySql } from './dedupe-key.ts';

const SHOWN = 5;
const TEXT_TYPES = new Set(['string', 'text', 'email', 'phone', 'url']);

export interface Duplicates {
  matches: { id: string; name: string }[];
  /** Matching records outside the user's read scope. */
  hidden: number;
}

export async function findDuplicates(ctx: RequestContext, entityName: string, q: { field: string; value: string; exclude?: string }): Promise<Duplicates> {
  const entity = ctx.model.entities.get(entityName);
  if (!entity) throw new EngineError('NOT_FOUND', `Unknown entity "${entityName}"`, [{ path: 'entity', message: 'unknown entity' }]);
  ctx.access.assertCan(entity, 'read');
  const field = entity.fields.get(q.field);
  if (!field || !field.stored || !ctx.access.canReadField(entity, q.field) || !TEXT_TYPES.has(field.type)) {
    throw badRequest('Duplicates are looked for in a text field you can read', [{ path: 'field', message: `not a text field of ${entity.name}` }]);
  }
  const key = dedupeKey(q.value);
  if (!key) return { matches: [], hidden: 0 };
  const display = entity.fields.get(entity.displayField)?.stored ? entity.displayField : q.field;
  const scope = ctx.access.rowScope(entity, 'read', 'r');
  const inScope = scope ? `(${scope.sql})` : 'true';
  const rows = await queryRows<{ id: string; name: string | null; visible: boolean }>(
    ctx.knex,
    `select r.id, case when ${inScope} then r.${quoteIdent(display)}::text end as name, ${inScope} as visible
       from ${qualified(ctx.tenant, entity.name)} r
      where ${dedupeKeySql(`r.${quoteIdent(q.field)}`)} = ? and (?::uuid is null or r.id <> ?::uuid)
      order by visible desc, r.created_at limit 200`,
    [...(scope?.bindings ?? []), ...(scope?.bindings ?? []), key, q.exclude ?? null, q.exclude ?? null],
  );
  const visible = rows.filter((r) => r.visible);
  return { matches: visible.slice(0, SHOWN).map((r) => ({ id: r.id, name: r.name ?? '' })), hidden: rows.length - visible.length };
}
