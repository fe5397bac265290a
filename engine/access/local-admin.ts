// Operations an operator runs from the command line (crm user add, production checks), as the system actor.
import type { Knex } from 'knex';
import { EngineError, type RequestContext } from '../core/index.ts';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import { verifyPassword } from './auth/index.ts';
import { createUser } from './create-user.ts';

/** Creates a user (optionally with the admin role) and sets a password that must pass the password policy. */
export async function addUser(ctx: RequestContext, input: { username: string; displayName?: string; password: string; admin: boolean }): Promise<string> {
  let roles: string[] = [];
  if (input.admin) {
    const [role] = await queryRows<{ id: string }>(ctx.knex, `select id from ${qualified(ctx.tenant, 'role')} where code = 'admin'`);
    if (!role) throw new EngineError('NOT_FOUND', 'There is no admin role; run crm schema apply first');
    roles = [role.id];
  }
  // The operator chose this password at the terminal for their own use: nothing to change at first sign-in.
  const record = { username: input.username, display_name: input.displayName ?? input.username, roles };
  const user = await createUser(ctx, { record, password: input.password, mustChange: false });
  return String(user.id);
}

/** Active users whose password is still the demo one: production mode refuses to start while any exist. */
export async function usersWithPassword(knex: Knex, tenant: Tenant, password: string): Promise<string[]> {
  const users = await queryRows<{ id: string; username: string }>(knex, `select id, username from ${qualified(tenant, 'app_user')} where active`);
  const found: string[] = [];
  for (const u of users) if (await verifyPassword(knex, tenant, u.id, password)) found.push(u.username);
  return found;
}
