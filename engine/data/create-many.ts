// Many creates of one entity in one multi-row INSERT, for a writer of many records in one transaction (an import's
// chunk). Each create is checked and worked out in JS by exactly what a single create runs (the create right,
// checkInputOrThrow, prepareInsert: readable references, guards, defaults, derived dates, formulas, rules, record
// checks, owner fields); then the numbers are taken from the counter as one block per field, the rows written by
// one INSERT, the create scope checked for all of them in one statement, and each change reported through onChange
// (its audit entry), in the order the creates were added.
// Only where a create needs nothing else in its transaction (CreateBatch.possible, and add() answering an id): the
// caller writes any other create the usual way (createRecordInTransaction), after writing what the batch holds so
// the order stays. A failed write (a unique value taken, a record outside the create scope) names no single
// create: the caller rolls back and writes the same creates one by one to learn which one it was.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../core/index.ts';
import { queryRows } from '../db/index.ts';
import { businessClockNow } from '../jobs/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import { takeNumbers } from './autonumber.ts';
import { compiledEntity } from './compiled-model.ts';
import { onlyAuditAfterInsert } from './create-in-one-statement.ts';
import { insertManyStatements } from './insert-row.ts';
import { checkedCreate } from './record-service.ts';
import { newRecordRollups } from './refresh-rollups.ts';
import { assertInScope, numberUnreadBeforeInsert, prepareInsert } from './write-record.ts';

type Row = Record<string, unknown>;

export class CreateBatch {
  private pending: Row[] = [];
  private readonly now: Date;

  /**
   * Whether creates of the entity can go through a batch: nothing but the audit entry follows their INSERT, and no
   * formula, rule or check reads a number before it (so numbers can be taken once the checks passed).
   */
  static possible(ctx: RequestContext, entityName: string): boolean {
    const { entity, autonumbers } = compiledEntity(ctx.model, entityName);
    return onlyAuditAfterInsert(ctx, entity) && autonumbers.every((f) => numberUnreadBeforeInsert(ctx, entity, f));
  }

  constructor(
    ctx: RequestContext,
    private readonly entity: EntityDef,
  ) {
    this.now = businessClockNow(ctx.tenant);
  }

  get size(): number {
    return this.pending.length;
  }

  /**
   * Checks one create and keeps it for write(), answering the id it will have; throws what createRecordInTransaction
   * would throw for it. Undefined when the create needs more than its row (lines, links, rollups of its own to
   * aggregate): the caller creates that one itself, the usual way.
   */
  async add(ctx: RequestContext, body: unknown): Promise<string | undefined> {
    const { entity, input } = checkedCreate(ctx, this.entity.name, body);
    const { values, row } = await prepareInsert(ctx, entity, input, { now: this.now, numbers: new Map() });
    if (needsMoreThanRow(entity, values)) return undefined;
    const id = randomUUID();
    this.pending.push({ id, ...row });
    return id;
  }

  /** Writes the kept creates (in ctx's transaction) and empties the batch. */
  async write(ctx: RequestContext): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    if (!rows.length) return;
    for (const field of compiledEntity(ctx.model, this.entity.name).autonumbers) {
      const numbers = await takeNumbers(ctx.knex, ctx.tenant, field, this.now, rows.length);
      rows.forEach((row, i) => (row[field.name] = numbers[i]));
    }
    // The changes are reported while the database runs the INSERT (its answer waits until this code yields): if it
    // fails, the caller drops the whole batch, reports included.
    const inserted = Promise.all(insertManyStatements(ctx, this.entity, rows).map((s) => queryRows(ctx.knex, s.sql, s.bindings)));
    inserted.catch(() => undefined);
    for (const row of rows) await ctx.onChange!(ctx, { entity: this.entity.name, id: row.id as string, action: 'create', after: row });
    await inserted;
    await assertInScope(ctx, this.entity, rows.map((r) => r.id as string), 'create');
  }
}

/** Lines or links to write beside the row, or rollups over its own values to aggregate after it (insertRecord). */
function needsMoreThanRow(entity: EntityDef, values: Row): boolean {
  for (const field of entity.fields.values()) {
    if ((field.type === 'children' || field.type === 'many_to_many') && values[field.name] !== undefined && values[field.name] !== null) return true;
  }
  return newRecordRollups(entity, values).pending;
}
