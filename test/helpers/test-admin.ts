// Creates the administrator a test signs in as: the built-in admin role and one user with a known password.
import { handleRecordChange } from '../../engine/access/index.ts';
import { setPassword } from '../../engine/access/auth/index.ts';
import { ALLOW_ALL, SYSTEM_ACTOR, type RequestContext } from '../../engine/core/index.ts';
import { createRecord } from '../../engine/data/index.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';
import type { Model } from '../../engine/metadata/index.ts';

export const TEST_ADMIN = { username: 'admin', password: 'Tr0ub4dor&3-horse' };

export function systemContext(db: Database, tenant: Tenant, model: Model): RequestContext {
  return { actor: SYSTEM_ACTOR, access: ALLOW_ALL, tenant, model, knex: db.knex, locale: 'zh-CN', requestId: 'test', onChange: handleRecordChange };
}

const ALL = { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all', import: 'all', approve: 'all', assign: 'all' };

export async function createTestAdmin(db: Database, tenant: Tenant, model: Model): Promise<string> {
  const ctx = systemContext(db, tenant, model);
  const role = await createRecord(ctx, 'role', { code: 'admin', name: '系统管理员', name_en: 'Administrator', permissions: { modules: ['*'], menus: ['*'], functions: ['*'], entities: { '*': ALL } } });
  const user = await createRecord(ctx, 'app_user', { username: TEST_ADMIN.username, display_name: '管理员', roles: [role.id] });
  await db.knex.transaction((trx) => setPassword(trx, tenant, String(user.id), TEST_ADMIN.password, { enforcePolicy: true, username: TEST_ADMIN.username }));
  return String(user.id);
}
