// Gives a record a new owner (负责人); its department follows the owner's. The one way owners change: the assign
// action, handovers and seeding all come through here, so scope checks and change events are never skipped.
import { EngineError, notFound, validationFailed, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import type { EntityDef } from '../metadata/index.ts';

/** Runs inside the caller's transaction (ctx.knex). */
export async function assignOwner(
  ctx: RequestContext,
  entity: EntityDef,
  id: string,
  ownerId: string,
  audit: { action: 'assign' | 'handover'; reason?: string } = { action: 'assign' },
): Promise<void> {
  ctx.access.assertCan(entity, 'assign');
  const table = qualified(ctx.tenant, entity.name);
  const scope = ctx.access.rowScope(entity, 'assign', 'r');
  const [before] = await queryRows<Record<string, unknown>>(
    ctx.knex,
    `select * from ${table} r where r.id = ?${scope ? ` and (${scope.sql})` : ''} for update`,
    [id, ...(scope?.bindings ?? [])],
  );
  if (!before) throw notFound(`No ${entity.name} record with id ${id}`, [{ path: 'id', message: 'not found' }]);
  const [owner] = await queryRows<{ id: string; dept: string | null; active: boolean }>(ctx.knex, `select id, dept, active from ${qualified(ctx.tenant, 'app_user')} where id = ?`, [ownerId]);
  if (!owner || !owner.active) throw validationFailed([{ path: '/owner', message: ctx.locale === 'zh-CN' ? '用户不存在或已停用' : 'no such active user' }]);
  await queryRows(ctx.knex, `update ${table} set owner = ?, department = ?, version = version + 1, updated_at = now(), updated_by = ? where id = ?`, [
    owner.id,
    owner.dept,
    ctx.actor.id,
    id,
  ]);
  if (scope) {
    const still = await queryRows(ctx.knex, `select 1 from ${table} r where r.id = ? and (${scope.sql})`, [id, ...scope.bindings]);
    if (!still.length) throw new EngineError('FORBIDDEN', 'You may not assign records to that user', [{ path: '/owner', message: 'outside your scope' }]);
  }
  const after = { ...before, owner: owner.id, department: owner.dept, version: Number(before.version) + 1 };
  await ctx.onChange?.(ctx, { entity: entity.name, id, action: 'update', before, after, auditAction: audit.action, reason: audit.reason });
}
