// Business numbers such as HT-202611-0042: a per-period counter incremented inside the record's transaction, so
// numbers are unique and gap-free (a rolled-back create rolls its number back too) however many writers race.
import type { Knex } from 'knex';
import { DEFAULT_TIME_ZONE, qualified, type Tenant } from '../db/index.ts';
import type { FieldDef } from '../metadata/index.ts';
import { compileTemplate } from '../rules/index.ts';

const templates = new Map<string, ReturnType<typeof compileTemplate>>();

export async function nextNumber(trx: Knex, tenant: Tenant, field: FieldDef, now: Date): Promise<string> {
  const timeZone = tenant.timeZone ?? DEFAULT_TIME_ZONE;
  const key = `${field.entity}.${field.name}:${periodOf(field.reset ?? 'never', now, timeZone)}`;
  const r = await trx.raw<{ rows: { value: number }[] }>(
    `insert into ${qualified(tenant, 'crm_sequence')} as s (key, value) values (?, 1)
     on conflict (key) do update set value = s.value + 1 returning value`,
    [key],
  );
  let render = templates.get(field.template!);
  if (!render) {
    render = compileTemplate(field.template!);
    templates.set(field.template!, render);
  }
  return render({ seq: r.rows[0]!.value, now: now.toISOString(), timeZone });
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
