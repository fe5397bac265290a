// The role designer's reads (the users function): "view as this role" — the menu and the first page of an entity's
// list as the role alone shows them to a sample user (default: the caller's own place in the org chart) — and the
// users, groups and positions that hold the role. Saving a role is a plain role-record write (grant rule applies).
import { Router } from 'express';
import { rolePreviewPolicy, roleHolders } from '../access/index.ts';
import { badRequest, EngineError, readQueryParamsOrThrow, type RequestContext } from '../core/index.ts';
import { listRecords } from '../data/index.ts';
import type { AppState } from './app-state.ts';
import { visibleMenus } from './meta-router.ts';
import { contextOf } from './request-context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PREVIEW_ROWS = 20;

export function rolesRouter(state: AppState): Router {
  const router = Router();
  router.get('/roles/:code/preview', async (req, res) => {
    const ctx = contextOf(state, req, res);
    const { entity, as } = readQueryParamsOrThrow(req.query, ['entity', 'as'], 'role preview');
    if (as !== undefined && !UUID.test(as)) throw badRequest('as must be a user id', [{ path: 'as', message: 'must be a user id' }]);
    if (entity !== undefined && !ctx.model.entities.has(entity)) throw badRequest(`Unknown entity "${entity}"`, [{ path: 'entity', message: 'no such entity' }]);
    const preview = await rolePreviewPolicy(ctx, req.params.code, as);
    const asRole: RequestContext = { ...ctx, access: preview.policy };
    const { role, user } = preview;
    res.json({
      role: { code: role.code, name: role.name, name_en: role.nameEn },
      user: { id: user.id, username: user.username, display_name: user.displayName, department: user.department },
      menus: visibleMenus(asRole, ctx.model.menus),
      ...(entity ? { list: await listAs(asRole, entity) } : {}),
    });
  });
  router.get('/roles/:code/holders', async (req, res) => {
    const ctx = contextOf(state, req, res);
    readQueryParamsOrThrow(req.query, [], 'role holders');
    res.json(await roleHolders(ctx, req.params.code));
  });
  return router;
}

/** The entity's first page under the role, or why the role shows none (no read right). */
async function listAs(ctx: RequestContext, entity: string) {
  try {
    const page = await listRecords(ctx, entity, { limit: String(PREVIEW_ROWS), count: 'exact' });
    return { entity, readable: true, data: page.data, count: page.count ?? page.data.length };
  } catch (e) {
    if (e instanceof EngineError && e.code === 'FORBIDDEN') return { entity, readable: false, data: [], count: 0 };
    throw e;
  }
}
