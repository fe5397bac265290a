// The one rule for every path that gives access: nobody grants a role or a right they do not hold themselves, and
// nobody moves people around the org chart, unless they manage users (the "users" function). The write guard
// (grant-guard.ts) and plugin consent (grantCore) describe what a change would grant; this decides.
import { EngineError, isSystemPolicy, type AccessPolicy, type ErrorDetail } from '../core/index.ts';
import type { Model } from '../metadata/index.ts';
import type { RolePermissions } from './permission-types.ts';
import { rightsBeyond } from './rights-beyond.ts';
import type { UserPolicy } from './user-policy.ts';

export interface Grant {
  /** Ids of roles the change gives someone (a position's or group's new roles, a group's new parent's). */
  roles?: readonly string[];
  /**
   * A role document as the change leaves it, and what its holders had from it before (the role as it was; for a
   * plugin role given consent, the part inside the plugin and the installed version): only rights added count.
   */
  rights?: { after: RolePermissions; before?: readonly RolePermissions[] };
  /** Fields that decide whom a user is or where they sit (department, manager, roles …): user management only. */
  accessFields?: readonly { path: string; message: string }[];
}

const MANAGE_USERS = 'granting what you do not hold yourself, and changing where people sit in the org chart, needs the user-management function ("users")';

/** The signed-in user's policy behind `access`; undefined for the system actor and any other kind of policy. */
export function grantorOf(access: AccessPolicy): UserPolicy | undefined {
  return 'directory' in access && 'roles' in access ? (access as UserPolicy) : undefined;
}

export function assertMayGrant(access: AccessPolicy, model: Model, grant: Grant): void {
  if (isSystemPolicy(access)) return;
  const grantor = grantorOf(access);
  // Only a user's own policy says what they hold; any other policy must manage users outright.
  if (!grantor) return access.assertFunction('users');
  if (grantor.functions.has('*') || grantor.functions.has('users')) return;

  if (grant.accessFields?.length) {
    throw new EngineError('FORBIDDEN', `You may not change ${grant.accessFields.map((f) => f.path.slice(1)).join(', ')}: ${MANAGE_USERS}`, grant.accessFields.map((f) => ({ ...f })));
  }
  const held = new Set(grantor.roles.map((r) => r.id));
  const roles = [...new Set(grant.roles ?? [])].filter((id) => !held.has(id));
  if (roles.length) {
    const names = roles.map((id) => grantor.directory.roles.get(id)?.code ?? id);
    throw new EngineError(
      'FORBIDDEN',
      `You may not grant the role${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')}: you do not hold ${names.length > 1 ? 'them' : 'it'} yourself; ${MANAGE_USERS}`,
      names.map((n) => ({ path: '/roles', message: `role "${n}" is not one of yours` })),
    );
  }
  if (grant.rights) {
    const { after, before } = grant.rights;
    // A right the role already had is kept, not granted: editing a role wider than yourself is fine as long as
    // nothing is added beyond your own rights.
    const added = new Set(rightsBeyond(model, before ?? [], after).map((r) => r.key));
    const beyond = rightsBeyond(model, grantor.roles.map((r) => r.permissions), after).filter((r) => added.has(r.key));
    if (beyond.length) {
      const details: ErrorDetail[] = [];
      for (const r of beyond) if (!details.some((d) => d.path === r.path)) details.push({ path: r.path, message: `grants ${r.message}, which you do not hold` });
      throw new EngineError('FORBIDDEN', `You may not grant rights you do not hold yourself (${beyond.map((r) => r.message).slice(0, 3).join('; ')}${beyond.length > 3 ? '; …' : ''}); ${MANAGE_USERS}`, details);
    }
  }
}
