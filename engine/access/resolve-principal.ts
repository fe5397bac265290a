// From a session token to who is acting and what they may do: the one place a request's policy comes from.
import type { Knex } from 'knex';
import type { Actor } from '../core/index.ts';
import type { Tenant } from '../db/index.ts';
import type { Model } from '../metadata/index.ts';
import { lookupSession } from './auth/index.ts';
import { orgDirectory } from './org-directory.ts';
import { buildUserPolicy, type UserPolicy } from './user-policy.ts';

export interface Principal {
  actor: Actor;
  /** The name people know the user by (陈晓明), for greetings; the actor's name is the username the log uses. */
  displayName: string;
  policy: UserPolicy;
  sessionId: string;
  /** Signed in with an initial password: only changing it (and /me, sign-out) is allowed until it is changed. */
  mustChangePassword: boolean;
}

const policies = new WeakMap<Model, Map<string, UserPolicy>>();

/** undefined when the token is unknown, revoked, expired, or its user is disabled or gone. */
export async function resolvePrincipal(knex: Knex, tenant: Tenant, model: Model, token: string): Promise<Principal | undefined> {
  const session = await lookupSession(knex, tenant, token);
  if (!session) return undefined;
  // Checked on every request: a disabled user or a revoked role takes effect on the next call, not at session end.
  // The version comes from the session lookup's own statement; the directory and policy are cached per version.
  const directory = await orgDirectory(knex, tenant, session.accessVersion);
  const user = directory.users.get(session.userId);
  if (!user?.active) return undefined;
  return { actor: { id: user.id, kind: 'user', name: user.username, department: user.department }, displayName: user.displayName, policy: policyFor(model, directory, user.id, tenant), sessionId: session.sessionId, mustChangePassword: session.mustChangePassword };
}

export function policyFor(model: Model, directory: Awaited<ReturnType<typeof orgDirectory>>, userId: string, tenant: Tenant): UserPolicy {
  let perModel = policies.get(model);
  if (!perModel) policies.set(model, (perModel = new Map()));
  const key = `${directory.version}:${userId}`;
  let policy = perModel.get(key);
  if (!policy) {
    if (perModel.size > 5000) perModel.clear();
    policy = buildUserPolicy(model, directory, userId, tenant);
    perModel.set(key, policy);
  }
  return policy;
}
