// Checks a role's permissions against the Model: entities and fields must exist, modules must be known, and
// scope conditions must be valid rules over the entity's fields and the $user variables.
import { compiledEntity, registerRecordCheck } from '../data/index.ts';
import type { ErrorDetail } from '../core/index.ts';
import type { Model } from '../metadata/index.ts';
import { checkRule } from '../rules/index.ts';
import { RECORD_ACTIONS, USER_VARIABLES, type RolePermissions } from './permission-types.ts';

export interface PermissionProblem {
  pointer: string;
  message: string;
  expected?: string;
}

export function checkRolePermissions(model: Model, permissions: RolePermissions): PermissionProblem[] {
  const problems: PermissionProblem[] = [];
  const modules = new Set([...model.entities.values()].map((e) => e.module));
  permissions.modules?.forEach((m, i) => {
    if (m !== '*' && !modules.has(m)) problems.push({ pointer: `/modules/${i}`, message: `unknown module "${m}"`, expected: `* or one of ${[...modules].sort().join(', ')}` });
  });
  for (const [name, grant] of Object.entries(permissions.entities ?? {})) {
    const at = `/entities/${name}`;
    if (name === '*') {
      if (grant.fields) problems.push({ pointer: `${at}/fields`, message: 'field rights must name an entity' });
      continue;
    }
    const entity = model.entities.get(name);
    if (!entity) {
      problems.push({ pointer: at, message: `unknown entity "${name}"` });
      continue;
    }
    for (const field of Object.keys(grant.fields ?? {})) {
      if (!entity.fields.has(field)) problems.push({ pointer: `${at}/fields/${field}`, message: `entity "${name}" has no field "${field}"` });
    }
    const scope = { ...compiledEntity(model, name).ruleScope('r'), variables: USER_VARIABLES };
    for (const action of RECORD_ACTIONS) {
      const s = grant[action];
      if (s === undefined || typeof s !== 'object') continue;
      for (const p of checkRule(s.condition, scope, { purpose: 'condition' })) {
        problems.push({ pointer: `${at}/${action}/condition${p.pointer}`, message: p.message, ...(p.expected ? { expected: p.expected } : {}) });
      }
    }
  }
  return problems;
}

// A role edited through the API is checked like a role file, with the problems at /permissions/….
registerRecordCheck('role', (ctx, record): ErrorDetail[] =>
  checkRolePermissions(ctx.model, (record.permissions ?? {}) as RolePermissions).map((p) => ({ path: `/permissions${p.pointer}`, message: p.message })),
);
