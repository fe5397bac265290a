// The role designer's two questions about a role: what it alone gives a person (a policy built from the role, not
// from a sign-in), and who holds it (users, directly or through a group or position; the groups and positions).
import { EngineError, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { accessVersion, orgDirectory, type DirectoryRole, type DirectoryUser, type OrgDirectory } from './org-directory.ts';
import { buildUserPolicy, type UserPolicy } from './user-policy.ts';

export interface RolePreview {
  role: DirectoryRole;
  /** Whose place in the org chart fills the role's $user variables (own, department…). */
  user: DirectoryUser;
  policy: UserPolicy;
}

export interface RoleHolders {
  users: { id: string; username: string; displayName: string; department: string | null }[];
  groups: { id: string; name: string }[];
  positions: { id: string; name: string }[];
}

/** The role's rights alone, for the sample user `asUserId` (default: the caller). Needs the users function. */
export async function rolePreviewPolicy(ctx: RequestContext, code: string, asUserId: string | undefined): Promise<RolePreview> {
  ctx.access.assertFunction('users');
  const directory = await currentDirectory(ctx);
  const role = roleOrThrow(directory, code);
  const userId = asUserId ?? ctx.actor.id;
  const user = userId ? directory.users.get(userId) : undefined;
  if (!user) throw new EngineError('VALIDATION_FAILED', 'The sample user does not exist', [{ path: 'as', message: 'no such user' }]);
  return { role, user, policy: buildUserPolicy(ctx.model, directory, user.id, ctx.tenant, [role]) };
}

export async function roleHolders(ctx: RequestContext, code: string): Promise<RoleHolders> {
  ctx.access.assertFunction('users');
  const directory = await currentDirectory(ctx);
  const role = roleOrThrow(directory, code);
  const linked = (entity: string) =>
    queryRows<{ id: string; name: string }>(
      ctx.knex,
      `select e.id, e.name from ${qualified(ctx.tenant, entity)} e join ${qualified(ctx.tenant, `${entity}__roles`)} l on l.source_id = e.id where l.target_id = ? order by e.name`,
      [role.id],
    );
  const [groups, positions] = await Promise.all([linked('user_group'), linked('position')]);
  const users = directory.holders(role.code).map((id) => directory.users.get(id)!);
  users.sort((a, b) => a.username.localeCompare(b.username));
  return { users: users.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, department: u.department })), groups, positions };
}

async function currentDirectory(ctx: RequestContext): Promise<OrgDirectory> {
  return orgDirectory(ctx.knex, ctx.tenant, await accessVersion(ctx.knex, ctx.tenant));
}

function roleOrThrow(directory: OrgDirectory, code: string): DirectoryRole {
  const role = [...directory.roles.values()].find((r) => r.code === code);
  if (!role) throw new EngineError('NOT_FOUND', `No role "${code}"`, [{ path: 'code', message: 'no such role' }]);
  return role;
}
