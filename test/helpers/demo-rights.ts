// What a demo user may do, computed from the role files (metadata/roles/*.json) and the org chart as stored, without
// engine/access: the permission suites compare the API's answers with this. It implements the documented meaning of
// the role documents (issue 3): union of the user's roles (direct, via nested groups, via position); a role's entity
// grants count only inside its modules; a line entity (quote_line…) that no role names may be read (and exported)
// where its parent row may, and is written only through its parent; unlisted fields are writable; system fields are
// readable by whoever reads the record.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityDef, Model } from '../../engine/metadata/index.ts';
import type { DemoApp } from './demo-app.ts';

export type Action = 'read' | 'create' | 'update' | 'delete' | 'export' | 'import' | 'approve' | 'assign';
export type FieldRight = 'hidden' | 'read' | 'write';
type Scope = boolean | string | { condition: unknown };
type Grant = Partial<Record<Action, Scope>> & { fields?: Record<string, FieldRight> };
export type Row = Record<string, unknown>;

export interface RoleDoc {
  code: string;
  permissions: { modules?: string[]; menus?: string[]; functions?: string[]; entities?: Record<string, Grant> };
}

export function readRoleFiles(root: string): Map<string, RoleDoc> {
  const dir = join(root, 'metadata', 'roles');
  const roles = new Map<string, RoleDoc>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as RoleDoc;
    roles.set(doc.code, doc);
  }
  return roles;
}

export interface OrgUser {
  id: string;
  username: string;
  dept: string | null;
  manager: string | null;
  active: boolean;
  position: string | null;
}

export interface OrgChart {
  users: Map<string, OrgUser>;
  /** department id → parent id */
  parents: Map<string, string | null>;
  roleCodes(userId: string): string[];
  below(departmentId: string): Set<string>;
  team(userId: string): Set<string>;
}

export async function loadOrgChart(app: DemoApp): Promise<OrgChart> {
  const t = app.table;
  const departments = await app.sql<{ id: string; parent: string | null }>(`select id, parent from ${t('department')}`);
  const users = await app.sql<OrgUser>(`select id, username, dept, manager, active, position from ${t('app_user')}`);
  const code = new Map((await app.sql<{ id: string; code: string }>(`select id, code from ${t('role')}`)).map((r) => [r.id, r.code]));
  const links = async (table: string) => app.sql<{ source_id: string; target_id: string }>(`select source_id, target_id from ${t(table)}`);
  const [userRoles, userGroups, groupRoles, positionRoles] = await Promise.all([links('app_user__roles'), links('app_user__groups'), links('user_group__roles'), links('position__roles')]);
  const groupParent = new Map((await app.sql<{ id: string; parent: string | null }>(`select id, parent from ${t('user_group')}`)).map((g) => [g.id, g.parent]));
  const parents = new Map(departments.map((d) => [d.id, d.parent]));
  const byId = new Map(users.map((u) => [u.id, u]));
  const closure = (root: string, parentOf: (id: string) => string | null | undefined, all: Iterable<string>) => {
    const out = new Set<string>();
    for (const id of all) {
      const seen = new Set<string>();
      for (let x: string | null | undefined = id; x && !seen.has(x); x = parentOf(x)) {
        seen.add(x);
        if (x === root) {
          out.add(id);
          break;
        }
      }
    }
    return out;
  };
  return {
    users: byId,
    parents,
    below: (dept) => closure(dept, (d) => parents.get(d), parents.keys()),
    team: (userId) => closure(userId, (u) => byId.get(u)?.manager, byId.keys()),
    roleCodes(userId) {
      const roleIds = new Set(userRoles.filter((l) => l.source_id === userId).map((l) => l.target_id));
      for (const { target_id: group } of userGroups.filter((l) => l.source_id === userId)) {
        const seen = new Set<string>();
        for (let g: string | null | undefined = group; g && !seen.has(g); g = groupParent.get(g)) {
          seen.add(g);
          for (const l of groupRoles) if (l.source_id === g) roleIds.add(l.target_id);
        }
      }
      const position = byId.get(userId)?.position;
      if (position) for (const l of positionRoles) if (l.source_id === position) roleIds.add(l.target_id);
      return [...roleIds].map((id) => code.get(id)).filter((c): c is string => c !== undefined);
    },
  };
}

/** Every row of every entity table (stored columns), read as the database owner. */
export async function snapshotRows(app: DemoApp, model: Model): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>();
  for (const name of model.entities.keys()) out.set(name, await app.sql<Row>(`select * from ${app.table(name)} order by created_at, id`));
  return out;
}

/** child entity → its parent entity and the child's field pointing at the parent. */
export function lineParents(model: Model): Map<string, { parent: string; foreignKey: string }> {
  const out = new Map<string, { parent: string; foreignKey: string }>();
  for (const e of model.entities.values()) for (const f of e.fields.values()) if (f.type === 'children') out.set(f.target!, { parent: e.name, foreignKey: f.foreignKey! });
  return out;
}

const RANK: Record<FieldRight, number> = { hidden: 0, read: 1, write: 2 };

export class ExpectedRights {
  readonly user: OrgUser;
  readonly roles: RoleDoc[];
  readonly functions: Set<string>;
  private readonly lines: Map<string, { parent: string; foreignKey: string }>;

  constructor(
    readonly model: Model,
    roleFiles: Map<string, RoleDoc>,
    readonly org: OrgChart,
    userId: string,
  ) {
    const user = org.users.get(userId);
    if (!user) throw new Error(`no user ${userId}`);
    this.user = user;
    this.roles = org.roleCodes(userId).map((c) => roleFiles.get(c)).filter((r): r is RoleDoc => r !== undefined);
    this.functions = new Set(this.roles.flatMap((r) => r.permissions.functions ?? []));
    this.lines = lineParents(model);
  }

  hasFunction(fn: string): boolean {
    return this.functions.has('*') || this.functions.has(fn);
  }

  /** The grants that apply to the entity, and the entity whose rows their scopes are evaluated on. */
  grantsOf(entityName: string): { grants: Grant[]; scopedOn: string } {
    const entity = this.entity(entityName);
    const grants: Grant[] = [];
    for (const role of this.roles) {
      const modules = role.permissions.modules ?? ['*'];
      if (!modules.includes('*') && !modules.includes(entity.module)) continue;
      const g = role.permissions.entities?.[entityName] ?? role.permissions.entities?.['*'];
      if (g) grants.push(g);
    }
    const line = this.lines.get(entityName);
    if (grants.length === 0 && line) {
      const parent = this.grantsOf(line.parent);
      return { grants: parent.grants.map((g) => ({ read: g.read, export: g.export })), scopedOn: parent.scopedOn };
    }
    return { grants, scopedOn: entityName };
  }

  private scopes(entityName: string, action: Action): { scopes: Scope[]; scopedOn: string } {
    const { grants, scopedOn } = this.grantsOf(entityName);
    const scopes = grants
      .map((g) => g[action] ?? false)
      .filter((s) => s !== false && !((s === 'department' || s === 'department_and_below') && !this.user.dept));
    return { scopes, scopedOn };
  }

  can(entityName: string, action: Action): boolean {
    return this.scopes(entityName, action).scopes.length > 0;
  }

  /** Whether the row is in the action's scope; rows of a line entity are judged by their parent row. */
  inScope(entityName: string, action: Action, row: Row, rows: Map<string, Row[]>): boolean {
    const { scopes, scopedOn } = this.scopes(entityName, action);
    let subject: Row | undefined = row;
    for (let name = entityName; name !== scopedOn; ) {
      const line = this.lines.get(name)!;
      subject = rows.get(line.parent)!.find((p) => p.id === subject![line.foreignKey]);
      if (!subject) return false;
      name = line.parent;
    }
    return scopes.some((s) => this.matches(s, subject!));
  }

  fieldRight(entityName: string, field: string): FieldRight {
    const entity = this.entity(entityName);
    const def = entity.fields.get(field);
    if (!def) return 'hidden';
    const readable = this.grantsOf(entityName).grants.filter((g) => g.read);
    if (readable.length === 0) return 'hidden';
    if (def.system) return 'read';
    let best: FieldRight = 'hidden';
    for (const g of readable) {
      const r = g.fields?.[field] ?? 'write';
      if (RANK[r] > RANK[best]) best = r;
    }
    return best;
  }

  readableFields(entityName: string): Set<string> {
    return new Set([...this.entity(entityName).fields.keys()].filter((f) => this.fieldRight(entityName, f) !== 'hidden'));
  }

  private entity(name: string): EntityDef {
    const e = this.model.entities.get(name);
    if (!e) throw new Error(`unknown entity ${name}`);
    return e;
  }

  private matches(scope: Scope, row: Row): boolean {
    const u = this.user;
    if (scope === true || scope === 'all') return true;
    if (scope === 'own') return row.owner === u.id;
    if (scope === 'own_and_subordinates') return this.org.team(u.id).has(String(row.owner));
    if (scope === 'department') return u.dept !== null && row.department === u.dept;
    if (scope === 'department_and_below') return u.dept !== null && this.org.below(u.dept).has(String(row.department));
    if (typeof scope === 'object' && scope !== null && 'condition' in scope) {
      const vars: Row = { '$user.id': u.id, '$user.department': u.dept, '$user.departments_below': u.dept ? [...this.org.below(u.dept)] : [], '$user.team': [...this.org.team(u.id)] };
      return Boolean(evaluate(scope.condition, row, vars));
    }
    throw new Error(`unknown scope ${JSON.stringify(scope)}`);
  }
}

/** A small json-logic evaluator for role conditions (own implementation, so the expectation does not reuse the engine's). */
export function evaluate(rule: unknown, row: Row, vars: Row): unknown {
  if (Array.isArray(rule)) return rule.map((r) => evaluate(r, row, vars));
  if (rule === null || typeof rule !== 'object') return rule;
  const [op, raw] = Object.entries(rule as Record<string, unknown>)[0]!;
  const args = (Array.isArray(raw) ? raw : [raw]) as unknown[];
  const ev = (i: number) => evaluate(args[i], row, vars);
  switch (op) {
    case 'var': {
      const name = String(ev(0));
      const value = name.startsWith('$') ? vars[name] : row[name];
      return value ?? (args.length > 1 ? ev(1) : null);
    }
    case '==':
    case '===':
      return ev(0) === ev(1);
    case '!=':
    case '!==':
      return ev(0) !== ev(1);
    case 'in': {
      const hay = ev(1);
      return Array.isArray(hay) ? hay.includes(ev(0)) : typeof hay === 'string' && hay.includes(String(ev(0)));
    }
    case 'and':
      return args.every((_, i) => Boolean(ev(i)));
    case 'or':
      return args.some((_, i) => Boolean(ev(i)));
    case '!':
      return !ev(0);
    case '!!':
      return Boolean(ev(0));
    case '<':
      return (ev(0) as number) < (ev(1) as number);
    case '<=':
      return (ev(0) as number) <= (ev(1) as number);
    case '>':
      return (ev(0) as number) > (ev(1) as number);
    case '>=':
      return (ev(0) as number) >= (ev(1) as number);
    default:
      throw new Error(`the test's evaluator does not know "${op}": extend test/helpers/demo-rights.ts`);
  }
}
