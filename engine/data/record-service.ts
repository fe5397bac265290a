// The record service: every read and write of entity records goes through here, under the caller's access policy.
import { badRequest, EngineError, isUuid, notFound, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { businessClockNow } from '../jobs/index.ts';
import { isRetryableTransactionError, mapPgError, qualified, queryRows } from '../db/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import { assignOwner } from './assign-owner.ts';
import { checkInputOrThrow, type RecordInput } from './check-input.ts';
import { compiledEntity } from './compiled-model.ts';
import { createInOneStatement } from './create-in-one-statement.ts';
import { cursorSecret, decodeCursorOrThrow, encodeCursor } from './cursor.ts';
import { parseListQuery } from './list-query.ts';
import { buildCount, buildSelect, lastKeyset, returningColumns } from './select-records.ts';
import { deleteRecord, insertRecord, updateRecord } from './write-record.ts';

export type RecordData = Record<string, unknown>;

export interface ListResult {
  data: RecordData[];
  next_cursor: string | null;
  count?: number;
}

export const MAX_BULK_OPERATIONS = 1000;

function entityOrThrow(ctx: RequestContext, name: string): EntityDef {
  return compiledEntity(ctx.model, name).entity;
}

function idOrThrow(id: string): string {
  // The id is not echoed: it is whatever the client put in the URL.
  if (!isUuid(id)) throw notFound('No record with this id', [{ path: 'id', message: 'not a record id' }]);
  return id;
}

export async function listRecords(ctx: RequestContext, entityName: string, params: Record<string, unknown>): Promise<ListResult> {
  const entity = entityOrThrow(ctx, entityName);
  ctx.access.assertCan(entity, 'read');
  const query = parseListQuery(ctx, entity, params, businessClockNow(ctx.tenant));
  const secret = await cursorSecret(ctx.knex, ctx.tenant);
  const after = query.cursor ? decodeCursorOrThrow(secret, query.order, query.cursor) : undefined;
  if (after && after.length !== query.order.length) throw badRequest('The cursor is not valid', [{ path: 'cursor', message: 'invalid cursor' }]);
  // One row more than asked tells whether another page exists without a count.
  const select = buildSelect(ctx, entity, { ...query, after, limit: query.limit + 1, withKeyset: true });
  const rows = await queryRows<RecordData>(ctx.knex, select.sql, select.bindings);
  const more = rows.length > query.limit;
  const data = more ? rows.slice(0, query.limit) : rows;
  const keyset = lastKeyset(data, query.order);
  const result: ListResult = { data, next_cursor: more && keyset ? encodeCursor(secret, query.order, keyset) : null };
  if (query.count) result.count = await countRecords(ctx, entity, query.filter, query.count);
  return result;
}

async function countRecords(ctx: RequestContext, entity: EntityDef, filter: Parameters<typeof buildCount>[2], mode: 'exact' | 'estimated'): Promise<number> {
  const count = buildCount(ctx, entity, filter);
  if (mode === 'exact') {
    const rows = await queryRows<{ n: number }>(ctx.knex, count.sql, count.bindings);
    return Number(rows[0]!.n);
  }
  // The planner's row estimate: instant on any table size, approximate by design.
  const rows = await queryRows<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    ctx.knex,
    `explain (format json) ${count.sql.replace(/^select count\(\*\) as n/, 'select 1')}`,
    count.bindings,
  );
  return Math.round(rows[0]!['QUERY PLAN'][0].Plan['Plan Rows']);
}

export async function getRecord(ctx: RequestContext, entityName: string, id: string, params: Record<string, unknown> = {}): Promise<RecordData> {
  const entity = entityOrThrow(ctx, entityName);
  ctx.access.assertCan(entity, 'read');
  const allowed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k !== 'fields' && k !== 'expand') throw badRequest('The request is not valid', [{ path: k, message: 'unknown query parameter', expected: 'fields, expand' }]);
    allowed[k] = v;
  }
  const query = parseListQuery(ctx, entity, allowed, businessClockNow(ctx.tenant));
  return readOne(ctx, entity, idOrThrow(id), query.fields, query.expand);
}

async function readOne(ctx: RequestContext, entity: EntityDef, id: string, fields?: string[], expand?: readonly string[]): Promise<RecordData> {
  const select = buildSelect(ctx, entity, { id, fields, expand, order: [] });
  const row = (await queryRows<RecordData>(ctx.knex, select.sql, select.bindings, { prepare: true }))[0];
  if (!row) throw notFound(`No ${entity.name} record with id ${id}`, [{ path: 'id', message: 'not found' }]);
  return row;
}

/** Writes answer with the record as stored, lines included, so the client sees numbers, formulas and line ids. */
function linesOf(entity: EntityDef): string[] {
  return [...entity.fields.values()].filter((f) => f.type === 'children').map((f) => f.name);
}

/** The entity of a create, once the create right is checked, and the body checked as its input. */
export function checkedCreate(ctx: RequestContext, entityName: string, body: unknown): { entity: EntityDef; input: RecordInput } {
  const entity = entityOrThrow(ctx, entityName);
  ctx.access.assertCan(entity, 'create');
  return { entity, input: checkInputOrThrow(ctx, entity, body, 'create') };
}

export async function createRecord(ctx: RequestContext, entityName: string, body: unknown): Promise<RecordData> {
  const { entity, input } = checkedCreate(ctx, entityName, body);
  const returning = returningColumns(ctx, entity);
  const created = returning && (await createInOneStatement(ctx, entity, input, returning));
  return created || inTransaction(ctx, (tx) => insertAndRead(tx, entity, input));
}

/**
 * A create inside the caller's transaction (ctx.knex) that answers only the new record's id: for a writer of many
 * records (an import) that has no use for each one read back. Same checks and effects as createRecord.
 */
export async function createRecordInTransaction(tx: RequestContext, entityName: string, body: unknown): Promise<string> {
  const { entity, input } = checkedCreate(tx, entityName, body);
  return (await insertRecord(tx, entity, input, { now: businessClockNow(tx.tenant) })).id;
}

/** The new record as a get would answer it: straight from the INSERT when that is the same row, else read back. */
async function insertAndRead(tx: RequestContext, entity: EntityDef, input: RecordInput): Promise<RecordData> {
  const created = await insertRecord(tx, entity, input, { now: businessClockNow(tx.tenant), returning: returningColumns(tx, entity) });
  return created.row ?? readOne(tx, entity, created.id, undefined, linesOf(entity));
}

export async function updateRecordById(ctx: RequestContext, entityName: string, id: string, body: unknown, ifMatch?: number): Promise<RecordData> {
  const entity = entityOrThrow(ctx, entityName);
  ctx.access.assertCan(entity, 'update');
  idOrThrow(id);
  const { version, ...input } = checkInputOrThrow(ctx, entity, body, 'update') as RecordInput & { version?: number };
  if (version !== undefined && ifMatch !== undefined && version !== ifMatch) {
    throw badRequest('The version in the body and in If-Match differ', [{ path: '/version', message: 'differs from If-Match' }]);
  }
  return inTransaction(ctx, async (tx) => {
    await updateRecord(tx, entity, id, input, { now: businessClockNow(tx.tenant), expectedVersion: version ?? ifMatch });
    return readOne(tx, entity, id, undefined, linesOf(entity));
  });
}

export async function deleteRecordById(ctx: RequestContext, entityName: string, id: string): Promise<void> {
  const entity = entityOrThrow(ctx, entityName);
  ctx.access.assertCan(entity, 'delete');
  idOrThrow(id);
  await inTransaction(ctx, (tx) => deleteRecord(tx, entity, id, businessClockNow(tx.tenant)));
}

/** The assign action: a new owner for one record (POST /api/records/:entity/:id/assign). */
export async function assignRecordOwner(ctx: RequestContext, entityName: string, id: string, body: unknown): Promise<RecordData> {
  const entity = entityOrThrow(ctx, entityName);
  idOrThrow(id);
  const owner = (body as { owner?: unknown } | undefined)?.owner;
  if (!body || typeof body !== 'object' || Object.keys(body).some((k) => k !== 'owner') || typeof owner !== 'string' || !isUuid(owner)) {
    throw badRequest('Send {"owner": "<user id>"}', [{ path: '/owner', message: 'must be a user id' }]);
  }
  return inTransaction(ctx, async (tx) => {
    await assignOwner(tx, entity, id, owner);
    return readOne(tx, entity, id, undefined, linesOf(entity));
  });
}

export interface BulkOperation {
  op: 'create' | 'update' | 'delete' | 'assign';
  id?: string;
  version?: number;
  data?: unknown;
  /** assign: the new owner's user id. */
  owner?: string;
}

/**
 * All operations (create, update, delete, assign a new owner) in one transaction: any failure rolls back all of them
 * and names the failing operation.
 */
export async function bulkWrite(ctx: RequestContext, entityName: string, body: unknown): Promise<{ results: (RecordData | { id: string; deleted: true })[] }> {
  const entity = entityOrThrow(ctx, entityName);
  const operations = bulkOperationsOrThrow(body);
  return inTransaction(ctx, async (tx) => {
    await lockInIdOrder(tx, entity, operations);
    const results: (RecordData | { id: string; deleted: true })[] = [];
    for (const [i, op] of operations.entries()) {
      const at = `/operations/${i}`;
      try {
        if (op.op === 'create') results.push(await createInTx(tx, entity, op.data));
        else if (op.op === 'update') results.push(await updateInTx(tx, entity, op));
        else if (op.op === 'assign') {
          await assignOwner(tx, entity, idOrThrow(op.id!), op.owner!);
          results.push(await readOne(tx, entity, op.id!, undefined, linesOf(entity)));
        } else {
          ctx.access.assertCan(entity, 'delete');
          await deleteRecord(tx, entity, idOrThrow(op.id!), businessClockNow(tx.tenant));
          results.push({ id: op.id!, deleted: true });
        }
      } catch (e) {
        throw prefixPaths(mapPgError(e), at, op.op === 'delete' || op.op === 'assign' ? at : `${at}/data`);
      }
    }
    return { results };
  });
}

/**
 * Locks the existing records a bulk write will change, in id order, before changing any: two bulks over the same
 * records listed in different orders then queue behind each other instead of each holding what the other waits for.
 * Ids that are malformed or missing are left to their operation, which names them.
 */
async function lockInIdOrder(tx: RequestContext, entity: EntityDef, operations: BulkOperation[]): Promise<void> {
  const ids = [...new Set(operations.filter((op) => op.op !== 'create' && isUuid(op.id)).map((op) => op.id!.toLowerCase()))].sort();
  if (ids.length < 2) return;
  await queryRows(tx.knex, `select id from ${qualified(tx.tenant, entity.name)} where id in (${ids.map(() => '?').join(', ')}) order by id for update`, ids);
}

async function createInTx(tx: RequestContext, entity: EntityDef, data: unknown): Promise<RecordData> {
  tx.access.assertCan(entity, 'create');
  return insertAndRead(tx, entity, checkInputOrThrow(tx, entity, data, 'create'));
}

async function updateInTx(tx: RequestContext, entity: EntityDef, op: BulkOperation): Promise<RecordData> {
  tx.access.assertCan(entity, 'update');
  const input = checkInputOrThrow(tx, entity, op.data, 'update');
  await updateRecord(tx, entity, idOrThrow(op.id!), input, { now: businessClockNow(tx.tenant), expectedVersion: op.version });
  return readOne(tx, entity, op.id!, undefined, linesOf(entity));
}

function bulkOperationsOrThrow(body: unknown): BulkOperation[] {
  const ops = (body as { operations?: unknown })?.operations;
  const problems: ErrorDetail[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).some((k) => k !== 'operations')) {
    problems.push({ path: '/', message: 'must be an object with only "operations"' });
  } else if (!Array.isArray(ops) || ops.length === 0 || ops.length > MAX_BULK_OPERATIONS) {
    problems.push({ path: '/operations', message: `must be an array of 1 to ${MAX_BULK_OPERATIONS} operations` });
  } else {
    ops.forEach((op: BulkOperation, i) => {
      const keys = op && typeof op === 'object' ? Object.keys(op) : [];
      const allowed = op?.op === 'create' ? ['op', 'data'] : op?.op === 'update' ? ['op', 'id', 'version', 'data'] : op?.op === 'assign' ? ['op', 'id', 'owner'] : ['op', 'id'];
      if (!['create', 'update', 'delete', 'assign'].includes(op?.op)) problems.push({ path: `/operations/${i}/op`, message: 'must be create, update, delete or assign' });
      else if (keys.some((k) => !allowed.includes(k))) problems.push({ path: `/operations/${i}`, message: `only ${allowed.join(', ')} are allowed` });
      else if (op.op !== 'create' && typeof op.id !== 'string') problems.push({ path: `/operations/${i}/id`, message: 'is required' });
      else if (op.op === 'assign' && (typeof op.owner !== 'string' || !isUuid(op.owner))) problems.push({ path: `/operations/${i}/owner`, message: 'must be a user id' });
      else if (op.version !== undefined && !Number.isInteger(op.version)) problems.push({ path: `/operations/${i}/version`, message: 'must be an integer' });
    });
  }
  if (problems.length) throw badRequest('The bulk request is not valid', problems);
  return ops as BulkOperation[];
}

function prefixPaths(e: unknown, at: string, dataAt: string): unknown {
  if (!(e instanceof EngineError)) return e;
  // Pointers ("/name") point into the operation's data; bare names ("id", from a not-found) are the operation's own.
  const place = (path?: string) => (!path || path === '/' ? dataAt : path.startsWith('/') ? `${dataAt}${path}` : `${at}/${path}`);
  const details = e.details.length ? e.details.map((d) => ({ ...d, path: place(d.path) })) : [{ path: dataAt, message: e.message }];
  return new EngineError(e.code, e.message, details, e.cause);
}

const RETRIES = 3;

/**
 * Every record write's transaction. One that PostgreSQL aborted as a deadlock victim or a serialization failure is run
 * again whole (a few times, after a short random pause so the two do not collide again), then answered 503. Inside a
 * caller's transaction there is nothing to retry here: the abort ends the caller's transaction, which decides.
 */
async function inTransaction<T>(ctx: RequestContext, work: (tx: RequestContext) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.knex.transaction((trx) => work({ ...ctx, knex: trx }));
    } catch (e) {
      if (attempt >= RETRIES || ctx.knex.isTransaction || !isRetryableTransactionError(e)) throw mapPgError(e);
      await new Promise((r) => setTimeout(r, (10 + Math.random() * 40) * 2 ** attempt));
    }
  }
}
