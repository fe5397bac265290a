// Options taken away from a choice field. Enum values are plain text in the database, so the tables do not change;
// but rows still holding a removed code would show a value the field no longer offers, so the plan counts them and
// refuses while any remain. Only a change that knows the Model it replaces (the admin layer) can see a removal.
import { qualified, quoteIdent, type Tenant } from '../db/index.ts';
import type { Model } from '../metadata/index.ts';
import type { PlanStep } from './schema-types.ts';
import { sqlLiteral } from './sql-literal.ts';

export function removedOptionSteps(previous: Model, next: Model, tenant: Tenant): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const entity of next.entities.values()) {
    const before = previous.entities.get(entity.name);
    if (!before) continue;
    for (const field of entity.fields.values()) {
      const old = before.fields.get(field.name);
      if (!old || old.type !== field.type || (field.type !== 'enum' && field.type !== 'multi_enum')) continue;
      const kept = new Set((field.options ?? []).map((o) => o.code));
      const removed = (old.options ?? []).map((o) => o.code).filter((c) => !kept.has(c));
      if (removed.length === 0) continue;
      const t = qualified(tenant, entity.name);
      const q = quoteIdent(field.name);
      const codes = removed.map((c) => sqlLiteral(c));
      const using = field.type === 'enum' ? `${q} in (${codes.join(', ')})` : `${q} && array[${codes.join(', ')}]::text[]`;
      steps.push({
        action: 'remove_options',
        table: entity.name,
        column: field.name,
        impact: 'scan',
        description: `remove option(s) ${removed.join(', ')} from ${entity.name}.${field.name}`,
        sql: [],
        check: { sql: `select count(*) as n from ${t} where ${using}`, failure: `rows still use the option(s) ${removed.join(', ')}; change them first` },
      });
    }
  }
  return steps;
}
