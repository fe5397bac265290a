// Builds the one SELECT that reads records: permission scope, filter, keyset, order, and expanded relations
// (refs, lines, many-to-many) as jsonb subqueries, so a page with its relations is a single round trip.
import type { RequestContext, SqlFragment } from '../core/index.ts';
import { qualified, quoteIdent } from '../db/index.ts';
import type { EntityDef, FieldDef, Model } from '../metadata/index.ts';
import { columnTypeOf, linkTableName } from '../schema/index.ts';

export interface SortKey {
  field: string;
  desc: boolean;
}

export interface ReadSpec {
  /** Fields to return (id and version always come); undefined means every readable field. */
  fields?: readonly string[];
  expand?: readonly string[];
  filter?: SqlFragment;
  order: readonly SortKey[];
  /** Keyset position: values of the order keys of the last row already seen. */
  after?: readonly unknown[];
  limit?: number;
  id?: string;
  /** Makes every row carry its order keys' exact values, for the next page's cursor: read them with lastKeyset. */
  withKeyset?: boolean;
}

/** Column holding the exact order-key values of a row (timestamps keep microseconds, numerics every digit). */
const KEYSET_COLUMN = '__keyset';

// Column types whose values the drivers return exactly as Postgres compares them (numeric and timestamps are not:
// numbers lose digits, timestamps microseconds).
const EXACT_IN_JS = /^(varchar\(|text$|integer$|boolean$|date$|uuid$)/;

/**
 * The order keys' values of the last of rows read with withKeyset (undefined for none): from the row's own columns
 * when each is returned as stored and exact in JavaScript (a sort by name and id), else from the `__keyset` column
 * of their text values, which it takes out of every row.
 */
export function lastKeyset(rows: readonly Record<string, unknown>[], order: readonly SortKey[]): unknown[] | undefined {
  const last = rows[rows.length - 1];
  if (!last) return undefined;
  if (!(KEYSET_COLUMN in last)) return order.map((k) => last[k.field]);
  const values = last[KEYSET_COLUMN] as unknown[];
  // undefined rather than delete: JSON leaves it out, and the row keeps its shape (a deleted key makes every later
  // access and the response's stringify take V8's slow dictionary path).
  for (const row of rows) row[KEYSET_COLUMN] = undefined;
  return values;
}

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
/** Postgres functions take at most 100 arguments: 50 key/value pairs per jsonb_build_object call. */
const PAIRS_PER_CALL = 50;

export function buildSelect(ctx: RequestContext, entity: EntityDef, spec: ReadSpec): SqlFragment {
  return byIdKey(entity, spec) ? selectById(ctx, entity, spec) : compileSelect(ctx, entity, spec);
}

// A get by id is the same statement for every request of a user under one model: its text is kept per policy and model
// (rebuilding it was ~25 µs a request). Only the id changes, and it is the last binding.
const byIdStatements = new WeakMap<object, WeakMap<Model, Map<string, { scope: SqlFragment | undefined; select: SqlFragment }>>>();
const BY_ID_LIMIT = 500;

/** A cache key when the read is a plain get by id whose only expansions are lines (which carry no scope of their own). */
function byIdKey(entity: EntityDef, spec: ReadSpec): string | undefined {
  if (spec.id === undefined || spec.filter || spec.after || spec.limit !== undefined || spec.withKeyset || spec.order.length) return undefined;
  if (spec.expand?.some((name) => entity.fields.get(name)?.type !== 'children')) return undefined;
  return `${entity.name}|${spec.fields?.join(',') ?? '*'}|${spec.expand?.join(',') ?? ''}`;
}

function selectById(ctx: RequestContext, entity: EntityDef, spec: ReadSpec): SqlFragment {
  const key = `${ctx.tenant.schema}|${byIdKey(entity, spec)!}`;
  // The policy caches its scope per model version, except a scope relative to the clock, which it compiles afresh:
  // a new fragment object, so the cached text is then built again rather than reused.
  const scope = ctx.access.rowScope(entity, 'read', 'r');
  let perModel = byIdStatements.get(ctx.access);
  if (!perModel) byIdStatements.set(ctx.access, (perModel = new WeakMap()));
  let perPolicy = perModel.get(ctx.model);
  if (!perPolicy) perModel.set(ctx.model, (perPolicy = new Map()));
  let cached = perPolicy.get(key);
  if (!cached || cached.scope !== scope) {
    if (perPolicy.size >= BY_ID_LIMIT) perPolicy.clear();
    cached = { scope, select: compileSelect(ctx, entity, spec) };
    perPolicy.set(key, cached);
  }
  const { sql, bindings } = cached.select;
  return { sql, bindings: [...bindings.slice(0, -1), spec.id] };
}

function compileSelect(ctx: RequestContext, entity: EntityDef, spec: ReadSpec): SqlFragment {
  const bindings: unknown[] = [];
  const { columns, names, plain } = selectColumns(ctx, entity, spec, bindings);
  // Order keys the page does not return as plain columns ride along as __k<i>, dropped again by the outer select below.
  const fromRow = () => spec.order.every((k) => plain.has(k.field) && EXACT_IN_JS.test(columnTypeOf(entity.fields.get(k.field)!)));
  const keysetKeys = spec.withKeyset && !fromRow()
    ? spec.order.map((k, i) => {
        if (plain.has(k.field)) return quoteIdent(k.field);
        columns.push(`r.${quoteIdent(k.field)} as __k${i}`);
        return `__k${i}`;
      })
    : undefined;
  const where: string[] = [];
  addScope(ctx, entity, 'r', where, bindings);
  if (spec.id !== undefined) {
    where.push('r.id = ?');
    bindings.push(spec.id);
  }
  if (spec.filter) {
    where.push(`(${spec.filter.sql})`);
    bindings.push(...spec.filter.bindings);
  }
  if (spec.after) {
    const keyset = keysetPredicate(spec.order, spec.after);
    where.push(keyset.sql);
    bindings.push(...keyset.bindings);
  }
  let sql = `select ${columns.join(', ')} from ${qualified(ctx.tenant, entity.name)} r`;
  if (where.length) sql += ` where ${where.join(' and ')}`;
  if (spec.order.length) sql += ` order by ${spec.order.map(orderTerm).join(', ')}`;
  if (spec.limit !== undefined) {
    sql += ' limit ?';
    bindings.push(spec.limit);
  }
  if (keysetKeys) {
    // The keyset's text values are computed over the page only: in the inner select, Postgres would evaluate them for
    // every candidate row before the sort and the limit (measured: +50% on a filtered top-50 of 12,000 rows).
    const keys = keysetKeys.map((k) => `q.${k}`);
    sql =
      `select ${names.map((n) => `q.${n}`).join(', ')}, jsonb_build_array(${keys.map((k) => `${k}::text`).join(', ')}) as ${KEYSET_COLUMN}` +
      ` from (${sql}) q order by ${spec.order.map((k, i) => `${keys[i]} ${direction(k)}`).join(', ')}`;
  }
  return { sql, bindings };
}

/** The select list under the actor's field rights: output column names, and those holding a stored value as it is. */
function selectColumns(ctx: RequestContext, entity: EntityDef, spec: Pick<ReadSpec, 'fields' | 'expand'>, bindings: unknown[]) {
  const columns: string[] = [];
  const names: string[] = [];
  const plain = new Set<string>();
  const wanted = new Set(spec.fields ?? []);
  for (const field of entity.fields.values()) {
    const always = field.name === 'id' || field.name === 'version';
    if (!always && spec.fields && !wanted.has(field.name)) continue;
    if (!ctx.access.canReadField(entity, field.name)) continue;
    if (spec.expand?.includes(field.name)) columns.push(`${expansion(ctx, field, 'r', bindings)} as ${quoteIdent(field.name)}`);
    else if (field.stored) {
      columns.push(`r.${quoteIdent(field.name)}`);
      plain.add(field.name);
    } else if (field.type === 'many_to_many') columns.push(`${linkIds(ctx, field)} as ${quoteIdent(field.name)}`);
    else continue;
    names.push(quoteIdent(field.name));
  }
  return { columns, names, plain };
}

/**
 * The columns a get by id would return, for an INSERT's RETURNING (alias r): only when the whole record is its own
 * row, i.e. the entity has no lines or links and the actor reads it under no row scope (with a scope, the get's
 * 404 for a record outside it must stay the answer). undefined means: read the record back with buildSelect.
 */
export function returningColumns(ctx: RequestContext, entity: EntityDef): string | undefined {
  // Lines and links are read from other tables. Rollups are columns of the row: a new record's start empty in its
  // INSERT (newRecordRollups), and a create whose lines fill them reads the record back (insertRecord).
  for (const field of entity.fields.values()) if (field.type === 'children' || field.type === 'many_to_many') return undefined;
  if (ctx.access.rowScope(entity, 'read', 'r')) return undefined;
  return selectColumns(ctx, entity, {}, []).columns.join(', ');
}

/** `select count(*)` over the same scope and filter as a list. */
export function buildCount(ctx: RequestContext, entity: EntityDef, filter?: SqlFragment): SqlFragment {
  const bindings: unknown[] = [];
  const where: string[] = [];
  addScope(ctx, entity, 'r', where, bindings);
  if (filter) {
    where.push(`(${filter.sql})`);
    bindings.push(...filter.bindings);
  }
  const sql = `select count(*) as n from ${qualified(ctx.tenant, entity.name)} r${where.length ? ` where ${where.join(' and ')}` : ''}`;
  return { sql, bindings };
}

function addScope(ctx: RequestContext, entity: EntityDef, alias: string, where: string[], bindings: unknown[]): void {
  const scope = ctx.access.rowScope(entity, 'read', alias);
  if (!scope) return;
  where.push(`(${scope.sql})`);
  bindings.push(...scope.bindings);
}

// Postgres sorts NULL last ascending and first descending; the keyset predicate below relies on exactly that.
function orderTerm(k: SortKey): string {
  return `r.${quoteIdent(k.field)} ${direction(k)}`;
}

function direction(k: SortKey): string {
  return k.desc ? 'desc nulls first' : 'asc nulls last';
}

/** Rows strictly after `values` in the order: (k1 after v1) or (k1 = v1 and k2 after v2) or … */
function keysetPredicate(order: readonly SortKey[], values: readonly unknown[]): SqlFragment {
  const bindings: unknown[] = [];
  const alternatives: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const terms: string[] = [];
    for (let j = 0; j < i; j++) {
      const col = `r.${quoteIdent(order[j]!.field)}`;
      if (values[j] === null) terms.push(`${col} is null`);
      else {
        terms.push(`${col} = ?`);
        bindings.push(values[j]);
      }
    }
    const col = `r.${quoteIdent(order[i]!.field)}`;
    const v = values[i];
    if (order[i]!.desc) {
      if (v === null) terms.push(`${col} is not null`);
      else {
        terms.push(`${col} < ?`);
        bindings.push(v);
      }
    } else {
      if (v === null) continue; // nothing sorts after NULL ascending except further NULLs, covered by the next key
      terms.push(`(${col} > ? or ${col} is null)`);
      bindings.push(v);
    }
    alternatives.push(`(${terms.join(' and ')})`);
  }
  return { sql: alternatives.length ? `(${alternatives.join(' or ')})` : 'false', bindings };
}

function linkIds(ctx: RequestContext, field: FieldDef): string {
  const link = qualified(ctx.tenant, linkTableName(field.entity, field.name));
  return `(select coalesce(array_agg(l.target_id::text order by l.target_id), '{}') from ${link} l where l.source_id = r.id)`;
}

function expansion(ctx: RequestContext, field: FieldDef, parent: string, bindings: unknown[]): string {
  const target = ctx.model.entities.get(field.target!)!;
  const table = qualified(ctx.tenant, target.name);
  const where: string[] = [];
  const innerBindings: unknown[] = [];
  // Lines belong to their parent: whoever may read the parent row reads its lines. Other relations are records
  // of their own, under the actor's rights and scope for that entity.
  if (field.type !== 'children') {
    ctx.access.assertCan(target, 'read');
    addScope(ctx, target, 'x', where, innerBindings);
  }
  const scope = where.length ? ` and ${where.join(' and ')}` : '';
  bindings.push(...innerBindings);
  const obj = jsonObject(ctx, target, 'x');
  switch (field.type) {
    case 'ref':
      return `(select ${obj} from ${table} x where x.id = ${parent}.${quoteIdent(field.name)}${scope})`;
    case 'children':
      return `(select coalesce(jsonb_agg(${obj} order by x.created_at, x.id), '[]'::jsonb) from ${table} x where x.${quoteIdent(field.foreignKey!)} = ${parent}.id${scope})`;
    case 'many_to_many': {
      const link = qualified(ctx.tenant, linkTableName(field.entity, field.name));
      return `(select coalesce(jsonb_agg(${obj} order by x.id), '[]'::jsonb) from ${link} l join ${table} x on x.id = l.target_id where l.source_id = ${parent}.id${scope})`;
    }
    default:
      throw new Error(`cannot expand a ${field.type} field`);
  }
}

/** A record as jsonb with the same value shapes the top-level columns have (ISO UTC timestamps, numbers). */
function jsonObject(ctx: RequestContext, entity: EntityDef, alias: string): string {
  const pairs: string[] = [];
  for (const f of entity.fields.values()) {
    if (!f.stored || !ctx.access.canReadField(entity, f.name)) continue;
    const col = `${alias}.${quoteIdent(f.name)}`;
    const value = f.type === 'datetime' || f.name === 'created_at' || f.name === 'updated_at' ? `to_char(${col} at time zone 'UTC', ${ISO_UTC})` : col;
    pairs.push(`'${f.name}', ${value}`);
  }
  const calls: string[] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_CALL) calls.push(`jsonb_build_object(${pairs.slice(i, i + PAIRS_PER_CALL).join(', ')})`);
  return calls.join(' || ');
}
