// Parses and checks a list request's parameters (filter, sort, limit, cursor, fields, expand, count); anything
// unknown or unreadable is refused with 400 naming the parameter, so a filter can never probe hidden data.
import { badRequest, parseLimit, unstorableTextDetails, validationFailed, type ErrorDetail, type RequestContext, type SqlFragment } from '../core/index.ts';
import type { EntityDef, Model } from '../metadata/index.ts';
import { checkRule, compileRuleToSql } from '../rules/index.ts';
import { compiledEntity } from './compiled-model.ts';
import type { SortKey } from './select-records.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const PARAMS = new Set(['filter', 'sort', 'limit', 'cursor', 'fields', 'expand', 'count']);
const UNSORTABLE = new Set(['json', 'multi_enum', 'children', 'many_to_many', 'attachment']);
const NAME_LIST = /^[a-z][a-z0-9_]*(,[a-z][a-z0-9_]*)*$/;
const SORT_LIST = /^-?[a-z][a-z0-9_]*(,-?[a-z][a-z0-9_]*)*$/;

export interface ListQuery {
  filter?: SqlFragment;
  order: SortKey[];
  limit: number;
  cursor?: string;
  fields?: string[];
  expand?: string[];
  count?: 'exact' | 'estimated';
}

export function parseListQuery(ctx: RequestContext, entity: EntityDef, raw: Record<string, unknown>, now: Date): ListQuery {
  const problems: ErrorDetail[] = [];
  const param = (name: string): string | undefined => {
    const v = raw[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      problems.push({ path: name, message: 'must be given once, as a single value' });
      return undefined;
    }
    return v;
  };
  for (const key of Object.keys(raw)) if (!PARAMS.has(key)) problems.push({ path: key, message: 'unknown query parameter', expected: [...PARAMS].join(', ') });

  const query: ListQuery = { order: [], limit: DEFAULT_LIMIT };
  const filterText = param('filter');
  if (filterText !== undefined) query.filter = parseFilter(ctx, entity, filterText, now, problems);
  query.order = parseSort(ctx, entity, param('sort'), problems);
  const limit = param('limit');
  if (limit !== undefined) query.limit = parseLimit(limit, MAX_LIMIT, problems) ?? DEFAULT_LIMIT;
  query.cursor = param('cursor');
  const fields = param('fields');
  if (fields !== undefined) query.fields = parseNames(ctx, entity, 'fields', fields, problems, () => true);
  const expand = param('expand');
  if (expand !== undefined) {
    query.expand = parseNames(ctx, entity, 'expand', expand, problems, (name) => {
      const t = entity.fields.get(name)!.type;
      return t === 'ref' || t === 'children' || t === 'many_to_many' ? true : `"${name}" is not a relation`;
    });
  }
  const count = param('count');
  if (count !== undefined) {
    if (count !== 'exact' && count !== 'estimated') problems.push({ path: 'count', message: 'must be "exact" or "estimated"' });
    else query.count = count;
  }
  if (problems.length) throw badRequest('The list request is not valid', problems);
  return query;
}

// A list's filter compiled once per policy, model and filter text (checking and compiling it was ~80 µs a request,
// the largest part of the engine's own CPU for a list). Not for a filter that may mention now or today: its SQL
// depends on the clock. Cached fragments are shared, so their users only read them.
const compiledFilters = new WeakMap<object, WeakMap<Model, Map<string, SqlFragment>>>();
const FILTERS_PER_POLICY = 500;

function parseFilter(ctx: RequestContext, entity: EntityDef, text: string, now: Date, problems: ErrorDetail[]): SqlFragment | undefined {
  if (/now|today/i.test(text)) return compileFilter(ctx, entity, text, now, problems);
  let perModel = compiledFilters.get(ctx.access);
  if (!perModel) compiledFilters.set(ctx.access, (perModel = new WeakMap()));
  let perPolicy = perModel.get(ctx.model);
  if (!perPolicy) perModel.set(ctx.model, (perPolicy = new Map()));
  const key = `${ctx.tenant.schema}|${ctx.tenant.timeZone ?? ''}|${entity.name}|${text}`;
  let filter = perPolicy.get(key);
  if (!filter) {
    filter = compileFilter(ctx, entity, text, now, problems);
    if (!filter) return undefined;
    if (perPolicy.size >= FILTERS_PER_POLICY) perPolicy.clear();
    perPolicy.set(key, filter);
  }
  return filter;
}

function compileFilter(ctx: RequestContext, entity: EntityDef, text: string, now: Date, problems: ErrorDetail[]): SqlFragment | undefined {
  let rule: unknown;
  try {
    rule = JSON.parse(text);
  } catch {
    problems.push({ path: 'filter', message: 'is not valid JSON (a json-logic expression, URL-encoded)' });
    return undefined;
  }
  // JSON escapes reach here that no URL could carry ("\u0000", a lone "\ud800"); the database could not compare them.
  const unstorable = unstorableTextDetails(rule, 'filter', ctx.locale);
  if (unstorable.length) throw validationFailed(unstorable, 'The filter holds characters that cannot be stored');
  const scope = readableScope(ctx, entity);
  const found = checkRule(rule, scope, { purpose: 'filter' });
  if (found.length) {
    problems.push(...found.map((p) => ({ path: `filter${p.pointer}`, message: p.message, ...(p.expected ? { expected: p.expected } : {}) })));
    return undefined;
  }
  return compileRuleToSql(rule, scope, { now, timeZone: ctx.tenant.timeZone });
}

// Filtering on a field the actor cannot read would leak it one comparison at a time, so such fields do not exist here.
function readableScope(ctx: RequestContext, entity: EntityDef) {
  const full = compiledEntity(ctx.model, entity.name).ruleScope('r');
  const fields = new Map([...full.fields].filter(([name]) => ctx.access.canReadField(entity, name)));
  return { fields };
}

function parseSort(ctx: RequestContext, entity: EntityDef, text: string | undefined, problems: ErrorDetail[]): SortKey[] {
  const keys: SortKey[] = [];
  if (text !== undefined && text !== '') {
    if (!SORT_LIST.test(text)) {
      problems.push({ path: 'sort', message: 'must be a comma-separated list of field names, each optionally prefixed with -', expected: '-amount,name' });
      return [];
    }
    for (const part of text.split(',')) {
      const desc = part.startsWith('-');
      const name = desc ? part.slice(1) : part;
      const field = entity.fields.get(name);
      if (!field || !ctx.access.canReadField(entity, name)) problems.push({ path: 'sort', message: `unknown field "${name}"` });
      else if (UNSORTABLE.has(field.type)) problems.push({ path: 'sort', message: `cannot sort by a ${field.type} field ("${name}")` });
      else if (!keys.some((k) => k.field === name)) keys.push({ field: name, desc });
    }
  }
  if (keys.length === 0) keys.push({ field: 'created_at', desc: true });
  // id makes the order total, which keyset paging needs.
  if (!keys.some((k) => k.field === 'id')) keys.push({ field: 'id', desc: false });
  return keys;
}

function parseNames(
  ctx: RequestContext,
  entity: EntityDef,
  param: string,
  text: string,
  problems: ErrorDetail[],
  allowed: (name: string) => true | string,
): string[] | undefined {
  if (!NAME_LIST.test(text)) {
    problems.push({ path: param, message: 'must be a comma-separated list of field names' });
    return undefined;
  }
  const names = [...new Set(text.split(','))];
  for (const name of names) {
    if (!entity.fields.has(name) || !ctx.access.canReadField(entity, name)) {
      problems.push({ path: param, message: `unknown field "${name}"` });
      continue;
    }
    const ok = allowed(name);
    if (ok !== true) problems.push({ path: param, message: ok });
  }
  return names;
}
