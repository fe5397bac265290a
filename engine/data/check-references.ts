// A user may only point at records they can read: a reference to another department's customer must fail exactly
// like one to a customer that does not exist, or writes would become a way to probe for hidden records.
import { isSystemPolicy, validationFailed, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import type { RecordInput } from './check-input.ts';

const NOT_FOUND = { 'zh-CN': '引用的记录不存在', en: 'no such record' } as const;

export async function assertReferencesReadable(ctx: RequestContext, entity: EntityDef, input: RecordInput, prefix = ''): Promise<void> {
  if (isSystemPolicy(ctx.access)) return;
  const problems: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(input)) {
    const field = entity.fields.get(name);
    if (!field || field.system || value === null || value === undefined) continue;
    if (field.type !== 'ref' && field.type !== 'many_to_many') continue;
    const ids = (Array.isArray(value) ? value : [value]).map(String);
    if (!ids.length) continue;
    const target = ctx.model.entities.get(field.target!)!;
    let readable: Set<string>;
    try {
      ctx.access.assertCan(target, 'read');
      const scope = ctx.access.rowScope(target, 'read', 'r');
      const rows = await queryRows<{ id: string }>(
        ctx.knex,
        `select r.id from ${qualified(ctx.tenant, target.name)} r where r.id = any(?::uuid[])${scope ? ` and (${scope.sql})` : ''}`,
        [ids, ...(scope?.bindings ?? [])],
      );
      readable = new Set(rows.map((r) => r.id));
    } catch {
      readable = new Set();
    }
    ids.forEach((id, i) => {
      if (!readable.has(id)) problems.push({ path: `${prefix}/${name}${Array.isArray(value) ? `/${i}` : ''}`, message: NOT_FOUND[ctx.locale] });
    });
  }
  if (problems.length) throw validationFailed(problems);
}
