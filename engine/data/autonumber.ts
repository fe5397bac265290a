// Business numbers such as HT-202611-0042: a per-period counter incremented inside the record's transaction, so
// numbers are unique and gap-free (a rolled-back create rolls its number back too) however many writers race.
import type { Knex } from 'knex';
import { DEFAULT_TIME_ZONE, qualified, type Tenant } from '../db/index.ts';
import { EngineError } from '../core/index.ts';
import type { FieldDef } from '../metadata/index.ts';
import { compileTemplate, DEFAULT_TIME_ZONE as RULES_TIME_ZONE, templateProblems } from '../rules/index.ts';

const templates = new Map<string, ReturnType<typeof compileTemplate>>();

export async function nextNumber(trx: Knex, tenant: Tenant, field: FieldDef, now: Date): Promise<string> {
  return (await takeNumbers(trx, tenant, field, now, 1))[0]!;
}

/**
 * `count` consecutive numbers in one counter update, in order (the records of an import's chunk): as gap-free as
 * nextNumber, since a rollback of the transaction gives the whole block back.
 */
export async function takeNumbers(trx: Knex, tenant: Tenant, field: FieldDef, now: Date, count: number): Promise<string[]> {
  const timeZone = tenant.timeZone ?? DEFAULT_TIME_ZONE;
  const r = await trx.raw<{ rows: { value: number | string }[] }>(`${counterSql(tenant, '?::bigint')} returning value`, [counterKey(field, now, timeZone), count]);
  const first = Number(r.rows[0]!.value) - count + 1;
  return Array.from({ length: count }, (_, i) => render(field.template!, { seq: first + i, now: now.toISOString(), timeZone }));
}

/**
 * The number the next record would get, read without taking it (the designer's live preview): the counter as it
 * stands plus one. A template that cannot be rendered is refused at "template".
 */
export async function previewNumber(knex: Knex, tenant: Tenant, field: Pick<FieldDef, 'entity' | 'name' | 'template' | 'reset'>, now: Date): Promise<string> {
  const timeZone = tenant.timeZone ?? DEFAULT_TIME_ZONE;
  const problems = templateProblems(field.template!, { seq: 1, now: now.toISOString(), timeZone: timeZone ?? RULES_TIME_ZONE });
  if (problems.length) throw new EngineError('VALIDATION_FAILED', 'The numbering template cannot be rendered', problems.map((p) => ({ path: 'template', message: p.message })));
  const r = await knex.raw<{ rows: { value: number }[] }>(`select value from ${qualified(tenant, 'crm_sequence')} where key = ?`, [counterKey(field, now, timeZone)]);
  return render(field.template!, { seq: Number(r.rows[0]?.value ?? 0) + 1, now: now.toISOString(), timeZone });
}

/**
 * A number the record's INSERT can take itself (one round trip less, and the counter row is locked one statement
 * later): the counter upsert as a data-modifying CTE and the text around the sequence rendered here. Only for
 * templates made of text, {{date "…"}} and one {{seq N}}; anything else (if, pad, upper …) is rendered by nextNumber.
 */
export interface NumberInSql {
  /** `<name> as (insert into crm_sequence … returning value)`, for the INSERT's WITH list. */
  cte: string;
  /** A scalar subquery producing the number, for the VALUES list. */
  value: string;
  /** Bindings of cte, then of value. */
  cteBindings: unknown[];
  valueBindings: unknown[];
}

const SEQ = /\{\{\s*seq\s+(\d{1,2})\s*\}\}/;
const TEXT_AND_DATES = /^(?:[^{}]|\{\{\s*date\s+"[A-Za-z]*"\s*\}\})*$/;

export function numberInSql(tenant: Tenant, field: FieldDef, now: Date, cteName: string): NumberInSql | undefined {
  const template = field.template!;
  const m = SEQ.exec(template);
  if (!m || Number(m[1]) > 64) return undefined;
  const before = template.slice(0, m.index);
  const after = template.slice(m.index + m[0].length);
  if (!TEXT_AND_DATES.test(before) || !TEXT_AND_DATES.test(after)) return undefined;
  const timeZone = tenant.timeZone ?? DEFAULT_TIME_ZONE;
  const data = { now: now.toISOString(), timeZone };
  // lpad cuts longer text; {{seq N}} keeps a number longer than N whole, hence greatest().
  const digits = `${cteName}.value::text`;
  return {
    cte: `${cteName} as (${counterSql(tenant)} returning value)`,
    value: `(select ?::text || lpad(${digits}, greatest(?::int, length(${digits})), '0') || ?::text from ${cteName})`,
    cteBindings: [counterKey(field, now, timeZone)],
    valueBindings: [render(before, data), Number(m[1]), render(after, data)],
  };
}

/** The counter row moved on by `step` (SQL: a literal or a placeholder), created at step when the period is new. */
function counterSql(tenant: Tenant, step = '1'): string {
  return `insert into ${qualified(tenant, 'crm_sequence')} as s (key, value) values (?, ${step}) on conflict (key) do update set value = s.value + excluded.value`;
}

function counterKey(field: Pick<FieldDef, 'entity' | 'name' | 'reset'>, now: Date, timeZone: string): string {
  return `${field.entity}.${field.name}:${periodOf(field.reset ?? 'never', now, timeZone)}`;
}

function render(template: string, data: object): string {
  if (template === '') return '';
  let compiled = templates.get(template);
  if (!compiled) {
    compiled = compileTemplate(template);
    templates.set(template, compiled);
  }
  return compiled(data);
}

function periodOf(reset: NonNullable<FieldDef['reset']>, now: Date, timeZone: string): string {
  if (reset === 'never') return 'all';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now).map((p) => [p.type, p.value]),
  );
  if (reset === 'yearly') return parts.year!;
  if (reset === 'monthly') return `${parts.year}${parts.month}`;
  return `${parts.year}${parts.month}${parts.day}`;
}
