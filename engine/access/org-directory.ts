// The org chart as the permission checks need it: departments below each department, each user's reports and
// roles (direct, through nested groups, through the position). Loaded once per access version and tenant.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import type { RolePermissions } from './permission-types.ts';

export interface DirectoryUser {
  id: string;
  username: string;
  displayName: string;
  department: string | null;
  manager: string | null;
  active: boolean;
  locale: string | null;
}

export interface DirectoryRole {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  permissions: RolePermissions;
}

export interface DirectoryDepartment {
  id: string;
  code: string | null;
  parent: string | null;
  manager: string | null;
}

export interface OrgDirectory {
  version: string;
  users: ReadonlyMap<string, DirectoryUser>;
  departments: ReadonlyMap<string, DirectoryDepartment>;
  userByName(username: string): DirectoryUser | undefined;
  /** Active users holding the role (directly, through a group or a position). */
  holders(roleCode: string): string[];
  roles: ReadonlyMap<string, DirectoryRole>;
  /** The department and every department under it. */
  departmentsBelow(departmentId: string): string[];
  /** The user and everyone whose manager chain leads to them. */
  team(userId: string): string[];
  /** Managers above the user, nearest first. */
  managersOf(userId: string): string[];
  /** Roles of the user: given directly, through their groups and the groups' parents, and through their position. */
  rolesOf(userId: string): DirectoryRole[];
  /** Ids of the roles the position gives its holders. */
  rolesOfPosition(positionId: string): string[];
  /** Ids of the roles a member of the group gets: the group's own and, with `inherited`, those of the groups above it. */
  rolesOfGroup(groupId: string, inherited: boolean): string[];
}

const cache = new Map<string, Promise<OrgDirectory>>();

export async function accessVersion(knex: Knex, tenant: Tenant): Promise<string> {
  const rows = await queryRows<{ value: string }>(knex, `select ${accessVersionSql(tenant)} as value`);
  return rows[0]!.value;
}

/** The access version as a scalar subquery, so the session lookup can read it in the same statement and snapshot. */
export function accessVersionSql(tenant: Tenant): string {
  return `coalesce((select value from ${qualified(tenant, 'crm_setting')} where key = 'access_version'), 'initial')`;
}

/** Any change to users, departments, positions, groups or roles calls this inside its transaction. */
export async function bumpAccessVersion(knex: Knex, tenant: Tenant): Promise<void> {
  await queryRows(
    knex,
    `insert into ${qualified(tenant, 'crm_setting')} (key, value) values ('access_version', gen_random_uuid()::text)
     on conflict (key) do update set value = excluded.value`,
  );
}

export async function orgDirectory(knex: Knex, tenant: Tenant, version: string): Promise<OrgDirectory> {
  const key = `${tenant.schema}:${version}`;
  let directory = cache.get(key);
  if (!directory) {
    for (const k of cache.keys()) if (k.startsWith(`${tenant.schema}:`)) cache.delete(k);
    directory = loadDirectory(knex, tenant, version);
    cache.set(key, directory);
    directory.catch(() => cache.delete(key));
  }
  return directory;
}

async function loadDirectory(knex: Knex, tenant: Tenant, version: string): Promise<OrgDirectory> {
  const t = (name: string) => qualified(tenant, name);
  // A transaction (e.g. a workflow run's) is one connection, where queries must not overlap (pg 9 refuses it): there
  // they run in turn; on the pool they run in parallel.
  let turn: Promise<unknown> = Promise.resolve();
  const query = <T>(sql: string): Promise<T[]> => {
    if (!knex.isTransaction) return queryRows<T>(knex, sql);
    const next = turn.then(() => queryRows<T>(knex, sql));
    turn = next.catch(() => undefined);
    return next;
  };
  const [departments, userRows, roleRows, userRoles, userGroups, groups, groupRoles, positionRoles] = await Promise.all([
    query<DirectoryDepartment>(`select id, code, parent, manager from ${t('department')}`),
    query<{ id: string; username: string; display_name: string; dept: string | null; manager: string | null; active: boolean; position: string | null; locale: string | null }>(
      `select id, username, display_name, dept, manager, active, position, locale from ${t('app_user')}`,
    ),
    query<{ id: string; code: string; name: string; name_en: string | null; permissions: RolePermissions }>(`select id, code, name, name_en, permissions from ${t('role')}`),
    query<{ source_id: string; target_id: string }>(`select source_id, target_id from ${t('app_user__roles')}`),
    query<{ source_id: string; target_id: string }>(`select source_id, target_id from ${t('app_user__groups')}`),
    query<{ id: string; parent: string | null }>(`select id, parent from ${t('user_group')}`),
    query<{ source_id: string; target_id: string }>(`select source_id, target_id from ${t('user_group__roles')}`),
    query<{ source_id: string; target_id: string }>(`select source_id, target_id from ${t('position__roles')}`),
  ]);
  const children = groupBy(departments.filter((d) => d.parent), (d) => d.parent!, (d) => d.id);
  const users = new Map(userRows.map((u) => [u.id, { id: u.id, username: u.username, displayName: u.display_name, department: u.dept, manager: u.manager, active: u.active, locale: u.locale }]));
  const reports = groupBy(userRows.filter((u) => u.manager), (u) => u.manager!, (u) => u.id);
  const roles = new Map(roleRows.map((r) => [r.id, { id: r.id, code: r.code, name: r.name, nameEn: r.name_en, permissions: r.permissions ?? {} }]));
  const groupParent = new Map(groups.map((g) => [g.id, g.parent]));
  const rolesByUser = groupBy(userRoles, (l) => l.source_id, (l) => l.target_id);
  const groupsByUser = groupBy(userGroups, (l) => l.source_id, (l) => l.target_id);
  const rolesByGroup = groupBy(groupRoles, (l) => l.source_id, (l) => l.target_id);
  const rolesByPosition = groupBy(positionRoles, (l) => l.source_id, (l) => l.target_id);
  const positionOf = new Map(userRows.map((u) => [u.id, u.position]));

  const byName = new Map([...users.values()].map((u) => [u.username, u]));
  const rolesOfGroup = (group: string, inherited: boolean): string[] => {
    // A member of a group is a member of the groups above it; the seen-set stops a cycle an admin might create.
    const ids = new Set<string>();
    const seen = new Set<string>();
    for (let g: string | null | undefined = group; g && !seen.has(g); g = inherited ? groupParent.get(g) : undefined) {
      seen.add(g);
      for (const r of rolesByGroup.get(g) ?? []) ids.add(r);
    }
    return [...ids];
  };
  const rolesOf = (id: string): DirectoryRole[] => {
    const ids = new Set(rolesByUser.get(id) ?? []);
    for (const group of groupsByUser.get(id) ?? []) for (const r of rolesOfGroup(group, true)) ids.add(r);
    const position = positionOf.get(id);
    if (position) for (const r of rolesByPosition.get(position) ?? []) ids.add(r);
    return [...ids].map((r) => roles.get(r)).filter((r): r is DirectoryRole => r !== undefined);
  };
  return {
    version,
    users,
    departments: new Map(departments.map((d) => [d.id, d])),
    userByName: (username) => byName.get(username),
    holders: (code) => [...users.values()].filter((u) => u.active && rolesOf(u.id).some((r) => r.code === code)).map((u) => u.id),
    roles,
    departmentsBelow: (id) => closure(id, children),
    team: (id) => closure(id, reports),
    managersOf(id) {
      const chain: string[] = [];
      for (let m = users.get(id)?.manager; m && !chain.includes(m) && m !== id; m = users.get(m)?.manager) chain.push(m);
      return chain;
    },
    rolesOf,
    rolesOfPosition: (id) => rolesByPosition.get(id) ?? [],
    rolesOfGroup,
  };
}

function groupBy<T>(items: T[], key: (t: T) => string, value: (t: T) => string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(value(item));
    else map.set(k, [value(item)]);
  }
  return map;
}

// Breadth-first over a tree given as parent → children; tolerant of cycles in hand-edited data.
function closure(root: string, children: Map<string, string[]>): string[] {
  const out = [root];
  const seen = new Set(out);
  for (let i = 0; i < out.length; i++) {
    for (const c of children.get(out[i]!) ?? []) {
      if (!seen.has(c)) {
        seen.add(c);
        out.push(c);
      }
    }
  }
  return out;
}
