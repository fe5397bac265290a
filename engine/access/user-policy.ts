// A signed-in user's AccessPolicy: the union of their roles' rights, with record scopes compiled to SQL from the
// same json-logic every other rule uses. Built once per user and access version, then cached.
import { EngineError, type AccessPolicy, type RecordAction, type SqlFragment } from '../core/index.ts';
import { compiledEntity } from '../data/index.ts';
import type { EntityDef, Model } from '../metadata/index.ts';
import { qualified, quoteIdent, type Tenant } from '../db/index.ts';
import { businessClockNow } from '../jobs/index.ts';
import { compileRuleToSql } from '../rules/index.ts';
import type { DirectoryRole, OrgDirectory } from './org-directory.ts';
import { RECORD_ACTIONS, scopeRule, USER_VARIABLES, type EntityGrant, type FieldRight, type Scope, type SystemFunction } from './permission-types.ts';

export interface UserPolicy extends AccessPolicy {
  userId: string;
  roles: readonly DirectoryRole[];
  /** The org chart the policy was built from, for checks on what a write would grant (grant-rule.ts). */
  directory: OrgDirectory;
  /** Modules and menus the user may see ('*' = all), for the UI and /api/me. */
  modules: ReadonlySet<string>;
  menus: ReadonlySet<string>;
  functions: ReadonlySet<string>;
  /** Values of the $user variables scopes refer to. */
  variables: Record<string, unknown>;
  /** Rights per entity in plain form, for /api/me. */
  describe(): Record<string, { actions: Partial<Record<RecordAction, boolean>>; fields: Record<string, FieldRight> }>;
}

const RANK: Record<FieldRight, number> = { hidden: 0, read: 1, write: 2 };
const DEPARTMENT_SCOPES = new Set<Scope>(['department', 'department_and_below']);

/**
 * `asRoles` replaces the user's own roles: the role designer's preview shows what a role alone gives someone sitting
 * where this user sits (their department, team and id fill the scopes' $user variables).
 */
export function buildUserPolicy(model: Model, directory: OrgDirectory, userId: string, tenant: Tenant, asRoles?: readonly DirectoryRole[]): UserPolicy {
  const user = directory.users.get(userId);
  if (!user) throw new EngineError('UNAUTHORIZED', 'The user no longer exists');
  const roles = asRoles ?? directory.rolesOf(userId);
  const modules = unionOf(roles.map((r) => r.permissions.modules ?? ['*']));
  const menus = unionOf(roles.map((r) => r.permissions.menus ?? []));
  const functions = unionOf(roles.map((r) => r.permissions.functions ?? []));
  const variables: Record<string, unknown> = {
    '$user.id': user.id,
    '$user.department': user.department,
    '$user.departments_below': user.department ? directory.departmentsBelow(user.department) : [],
    '$user.team': directory.team(user.id),
  };

  const parents = lineParents(model);
  const ownGrants = (entity: EntityDef): EntityGrant[] =>
    roles.map((r) => r.permissions.entities?.[entity.name] ?? r.permissions.entities?.['*']).filter((g) => g !== undefined);
  // Lines (quote_line…) belong to their parent unless a role names them itself: whoever may read the parent reads
  // its lines; lines are written only through the parent, under the parent's rights, scope and workflow.
  const inheritsFrom = (entity: EntityDef) => (ownGrants(entity).length ? undefined : parents.get(entity.name));
  const grants = (entity: EntityDef): EntityGrant[] => {
    const parent = inheritsFrom(entity);
    if (!parent) return ownGrants(entity);
    return grants(model.entities.get(parent.entity)!).map((g) => ({ read: g.read, export: g.export }));
  };
  const inModule = (entity: EntityDef) => modules.has('*') || modules.has(entity.module);
  // A user with no department has no "department" to scope by; such scopes grant nothing rather than everything.
  const scopesOf = (entity: EntityDef, action: RecordAction): Scope[] =>
    inModule(entity) ? grants(entity).map((g) => g[action] ?? false).filter((s) => s !== false && !(DEPARTMENT_SCOPES.has(s) && !user.department)) : [];

  const scopeSql = new Map<string, SqlFragment | undefined>();
  const fieldRights = new Map<string, Map<string, FieldRight>>();
  const rightOf = (entity: EntityDef, field: string): FieldRight => {
    let rights = fieldRights.get(entity.name);
    if (!rights) {
      rights = new Map();
      const readable = grants(entity).filter((g) => g.read);
      for (const [name, field] of entity.fields) {
        // Unlisted fields are writable; across roles the most generous right wins, as with every other grant.
        // System fields (owner, dates) are always visible to whoever may read the record.
        let best: FieldRight = 'hidden';
        if (readable.length && field.system) best = 'read';
        else for (const g of readable) if (RANK[g.fields?.[name] ?? 'write'] > RANK[best]) best = g.fields?.[name] ?? 'write';
        rights.set(name, best);
      }
      fieldRights.set(entity.name, rights);
    }
    return rights.get(field) ?? 'hidden';
  };

  // A line is in scope when its parent row is: one correlated EXISTS on the parent's key.
  const parentScope = (parent: { entity: string; foreignKey: string }, action: RecordAction, alias: string): SqlFragment | undefined => {
    if (scopesOf(model.entities.get(parent.entity)!, action).length === 0) return { sql: 'false', bindings: [] };
    const inner = policy.rowScope(model.entities.get(parent.entity)!, action, `${alias}_p`);
    if (!inner) return undefined;
    return {
      sql: `exists (select 1 from ${qualified(tenant, parent.entity)} ${quoteIdent(`${alias}_p`)} where ${quoteIdent(`${alias}_p`)}.id = ${quoteIdent(alias)}.${quoteIdent(parent.foreignKey)} and (${inner.sql}))`,
      bindings: inner.bindings,
    };
  };

  const policy: UserPolicy = {
    userId,
    roles,
    directory,
    modules,
    menus,
    functions,
    variables,
    assertFunction(fn: SystemFunction) {
      if (!functions.has('*') && !functions.has(fn)) throw new EngineError('FORBIDDEN', `You may not use ${fn}`, [{ path: fn, message: 'not granted' }]);
    },
    assertCan(entity, action) {
      if (scopesOf(entity, action).length === 0) {
        throw new EngineError('FORBIDDEN', `You may not ${action} ${entity.labels.en} records`, [{ path: entity.name, message: `no ${action} right` }]);
      }
    },
    rowScope(entity, action, alias) {
      const key = `${entity.name}:${action}:${alias}`;
      if (scopeSql.has(key)) return scopeSql.get(key);
      const scopes = scopesOf(entity, action);
      const parent = inheritsFrom(entity);
      const compiled = parent ? parentScope(parent, action, alias) : compileScopes(model, entity, scopes, alias, variables, tenant);
      // A condition relative to the clock ("today") must be compiled afresh; everything else is stable per version.
      if (!JSON.stringify(scopes).match(/"(now|today)"/)) scopeSql.set(key, compiled);
      return compiled;
    },
    canSeeMenu(id) {
      if (menus.has('*')) return true;
      const parts = id.split('.');
      return parts.some((_, i) => menus.has(parts.slice(0, i + 1).join('.')));
    },
    canReadField: (entity, field) => rightOf(entity, field) !== 'hidden',
    canWriteField: (entity, field) => rightOf(entity, field) === 'write',
    describe() {
      const out: ReturnType<UserPolicy['describe']> = {};
      for (const entity of model.entities.values()) {
        const actions: Partial<Record<RecordAction, boolean>> = {};
        for (const a of RECORD_ACTIONS) if (scopesOf(entity, a).length) actions[a] = true;
        if (!actions.read) continue;
        const fields: Record<string, FieldRight> = {};
        for (const name of entity.fields.keys()) fields[name] = rightOf(entity, name);
        out[entity.name] = { actions, fields };
      }
      return out;
    },
  };
  return policy;
}

const lineParentsCache = new WeakMap<Model, Map<string, { entity: string; foreignKey: string }>>();

/** line entity → the entity whose lines it holds, and the line's key to it. */
function lineParents(model: Model): Map<string, { entity: string; foreignKey: string }> {
  let parents = lineParentsCache.get(model);
  if (!parents) {
    parents = new Map();
    for (const entity of model.entities.values()) {
      for (const field of entity.fields.values()) if (field.type === 'children') parents.set(field.target!, { entity: entity.name, foreignKey: field.foreignKey! });
    }
    lineParentsCache.set(model, parents);
  }
  return parents;
}

function unionOf(lists: string[][]): Set<string> {
  return new Set(lists.flat());
}

/** OR of the scopes as one parameterised predicate; undefined when one of them is "all rows". */
function compileScopes(model: Model, entity: EntityDef, scopes: Scope[], alias: string, variables: Record<string, unknown>, tenant: Tenant): SqlFragment | undefined {
  if (scopes.length === 0) return { sql: 'false', bindings: [] };
  const rules = scopes.map(scopeRule);
  if (rules.some((r) => r === true)) return undefined;
  const scope = { ...compiledEntity(model, entity.name).ruleScope(alias), variables: USER_VARIABLES };
  return compileRuleToSql(rules.length === 1 ? rules[0] : { or: rules }, scope, { now: businessClockNow(tenant), timeZone: tenant.timeZone, variables });
}
