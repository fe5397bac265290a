// Door of engine/access: org structure, roles and the four permission levels, sign-in, handover.
import './check-role-permissions.ts';
import './grant-guard.ts';

export type { RolePermissions, EntityGrant, Scope, FieldRight } from './permission-types.ts';
export { USER_VARIABLES, RECORD_ACTIONS } from './permission-types.ts';
export { checkRolePermissions } from './check-role-permissions.ts';
export { assertMayGrant, type Grant } from './grant-rule.ts';
export { loadRoleFiles, syncBuiltinRoles, type RoleFile } from './builtin-roles.ts';
export { accessVersion, bumpAccessVersion, orgDirectory, type OrgDirectory, type DirectoryUser, type DirectoryRole } from './org-directory.ts';
export { buildUserPolicy, type UserPolicy } from './user-policy.ts';
export { resolvePrincipal, policyFor, type Principal } from './resolve-principal.ts';
export { handleRecordChange, ACCESS_ENTITIES, RECORD_CHANGE_AUDIT } from './record-change-handler.ts';
export { signIn, signOut, changeOwnPassword, setDemoPasswords, setUserPassword, type ClientInfo, type SignedIn } from './sign-in.ts';
export { rolePreviewPolicy, roleHolders, type RolePreview, type RoleHolders } from './role-preview.ts';
export { handover, previewHandover, type HandoverRequest, type HandoverResult } from './handover.ts';
export { addUser, usersWithPassword } from './local-admin.ts';
export { createUser, newUserFromBody, type NewUser } from './create-user.ts';
export { lastSignIns } from './last-sign-ins.ts';
