// Settings the admin layer may change on a shipped field that no column holds, but data already stored can contradict:
// an attachment's limits (records holding more files than the new maxFiles, stored files over maxSize or outside
// accept) and an autonumber's template or reset (the next number it would give is one a record already holds, e.g.
// a yearly reset of a template without the year). Each change is a plan step, counted and refused like a removed
// option still in use, so the designer shows it before anything is applied.
import type { Knex } from 'knex';
import { qualified, quoteIdent, type Tenant } from '../db/index.ts';
import { previewNumber } from '../data/index.ts';
import { DEFAULT_MAX_FILES, DEFAULT_MAX_SIZE } from '../files/index.ts';
import { businessNow } from '../jobs/index.ts';
import type { EntityDef, FieldDef, Model } from '../metadata/index.ts';
import { sqlLiteral, type PlanStep } from '../schema/index.ts';

export async function narrowedSettingSteps(knex: Knex, tenant: Tenant, previous: Model, next: Model): Promise<PlanStep[]> {
  const steps: PlanStep[] = [];
  for (const entity of next.entities.values()) {
    for (const field of entity.fields.values()) {
      const old = previous.entities.get(entity.name)?.fields.get(field.name);
      if (!old || old.type !== field.type) continue;
      if (field.type === 'attachment') steps.push(...attachmentSteps(tenant, entity, old, field));
      if (field.type === 'autonumber' && (old.template !== field.template || (old.reset ?? 'never') !== (field.reset ?? 'never'))) steps.push(await numberingStep(knex, tenant, entity, field));
    }
  }
  return steps;
}

function attachmentSteps(tenant: Tenant, entity: EntityDef, old: FieldDef, field: FieldDef): PlanStep[] {
  // Files of records deleted since stay in crm_file, unreachable: they cannot be removed by anyone, so they do not count.
  const files = `${qualified(tenant, 'crm_file')} f where f.entity = ${sqlLiteral(entity.name)} and f.field = ${sqlLiteral(field.name)} and exists (select 1 from ${qualified(tenant, entity.name)} r where r.id = f.record_id)`;
  const step = (action: PlanStep['action'], what: string, check: PlanStep['check']): PlanStep => ({ action, table: entity.name, column: field.name, impact: 'scan', description: `${what} of ${entity.name}.${field.name}`, sql: [], check });
  const steps: PlanStep[] = [];
  const maxFiles = field.maxFiles ?? DEFAULT_MAX_FILES;
  if (maxFiles < (old.maxFiles ?? DEFAULT_MAX_FILES)) {
    steps.push(step('narrow_max_files', `lower the most files to ${maxFiles}`, { sql: `select count(*) as n from (select f.record_id from ${files} group by f.record_id having count(*) > ${maxFiles}) held`, failure: `records hold more than ${maxFiles} files; remove some first` }));
  }
  const maxSize = field.maxSize ?? DEFAULT_MAX_SIZE;
  if (maxSize < (old.maxSize ?? DEFAULT_MAX_SIZE)) {
    steps.push(step('narrow_max_size', `lower the largest file to ${maxSize} bytes`, { sql: `select count(*) as n from ${files} and f.size > ${maxSize}`, failure: `files are larger than ${maxSize} bytes; remove them first` }));
  }
  const accept = field.accept ?? [];
  if (accept.length && JSON.stringify(accept) !== JSON.stringify(old.accept ?? [])) {
    // The upload's own test (engine/files isAccepted) in SQL: an extension, a type family or one type.
    const accepted = accept.map((a) => (a.startsWith('.') ? `lower(f.name) like ${sqlLiteral(`%${a}`)}` : a.endsWith('/*') ? `f.content_type like ${sqlLiteral(`${a.slice(0, -1)}%`)}` : `f.content_type = ${sqlLiteral(a)}`));
    steps.push(step('narrow_accept', `accept only ${accept.join(', ')}`, { sql: `select count(*) as n from ${files} and not (${accepted.join(' or ')})`, failure: `files are of a type outside ${accept.join(', ')}; remove them first` }));
  }
  return steps;
}

async function numberingStep(knex: Knex, tenant: Tenant, entity: EntityDef, field: FieldDef): Promise<PlanStep> {
  const number = await previewNumber(knex, tenant, field, await businessNow(knex, tenant));
  return {
    action: 'change_numbering',
    table: entity.name,
    column: field.name,
    impact: 'scan',
    description: `number new ${entity.name} records from ${number} on`,
    sql: [],
    check: {
      sql: `select count(*) as n from ${qualified(tenant, entity.name)} where ${quoteIdent(field.name)} = ${sqlLiteral(number)}`,
      failure: `record(s) already hold the number ${number} the new numbering would give next; put the date in the template or keep the reset`,
    },
  };
}
