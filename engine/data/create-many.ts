// Many creates of one entity in multi-row INSERTs, for a writer of many records in one transaction (an import's
// chunk). Each create is checked and worked out in JS by exactly what a single create runs (the create right,
// checkInputOrThrow, prepareInsert: readable references, guards, defaults, derived dates, formulas, rules, record
// checks, owner fields); then, for each part sent, the numbers are taken from the counter as one block per field
// and the rows written by one INSERT, each change reported through onChange (its audit entry) in the order the
// creates were added, and at write() the create scope is checked for all of them in one statement.
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
  /** Creates sent (their INSERT may still be running) and not yet written: what write() waits for and checks. */
  private sent: { ids: string[]; inserted: Promise<unknown>[] } = { ids: [], inserted: [] };
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

  /** Creates added and not yet sent. */
  get size(): number {
    return this.pending.length;
  }

  /** Whether anything was added since the last write(). */
  get unwritten(): boolean {
    return this.pending.length > 0 || this.sent.ids.length > 0;
  }

  /**
   * Checks one create and keeps it for send() or write(), answering the id it will have; throws what
   * createRecordInTransaction would throw for it. Undefined when the create needs more than its row (lines, links,
   * rollups of its own to aggregate): the caller creates that one itself, the usual way.
   */
  async add(ctx: RequestContext, body: unknown): Promise<string | undefined> {
    const { entity, input } = checkedCreate(ctx, this.entity.name, body);
    const { values, row } = await prepareInsert(ctx, entity, input, { now: this.now, numbers: new Map() });
    if (needsMoreThanRow(entity, values)) return undefined;
    const id = randomUUID();
    this.pending.push({ id, ...row });
    return id;
  }

  /**
   * Takes the kept creates' numbers and starts their INSERT without waiting for it, so the caller can check the
   * next creates while the database writes these (in ctx's transaction, statements run in the order sent). Their
   * changes are reported now: if the INSERT fails, write() throws and the caller drops the batch, reports included.
   */
  async send(ctx: RequestContext): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    if (!rows.length) return;
    for (const field of compiledEntity(ctx.model, this.entity.name).autonumbers) {
      const numbers = await takeNumbers(ctx.knex, ctx.tenant, field, this.now, rows.length);
      rows.forEach((row, i) => (row[field.name] = numbers[i]));
    }
    for (const statement of insertManyStatements(ctx, this.entity, rows)) {
      const inserted = queryRows(ctx.knex, statement.sql, statement.bindings);
      // Seen by write(); until then a failure must not count as unhandled.
      inserted.catch(() => undefined);
      this.sent.inserted.push(inserted);
    }
    for (const row of rows) {
      this.sent.ids.push(row.id as string);
      await ctx.onChange!(ctx, { entity: this.entity.name, id: row.id as string, action: 'create', after: row });
    }
  }

  /** Sends what is kept, waits until every sent INSERT is done and checks the new records' create scope. */
  async write(ctx: RequestContext): Promise<void> {
    await this.send(ctx);
    const { ids, inserted } = this.sent;
    this.sent = { ids: [], inserted: [] };
    await Promise.all(inserted);
    if (ids.length) await assertInScope(ctx, this.entity, ids, 'create');
  }
}

/** Lines or links to write beside the row, or rollups over its own values to aggregate after it (insertRecord). */
function needsMoreThanRow(entity: EntityDef, values: Row): boolean {
  for (const field of entity.fields.values()) {
    if ((field.type === 'children' || field.type === 'many_to_many') && values[field.name] !== undefined && values[field.name] !== null) return true;
  }
  return newRecordRollups(entity, values).pending;
}
