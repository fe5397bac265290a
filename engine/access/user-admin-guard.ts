// Who may change who may do what: creating users, changing their roles, groups, position or whether they are
// active, and any change to roles or groups, needs the "users" function, whatever the entity grants say. Without
// this, a role with broad update rights could widen itself.
import { isSystemPolicy, type RequestContext } from '../core/index.ts';
import { registerWriteGuard } from '../data/index.ts';
import type { EntityDef } from '../metadata/index.ts';

const GUARDED_ENTITIES = new Set(['role', 'user_group']);
const GUARDED_USER_FIELDS = new Set(['roles', 'groups', 'position', 'active', 'username']);

function guard(ctx: RequestContext, entity: EntityDef, input: Record<string, unknown>, creating: boolean): void {
  if (isSystemPolicy(ctx.access)) return;
  const guarded = GUARDED_ENTITIES.has(entity.name) || (entity.name === 'app_user' && (creating || Object.keys(input).some((k) => GUARDED_USER_FIELDS.has(k))));
  if (guarded) ctx.access.assertFunction('users');
}

registerWriteGuard({
  beforeCreate(ctx, entity, input) {
    guard(ctx, entity, input, true);
    return input;
  },
  beforeUpdate(ctx, entity, _before, input) {
    guard(ctx, entity, input, false);
  },
});
