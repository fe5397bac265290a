// Operations an operator runs from the command line (crm user add, production checks), as the system actor.
import type { Knex } from 'knex';
import { EngineError, type RequestContext } from '../core/index.ts';
import { createRecord } from '../data/index.ts';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import { setPassword, verifyPassword } from './auth/index.ts';

/** Creates a user (optionally with the admin role) and sets a password that must pass the password policy. */
export async function addUser(ctx: RequestContext, input: { username: string; displayName?: string; password: string; admin: boolean }): Promise<string> {
  return ctx.knex.transaction(async (trx) => {
    const tx = { ...ctx, knex: trx };
    let roles: string[] = [];
    if (input.admin) {
      const [role] = await queryRows<{ id: string }>(trx, `select id from ${qualified(ctx.tenant, 'role')} where code = 'admin'`);
      if (!role) throw new EngineError('NOT_FOUND', 'There is no admin role; run crm schema apply first');
      roles = [role.id];
    }
    const user = await createRecord(tx, 'app_user', { username: input.username, display_name: input.displayName ?? input.username, roles });
    await setPassword(trx, ctx.tenant, String(user.id), input.password, { enforcePolicy: true, username: input.username, locale: ctx.locale });
    return String(user.id);
  });
}

/** Active users whose password is still the demo one: production mode refuses to start while any exist. */
export async function usersWithPassword(knex: Knex, tenant: Tenant, password: string): Promise<string[]> {
  const users = await queryRows<{ id: string; username: string }>(knex, `select id, username from ${qualified(tenant, 'app_user')} where active`);
  const found: string[] = [];
  for (const u of users) if (await verifyPassword(knex, tenant, u.id, password)) found.push(u.username);
  return found;
}
