// A create that is one statement and no transaction: the number, the row and its audit entry in a single INSERT
// with CTEs, which commits (or fails) as a whole. Two round trips fewer than BEGIN … COMMIT, and the counter row and
// the audit head are locked for that one statement instead of until a COMMIT several round trips later.
import { randomUUID } from 'node:crypto';
import { auditAppendCtes, isJsonPlain } from '../audit/index.ts';
import type { RequestContext } from '../core/index.ts';
import { businessClockNow } from '../jobs/index.ts';
import { queryRows } from '../db/index.ts';
import { dependentRollups, type EntityDef } from '../metadata/index.ts';
import type { NumberInSql } from './autonumber.ts';
import type { RecordInput } from './check-input.ts';
import { compiledEntity } from './compiled-model.ts';
import { insertStatement, splitReturned, takenColumn } from './insert-row.ts';
import { actsAfterCreate } from './write-guards.ts';
import { numberTakenByInsert, prepareInsert } from './write-record.ts';

type Row = Record<string, unknown>;

/**
 * Whether a new record's INSERT is all its create does besides its audit entry: no guard acting after it (a
 * workflow's first step), no other records' rollups to refresh, and the change's one effect is the audit entry.
 */
export function onlyAuditAfterInsert(ctx: RequestContext, entity: EntityDef): boolean {
  return !!ctx.onChange && !!ctx.changeAudit?.auditOnly(entity.name, 'create') && !actsAfterCreate(ctx, entity) && !dependentRollups(ctx.model, entity.name).length;
}

/**
 * Only where nothing else must happen in the same transaction: the record is its own row (`returning` is given only
 * then), no create scope to check after the INSERT, nothing but the audit entry after it (onlyAuditAfterInsert),
 * and every number is taken by the INSERT and prints as plain JSON text. Gives those numbers, or undefined when the
 * create needs a transaction.
 */
function numbersIfPossible(ctx: RequestContext, entity: EntityDef, now: Date): Map<string, NumberInSql> | undefined {
  if (ctx.knex.isTransaction || ctx.access.rowScope(entity, 'create', 'r') || !onlyAuditAfterInsert(ctx, entity)) return undefined;
  const numbers = new Map<string, NumberInSql>();
  for (const field of compiledEntity(ctx.model, entity.name).autonumbers) {
    const n = numberTakenByInsert(ctx, entity, field, now, numbers.size);
    if (!n || !n.valueBindings.every((b) => typeof b !== 'string' || isJsonPlain(b))) return undefined;
    numbers.set(field.name, n);
  }
  return numbers;
}

/** The new record as the INSERT returned it, or undefined (nothing done) when the create needs a transaction. */
export async function createInOneStatement(ctx: RequestContext, entity: EntityDef, input: RecordInput, returning: string): Promise<Row | undefined> {
  const now = businessClockNow(ctx.tenant);
  const taken = numbersIfPossible(ctx, entity, now);
  if (!taken) return undefined;
  const { row, numbers } = await prepareInsert(ctx, entity, input, { now, numbers: taken });
  const id = randomUUID();
  const entries = ctx.changeAudit!.entriesOf(ctx, { entity: entity.name, id, action: 'create', after: { id, ...row } });
  if (entries.length !== 1) return undefined;
  const statement = insertStatement(ctx, entity, { id, ...row }, numbers, returning);
  const late = Object.fromEntries([...numbers.keys()].map((name) => [name, `__rec.${takenColumn(name)}::text`]));
  const audit = auditAppendCtes(ctx.tenant, entries[0]!, late, '__rec');
  const ctes = [...statement.ctes, { sql: `__rec as (${statement.insert.sql})`, bindings: statement.insert.bindings }, audit];
  const [inserted] = await queryRows<Row>(ctx.knex, `with ${ctes.map((c) => c.sql).join(', ')} select * from __rec`, ctes.flatMap((c) => c.bindings), { prepare: true });
  return splitReturned(inserted!).returned;
}
