// Every record write that could give someone access, described for the one grant rule (grant-rule.ts): a user's
// place in the org chart, a department's place and manager, a position's or group's roles, a group's parent (its
// members get the roles above it), a role's document and code. Whatever the entity grants say, this holds.
import { isSystemPolicy, type RequestContext } from '../core/index.ts';
import { registerWriteGuard } from '../data/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import { assertMayGrant, grantorOf, type Grant } from './grant-rule.ts';
import type { RolePermissions } from './permission-types.ts';

/**
 * Fields that decide what a user or a department's people may see or approve: who the user is, their department,
 * manager, position, roles and groups, whether they can sign in; a department's parent (department_and_below) and
 * manager (approvals along the org chart); a role's code (workflows name approvers by it).
 */
const ACCESS_FIELDS: Readonly<Record<string, readonly string[]>> = {
  app_user: ['username', 'dept', 'manager', 'position', 'roles', 'groups', 'active'],
  department: ['parent', 'manager'],
  role: ['code'],
};

type Row = Record<string, unknown>;

function grantOf(ctx: RequestContext, entity: EntityDef, input: Row, before: Row | undefined): Grant {
  // A new user is itself access; a new department or role holds nobody yet, so only changes to existing ones count.
  // A value sent unchanged (a form sending the whole record) changes nothing.
  const fields = before
    ? (ACCESS_FIELDS[entity.name] ?? []).filter((f) => f in input && JSON.stringify(input[f] ?? null) !== JSON.stringify(before[f] ?? null))
    : entity.name === 'app_user'
      ? ['username', ...ACCESS_FIELDS.app_user!.filter((f) => f !== 'username' && input[f] != null)]
      : [];
  const grant: Grant = { accessFields: fields.map((f) => ({ path: `/${f}`, message: 'only user management may change it' })) };
  const directory = grantorOf(ctx.access)?.directory;
  // PostgreSQL takes a uuid in any case; the directory knows it in lower case, so an upper-case id must not slip by.
  const ids = (v: unknown): string[] => (Array.isArray(v) ? v : v == null ? [] : [v]).map((x) => String(x).toLowerCase());
  const id = before ? String(before.id) : undefined;
  if (entity.name === 'position' && 'roles' in input) {
    const had = new Set(id ? (directory?.rolesOfPosition(id) ?? []) : []);
    grant.roles = ids(input.roles).filter((r) => !had.has(r));
  }
  if (entity.name === 'user_group' && ('roles' in input || 'parent' in input)) {
    // Members get the group's own roles and those of every group above it: whatever they would get that they do
    // not get now is granted.
    const own = 'roles' in input ? ids(input.roles) : id ? (directory?.rolesOfGroup(id, false) ?? []) : [];
    const [parent] = ids('parent' in input ? input.parent : before?.parent);
    const had = new Set(id ? (directory?.rolesOfGroup(id, true) ?? []) : []);
    grant.roles = [...own, ...(parent ? (directory?.rolesOfGroup(parent, true) ?? []) : [])].filter((r) => !had.has(r));
  }
  if (entity.name === 'role' && 'permissions' in input) {
    grant.rights = { after: (input.permissions ?? {}) as RolePermissions, before: before ? [(before.permissions ?? {}) as RolePermissions] : [] };
  }
  return grant;
}

function guard(ctx: RequestContext, entity: EntityDef, input: Row, before: Row | undefined): void {
  if (isSystemPolicy(ctx.access)) return;
  assertMayGrant(ctx.access, ctx.model, grantOf(ctx, entity, input, before));
}

registerWriteGuard({
  beforeCreate(ctx, entity, input) {
    guard(ctx, entity, input, undefined);
    return input;
  },
  beforeUpdate(ctx, entity, before, input) {
    guard(ctx, entity, input, before);
  },
});
