// Which rights a role document gives that a set of role documents (a user's roles, or the role as it was) does not:
// the comparison behind "nobody grants a right they do not hold". It reads documents the way the user policy does
// (rights are the union over roles; an entity grant falls back to "*"; entity rights count only inside a granted
// module; unlisted fields are writable, system fields readable), so "held" means what the policy would let the
// holder do, on paper.
import type { Model } from '../metadata/index.ts';
import { RECORD_ACTIONS, type EntityGrant, type FieldRight, type RolePermissions, type Scope } from './permission-types.ts';

export interface RightBeyond {
  /** Names the right, the same for the same right in any document (to tell rights added from rights kept). */
  key: string;
  /** Where the right is in the role document, as a JSON pointer under /permissions. */
  path: string;
  message: string;
}

const RANK: Record<FieldRight, number> = { hidden: 0, read: 1, write: 2 };
/** A scope and the wider named scopes that contain it: whoever reads their team reads their own records. */
const WIDER: Record<string, string[]> = { own: ['own_and_subordinates'], department: ['department_and_below'] };

export function rightsBeyond(model: Model, held: readonly RolePermissions[], candidate: RolePermissions): RightBeyond[] {
  const out: RightBeyond[] = [];
  const modules = new Set(held.flatMap((d) => d.modules ?? ['*']));
  const menus = new Set(held.flatMap((d) => d.menus ?? []));
  const functions = new Set<string>(held.flatMap((d) => d.functions ?? []));

  for (const m of candidate.modules ?? ['*']) {
    if (!modules.has('*') && !modules.has(m)) out.push({ key: `module:${m}`, path: '/permissions/modules', message: m === '*' ? 'every module' : `the module "${m}"` });
  }
  for (const m of candidate.menus ?? []) {
    const parts = m.split('.');
    const seen = menus.has('*') || (m !== '*' && parts.some((_, i) => menus.has(parts.slice(0, i + 1).join('.'))));
    if (!seen) out.push({ key: `menu:${m}`, path: '/permissions/menus', message: m === '*' ? 'every menu' : `the menu "${m}"` });
  }
  for (const f of candidate.functions ?? []) {
    if (!functions.has('*') && !functions.has(f)) out.push({ key: `function:${f}`, path: '/permissions/functions', message: f === '*' ? 'every system function' : `the system function "${f}"` });
  }

  for (const entity of model.entities.values()) {
    const named = candidate.entities?.[entity.name] !== undefined;
    const grant = candidate.entities?.[entity.name] ?? candidate.entities?.['*'];
    if (!grant) continue;
    const at = `/permissions/entities/${named ? entity.name : '*'}`;
    const grants = modules.has('*') || modules.has(entity.module) ? held.map((d) => d.entities?.[entity.name] ?? d.entities?.['*']).filter((g) => g !== undefined) : [];
    for (const action of RECORD_ACTIONS) {
      const scope = grant[action];
      if (scope === undefined || scope === false) continue;
      if (!grants.some((g) => covers(g[action], scope))) {
        out.push({ key: `entity:${entity.name}:${action}`, path: `${at}/${action}`, message: `${action} ${entity.name} records (${describe(scope)})` });
      }
    }
    if (!grant.read) continue;
    for (const field of entity.fields.values()) {
      const given = rightOf(field.system === true, [grant], field.name);
      if (RANK[given] > RANK[rightOf(field.system === true, grants, field.name)]) {
        out.push({ key: `field:${entity.name}:${field.name}`, path: `${at}/fields/${field.name}`, message: `${given} on ${entity.name}.${field.name}` });
      }
    }
  }
  return out;
}

function covers(held: Scope | undefined, wanted: Scope): boolean {
  if (held === undefined || held === false) return false;
  if (held === true || held === 'all') return true;
  if (wanted === true || wanted === 'all') return false;
  if (JSON.stringify(held) === JSON.stringify(wanted)) return true;
  return typeof wanted === 'string' && typeof held === 'string' && (WIDER[wanted] ?? []).includes(held);
}

// As the user policy decides it: the most generous right of the grants that read the entity.
function rightOf(system: boolean, grants: readonly EntityGrant[], field: string): FieldRight {
  const readable = grants.filter((g) => g.read);
  if (!readable.length) return 'hidden';
  if (system) return 'read';
  return readable.reduce<FieldRight>((best, g) => (RANK[g.fields?.[field] ?? 'write'] > RANK[best] ? g.fields?.[field] ?? 'write' : best), 'hidden');
}

function describe(scope: Scope): string {
  return typeof scope === 'object' ? 'a condition' : scope === true ? 'all' : String(scope);
}
