// 业务移交: a departing employee's records go to a successor, or round-robin to several. Records that declare
// `handover.follow` (a customer's open opportunities, quotes, contracts, orders) go with their parent to the same
// person. One audit entry per record; the departing user is disabled, never deleted. All or nothing.
import { badRequest, EngineError, ALLOW_ALL, type RequestContext } from '../core/index.ts';
import { businessClockNow } from '../jobs/index.ts';
import { assignOwner, compiledEntity, updateRecordById } from '../data/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import type { EntityDef, Model } from '../metadata/index.ts';
import { compileRuleToSql } from '../rules/index.ts';
import { revokeUserSessions } from './auth/index.ts';

export interface HandoverRequest {
  from: string;
  to: string[];
  entities?: string[];
  reason?: string;
}

export interface HandoverResult {
  /** entity → new owner id → number of records moved to them. */
  moved: Record<string, Record<string, number>>;
  /** Whether the departing user was disabled (false for a preview). */
  disabled: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function handover(ctx: RequestContext, body: unknown): Promise<HandoverResult> {
  ctx.access.assertFunction('handover');
  const req = requestOrThrow(ctx.model, body);
  return ctx.knex.transaction(async (trx) => {
    // The mover acts with every record in reach: the handover right is the permission; the actor stays the person.
    const tx: RequestContext = { ...ctx, knex: trx, access: ALLOW_ALL };
    await usersOrThrow(tx, req);
    const audit = { action: 'handover' as const, reason: req.reason };
    const moves = await planMoves(tx, req);
    for (const move of moves) await assignOwner(tx, ctx.model.entities.get(move.entity)!, move.id, move.owner, audit);
    await updateRecordById(tx, 'app_user', req.from, { active: false });
    await revokeUserSessions(trx, ctx.tenant, req.from);
    return { moved: countMoves(moves), disabled: true };
  });
}

/** What a handover would move where, computed exactly as the handover does it, without changing anything. */
export async function previewHandover(ctx: RequestContext, body: unknown): Promise<HandoverResult> {
  ctx.access.assertFunction('handover');
  const req = requestOrThrow(ctx.model, body);
  const tx: RequestContext = { ...ctx, access: ALLOW_ALL };
  await usersOrThrow(tx, req);
  return { moved: countMoves(await planMoves(tx, req)), disabled: false };
}

interface Move {
  entity: string;
  id: string;
  owner: string;
}

/** Each of the departing user's records with its heir: round-robin, except followers, which go where their parent went. */
async function planMoves(tx: RequestContext, req: HandoverRequest): Promise<Move[]> {
  const moves: Move[] = [];
  const movedTo = new Map<string, string>(); // "entity:id" of a moved parent → its new owner
  for (const entity of orderedEntities(tx.model, req.entities)) {
    const followers = entity.handover ? await openFollowers(tx, entity, req.from) : new Map<string, string>();
    const ids = await queryRows<{ id: string }>(tx.knex, `select id from ${qualified(tx.tenant, entity.name)} where owner = ? order by created_at, id`, [req.from]);
    let next = 0;
    for (const { id } of ids) {
      const parent = followers.get(id);
      const heir = parent ? movedTo.get(`${entity.handover!.follow}:${parent}`) : undefined;
      const owner = heir ?? req.to[next++ % req.to.length]!;
      movedTo.set(`${entity.name}:${id}`, owner);
      moves.push({ entity: entity.name, id, owner });
    }
  }
  return moves;
}

function countMoves(moves: Move[]): HandoverResult['moved'] {
  const moved: HandoverResult['moved'] = {};
  for (const { entity, owner } of moves) {
    moved[entity] ??= {};
    moved[entity][owner] = (moved[entity][owner] ?? 0) + 1;
  }
  return moved;
}

/** Parents before the records that follow them, so a follower knows where its parent went. */
function orderedEntities(model: Model, only?: string[]): EntityDef[] {
  const lines = new Set<string>();
  for (const e of model.entities.values()) for (const f of e.fields.values()) if (f.type === 'children') lines.add(f.target!);
  const candidates = [...model.entities.values()].filter((e) => e.module !== 'system' && !lines.has(e.name) && (!only || only.includes(e.name)));
  const parentOf = (e: EntityDef) => (e.handover ? e.fields.get(e.handover.follow)?.target : undefined);
  const ordered: EntityDef[] = [];
  const visit = (e: EntityDef, seen: Set<string>) => {
    if (ordered.includes(e) || seen.has(e.name)) return;
    seen.add(e.name);
    const parent = parentOf(e);
    const p = parent ? candidates.find((c) => c.name === parent) : undefined;
    if (p) visit(p, seen);
    ordered.push(e);
  };
  for (const e of candidates) visit(e, new Set());
  return ordered;
}

/** Open records of the departing user, with the parent each would follow. */
async function openFollowers(tx: RequestContext, entity: EntityDef, from: string): Promise<Map<string, string>> {
  const follow = entity.handover!.follow;
  let where = '';
  let bindings: unknown[] = [];
  if (entity.handover!.openWhen !== undefined) {
    const sql = compileRuleToSql(entity.handover!.openWhen, compiledEntity(tx.model, entity.name).ruleScope('r'), { now: businessClockNow(tx.tenant), timeZone: tx.tenant.timeZone });
    where = ` and (${sql.sql})`;
    bindings = sql.bindings;
  }
  const rows = await queryRows<{ id: string; parent: string }>(
    tx.knex,
    `select r.id, r."${follow}" as parent from ${qualified(tx.tenant, entity.name)} r where r.owner = ? and r."${follow}" is not null${where}`,
    [from, ...bindings],
  );
  return new Map(rows.map((r) => [r.id, r.parent]));
}

function requestOrThrow(model: Model, body: unknown): HandoverRequest {
  const b = body as Partial<HandoverRequest> | undefined;
  const problems: { path: string; message: string }[] = [];
  if (!b || typeof b !== 'object') throw badRequest('Send {"from", "to": [...]}', [{ path: '/', message: 'must be an object' }]);
  for (const key of Object.keys(b)) if (!['from', 'to', 'entities', 'reason'].includes(key)) problems.push({ path: `/${key}`, message: 'unknown field' });
  if (typeof b.from !== 'string' || !UUID.test(b.from)) problems.push({ path: '/from', message: 'must be a user id' });
  if (!Array.isArray(b.to) || b.to.length === 0 || b.to.length > 100 || b.to.some((t) => typeof t !== 'string' || !UUID.test(t))) problems.push({ path: '/to', message: 'must be 1 to 100 user ids' });
  else if (new Set(b.to).size !== b.to.length || b.to.includes(b.from as string)) problems.push({ path: '/to', message: 'must be distinct users other than "from"' });
  if (b.entities !== undefined && (!Array.isArray(b.entities) || b.entities.some((e) => typeof e !== 'string' || !model.entities.has(e)))) problems.push({ path: '/entities', message: 'must list known entities' });
  if (b.reason !== undefined && (typeof b.reason !== 'string' || b.reason.length > 500)) problems.push({ path: '/reason', message: 'must be text of at most 500 characters' });
  if (problems.length) throw badRequest('The handover request is not valid', problems);
  return b as HandoverRequest;
}

async function usersOrThrow(tx: RequestContext, req: HandoverRequest): Promise<void> {
  const ids = [req.from, ...req.to];
  const rows = await queryRows<{ id: string; active: boolean }>(tx.knex, `select id, active from ${qualified(tx.tenant, 'app_user')} where id = any(?::uuid[])`, [ids]);
  const found = new Map(rows.map((r) => [r.id, r.active]));
  const problems = ids.flatMap((id, i) => {
    const path = i === 0 ? '/from' : `/to/${i - 1}`;
    if (!found.has(id)) return [{ path, message: 'no such user' }];
    if (i > 0 && !found.get(id)) return [{ path, message: 'user is disabled' }];
    return [];
  });
  if (problems.length) throw new EngineError('VALIDATION_FAILED', 'The handover names users that cannot take part', problems);
}
