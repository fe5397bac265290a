// Writes one record inside a transaction, in a fixed order: defaults → number → formulas → rules → row → lines → links.
// Callers pass a context whose knex is the transaction: on PGlite any query outside it would wait forever. (A create
// that is one statement, create-in-one-statement.ts, shares prepareInsert outside a transaction.)
import { EngineError, notFound, type RequestContext } from '../core/index.ts';
import { mapPgError, qualified, queryRows, quoteIdent } from '../db/index.ts';
import { dependentRollups, type EntityDef, type FieldDef } from '../metadata/index.ts';
import { linkTableName } from '../schema/index.ts';
import { nextNumber, numberInSql, type NumberInSql } from './autonumber.ts';
import { compiledEntity } from './compiled-model.ts';
import type { RecordInput } from './check-input.ts';
import { applyDefaults, checkRulesOrThrow, computeFormulas } from './derive-values.ts';
import { newRecordRollups, refreshDependentRollups, refreshRollups } from './refresh-rollups.ts';
import { deriveDates, readersOf, refreshReaders } from './derived-dates.ts';
import { MESSAGES } from './input-messages.ts';
import { assertReferencesReadable } from './check-references.ts';
import { hasRecordChecks, runRecordChecksOrThrow } from './record-checks.ts';
import { atPath, insertStatement, splitReturned, toColumn } from './insert-row.ts';
import { afterCreate, afterUpdate, guardCreate, guardUpdate } from './write-guards.ts';

export interface WriteOptions {
  now: Date;
  /** JSON pointer prefix for errors in lines, e.g. "/lines/2". */
  path?: string;
  /** A line written as part of its parent: the parent's rights and scope govern it, not the line entity's own. */
  asLine?: boolean;
  /** With asLine: the parent entity and the line's ref to it (the parent's own rollups are refreshed by its write). */
  lineOf?: { entity: string; foreignKey: string };
}

type Row = Record<string, unknown>;

export interface InsertedRecord {
  id: string;
  /** The record as the INSERT returned it (the `returning` columns), unless something changed it afterwards. */
  row?: Row;
}

/** What a create writes, worked out before its INSERT: the row's values and the numbers the INSERT takes itself. */
export interface PreparedInsert {
  values: RecordInput;
  row: Row;
  numbers: Map<string, NumberInSql>;
}

/** Whether nothing (formula, rule, record check) reads the number before the row is written: it may be taken last. */
export function numberUnreadBeforeInsert(ctx: RequestContext, entity: EntityDef, field: FieldDef): boolean {
  return compiledEntity(ctx.model, entity.name).unreadNumbers.has(field.name) && !hasRecordChecks(entity.name);
}

/** A number the INSERT can take itself, when nothing reads it before the row is written (see numberInSql). */
export function numberTakenByInsert(ctx: RequestContext, entity: EntityDef, field: FieldDef, now: Date, index: number): NumberInSql | undefined {
  return numberUnreadBeforeInsert(ctx, entity, field) ? numberInSql(ctx.tenant, field, now, `__n${index}`) : undefined;
}

/**
 * Checks, defaults, numbers (those the INSERT cannot take, now), formulas, rules and the system owner fields.
 * `numbers`: every autonumber as the INSERT takes it, worked out by the caller already.
 */
export async function prepareInsert(ctx: RequestContext, entity: EntityDef, input: RecordInput, opts: WriteOptions & { numbers?: Map<string, NumberInSql> }): Promise<PreparedInsert> {
  await assertReferencesReadable(ctx, entity, input, opts.path);
  const values = applyDefaults(entity, guardCreate(ctx, entity, input));
  const row: Row = {};
  for (const field of entity.fields.values()) {
    if (field.stored && !field.system && field.name in values) row[field.name] = values[field.name] ?? null;
  }
  const numbers = opts.numbers ?? new Map<string, NumberInSql>();
  for (const field of opts.numbers ? [] : compiledEntity(ctx.model, entity.name).autonumbers) {
    const inSql = numberTakenByInsert(ctx, entity, field, opts.now, numbers.size);
    if (inSql) numbers.set(field.name, inSql);
    else row[field.name] = await nextNumber(ctx.knex, ctx.tenant, field, opts.now);
  }
  Object.assign(row, newRecordRollups(entity, values).empty);
  Object.assign(row, await deriveDates(ctx, entity, row));
  Object.assign(row, computeFormulas(ctx.model, entity, row, opts.now));
  checkRulesOrThrow(ctx, entity, row, opts.now, opts.path, 'row');
  runRecordChecksOrThrow(ctx, entity, row, opts.path);
  Object.assign(row, { created_by: ctx.actor.id, updated_by: ctx.actor.id, owner: ctx.actor.id, department: ctx.actor.department ?? null });
  return { values, row, numbers };
}

/** `returning`: a select list over alias r (see returningColumns), so a create need not read its record back. */
export async function insertRecord(ctx: RequestContext, entity: EntityDef, input: RecordInput, opts: WriteOptions & { returning?: string }): Promise<InsertedRecord> {
  const { values, row, numbers } = await prepareInsert(ctx, entity, input, opts);
  const statement = insertStatement(ctx, entity, row, numbers, opts.returning);
  const ctes = statement.ctes.length ? `with ${statement.ctes.map((c) => c.sql).join(', ')} ` : '';
  const [inserted] = await queryRows<Row>(ctx.knex, `${ctes}${statement.insert.sql}`, [...statement.ctes.flatMap((c) => c.bindings), ...statement.insert.bindings]).catch(
    atPath(opts.path),
  );
  const { id, taken, returned } = splitReturned(inserted!);
  Object.assign(row, taken);
  if (!opts.asLine) await assertInScope(ctx, entity, [id], 'create');
  await writeRelations(ctx, entity, id, values, opts, false);
  const pending = newRecordRollups(entity, values).pending;
  if (pending) Object.assign(row, await refreshRollups(ctx, entity, id, opts));
  await ctx.onChange?.(ctx, { entity: entity.name, id, action: 'create', after: { id, ...row, ...linksOf(entity, values) } });
  await refreshDependentRollups(ctx, entity, [row], opts);
  // Every engine write of a record reports itself through onChange (the audit log depends on it): a guard that
  // changes the new record (a workflow's automatic first step) shows here, and the returned row is then stale.
  let changed = false;
  const watched: RequestContext = {
    ...ctx,
    onChange: async (c, change) => {
      if (change.entity === entity.name && change.id === id) changed = true;
      await ctx.onChange?.(c, change);
    },
  };
  await afterCreate(watched, entity, id);
  // Rollups its lines filled were written after the INSERT returned the row: read back then.
  return { id, row: changed || pending || !opts.returning ? undefined : returned };
}

export async function updateRecord(
  ctx: RequestContext,
  entity: EntityDef,
  id: string,
  input: RecordInput,
  opts: WriteOptions & { expectedVersion?: number },
): Promise<void> {
  const current = await lockRow(ctx, entity, id, opts.asLine ? undefined : 'update');
  if (opts.expectedVersion !== undefined && current.version !== opts.expectedVersion) {
    throw new EngineError('VERSION_CONFLICT', 'The record was changed by someone else since you loaded it', [
      { path: '/version', message: `you sent version ${opts.expectedVersion}, the record is now at version ${current.version}`, info: { currentVersion: current.version } },
    ]);
  }
  guardUpdate(ctx, entity, current, input);
  await assertReferencesReadable(ctx, entity, input, opts.path);
  const changes: Row = {};
  for (const field of entity.fields.values()) {
    if (field.stored && !field.system && field.name in input) changes[field.name] = input[field.name] ?? null;
  }
  Object.assign(changes, await deriveDates(ctx, entity, { ...current, ...changes }));
  const merged = { ...current, ...changes };
  Object.assign(changes, computeFormulas(ctx.model, entity, merged, opts.now));
  checkRulesOrThrow(ctx, entity, { ...merged, ...changes }, opts.now, opts.path, 'row');
  runRecordChecksOrThrow(ctx, entity, { ...merged, ...changes }, opts.path);
  const sets = Object.keys(changes).map((c) => `${quoteIdent(c)} = ?`);
  sets.push('version = version + 1', 'updated_at = now()', 'updated_by = ?');
  await queryRows(ctx.knex, `update ${qualified(ctx.tenant, entity.name)} set ${sets.join(', ')} where id = ?`, [
    ...Object.entries(changes).map(([name, value]) => toColumn(entity, name, value)),
    ctx.actor.id,
    id,
  ]).catch(atPath(opts.path));
  if (!opts.asLine) await assertInScope(ctx, entity, [id], 'update');
  const linksBefore = await storedLinksOf(ctx, entity, id, input);
  await writeRelations(ctx, entity, id, input, opts, true);
  Object.assign(changes, await refreshRollups(ctx, entity, id, opts));
  await refreshReaders(ctx, await readersOf(ctx, entity.name, [id]), opts.now);
  await ctx.onChange?.(ctx, { entity: entity.name, id, action: 'update', before: { ...current, ...linksBefore }, after: { ...current, ...changes, ...linksOf(entity, input) } });
  await refreshDependentRollups(ctx, entity, [current, { ...current, ...changes }], opts);
  if (!opts.asLine) await afterUpdate(ctx, entity, id);
}

/**
 * Scopes are checked before (the row must be reachable) and after a write: nobody may create a record outside
 * their create scope or move one out of their own reach by changing the fields the scope looks at. Many ids (the
 * records of one multi-row INSERT) are checked in one statement, and one outside the scope fails them all.
 */
export async function assertInScope(ctx: RequestContext, entity: EntityDef, ids: readonly string[], action: 'create' | 'update'): Promise<void> {
  const scope = ctx.access.rowScope(entity, action, 'r');
  if (!scope) return;
  const [inScope] = await queryRows<{ n: number | string }>(ctx.knex, `select count(*) as n from ${qualified(ctx.tenant, entity.name)} r where r.id = any(?::uuid[]) and (${scope.sql})`, [
    ids,
    ...scope.bindings,
  ]);
  if (Number(inScope!.n) !== new Set(ids).size) {
    throw new EngineError('FORBIDDEN', `The ${action === 'create' ? 'new' : 'changed'} record would be outside what you may ${action}`, [{ path: '/', message: 'outside your scope' }]);
  }
}

export async function deleteRecord(ctx: RequestContext, entity: EntityDef, id: string, now: Date): Promise<void> {
  const before = await lockRow(ctx, entity, id, 'delete');
  // Lines go with their record (the foreign key cascades): what other records' rollups count of them is kept to follow.
  const lines = await linesCountedElsewhere(ctx, entity, id);
  // Records whose derived dates read this one (through a set_null ref) lose their source with it.
  const readers = await readersOf(ctx, entity.name, [id]);
  try {
    await ctx.knex.raw(`delete from ${qualified(ctx.tenant, entity.name)} where id = ?`, [id]);
  } catch (e) {
    // A foreign key says "still referenced" (23001 for restrict, 23503 for no action): for a delete that is a
    // conflict the user resolves, not a validation error.
    const err = e as { code?: string; detail?: string };
    if (err.code !== '23503' && err.code !== '23001') throw mapPgError(e);
    const table = /from table "([^"]+)"/.exec(err.detail ?? '')?.[1] ?? 'another entity';
    const by = ctx.model.entities.get(table)?.labels[ctx.locale] ?? table;
    throw new EngineError('CONFLICT', `The record is still referenced by ${by} records; remove those references first`, [
      { path: '/', message: `referenced by ${table}`, info: { referencedBy: table } },
    ]);
  }
  await refreshReaders(ctx, readers, now);
  await ctx.onChange?.(ctx, { entity: entity.name, id, action: 'delete', before });
  await refreshDependentRollups(ctx, entity, [before], { now });
  for (const { child, field, rows } of lines) await refreshDependentRollups(ctx, child, rows, { now, lineOf: { entity: entity.name, foreignKey: field.foreignKey! } });
}

async function linesCountedElsewhere(ctx: RequestContext, entity: EntityDef, id: string): Promise<{ child: EntityDef; field: FieldDef; rows: Row[] }[]> {
  const out: { child: EntityDef; field: FieldDef; rows: Row[] }[] = [];
  for (const field of entity.fields.values()) {
    if (field.type !== 'children') continue;
    const child = ctx.model.entities.get(field.target!)!;
    if (!dependentRollups(ctx.model, child.name).some((d) => d.entity !== entity.name || d.foreignKey !== field.foreignKey)) continue;
    out.push({ child, field, rows: await queryRows<Row>(ctx.knex, `select * from ${qualified(ctx.tenant, child.name)} where ${quoteIdent(field.foreignKey!)} = ?`, [id]) });
  }
  return out;
}

/** Loads the row for a change, locking it; 404 when it does not exist or is outside the actor's scope for `action`. */
async function lockRow(ctx: RequestContext, entity: EntityDef, id: string, action: 'update' | 'delete' | undefined): Promise<Row> {
  const scope = action ? ctx.access.rowScope(entity, action, 'r') : undefined;
  const rows = await queryRows<Row>(
    ctx.knex,
    `select * from ${qualified(ctx.tenant, entity.name)} r where r.id = ?${scope ? ` and (${scope.sql})` : ''} for update`,
    [id, ...(scope?.bindings ?? [])],
  );
  const row = rows[0];
  if (!row) throw notFound(`No ${entity.name} record with id ${id}`, [{ path: 'id', message: 'not found' }]);
  return row;
}

// Many-to-many fields a write names, as sorted id lists, so the change event (and the audit log: a user's roles)
// shows them like any other field.
function linksOf(entity: EntityDef, input: RecordInput): Row {
  const out: Row = {};
  for (const f of entity.fields.values()) if (f.type === 'many_to_many' && Array.isArray(input[f.name])) out[f.name] = [...new Set(input[f.name] as string[])].sort();
  return out;
}

async function storedLinksOf(ctx: RequestContext, entity: EntityDef, id: string, input: RecordInput): Promise<Row> {
  const out: Row = {};
  for (const f of entity.fields.values()) {
    if (f.type !== 'many_to_many' || !Array.isArray(input[f.name])) continue;
    const link = qualified(ctx.tenant, linkTableName(entity.name, f.name));
    out[f.name] = (await queryRows<{ target_id: string }>(ctx.knex, `select target_id::text from ${link} where source_id = ?`, [id])).map((r) => r.target_id).sort();
  }
  return out;
}

async function writeRelations(ctx: RequestContext, entity: EntityDef, id: string, input: RecordInput, opts: WriteOptions, replace: boolean): Promise<void> {
  for (const field of entity.fields.values()) {
    if (!(field.name in input) || input[field.name] === null) continue;
    const path = `${opts.path ?? ''}/${field.name}`;
    if (field.type === 'children') await writeLines(ctx, field, id, input[field.name] as RecordInput[], { ...opts, path }, replace);
    if (field.type === 'many_to_many') await writeLinks(ctx, field, id, input[field.name] as string[], path, replace);
  }
}

// Lines are replaced as a set: a line with an id is updated, one without is added, a line left out is removed.
async function writeLines(ctx: RequestContext, field: FieldDef, parentId: string, lines: RecordInput[], opts: WriteOptions, replace: boolean): Promise<void> {
  const child = ctx.model.entities.get(field.target!)!;
  const fk = field.foreignKey!;
  const lineOf = { entity: field.entity, foreignKey: fk };
  const table = qualified(ctx.tenant, child.name);
  const existing = replace
    ? new Set((await queryRows<{ id: string }>(ctx.knex, `select id from ${table} where ${quoteIdent(fk)} = ?`, [parentId])).map((r) => r.id))
    : new Set<string>();
  const kept = new Set<string>();
  for (const [i, line] of lines.entries()) {
    const { id, ...values } = line as RecordInput & { id?: string };
    const path = `${opts.path}/${i}`;
    if (id !== undefined) {
      if (!existing.has(id)) throw new EngineError('VALIDATION_FAILED', 'The record is not valid', [{ path: `${path}/id`, message: MESSAGES.lineNotFound[ctx.locale] }]);
      kept.add(id);
      await updateRecord(ctx, child, id, values, { now: opts.now, path, asLine: true, lineOf });
    } else {
      await insertRecord(ctx, child, { ...values, [fk]: parentId }, { now: opts.now, path, asLine: true, lineOf });
    }
  }
  const removed = [...existing].filter((id) => !kept.has(id));
  if (removed.length) {
    const rows = await queryRows<Row>(ctx.knex, `delete from ${table} where id = any(?::uuid[]) returning *`, [removed]);
    await refreshDependentRollups(ctx, child, rows, { now: opts.now, path: opts.path, lineOf });
  }
}

async function writeLinks(ctx: RequestContext, field: FieldDef, sourceId: string, targets: string[], path: string, replace: boolean): Promise<void> {
  const link = qualified(ctx.tenant, linkTableName(field.entity, field.name));
  if (replace) await queryRows(ctx.knex, `delete from ${link} where source_id = ?`, [sourceId]);
  if (targets.length === 0) return;
  await queryRows(ctx.knex, `insert into ${link} (source_id, target_id) select ?, t from unnest(?::uuid[]) t`, [sourceId, targets]).catch(atPath(path));
}
