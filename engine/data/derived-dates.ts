// Derived dates (派生日期): a date field declared with `derive` holds another date plus a period (warranty end =
// final acceptance + 12 months). The engine stores the value (so filters, sorting, reports, formulas and exports read
// it like any date) and keeps it current: computed on every write of the record, and computed again for the records
// that read a source through a ref whenever that source record is changed or deleted.
import type { Knex } from 'knex';
import { qualified, queryRows, quoteIdent, type Tenant } from '../db/index.ts';
import type { DeriveDoc, EntityDef, FieldDef, Model } from '../metadata/index.ts';
import { DEFAULT_TIME_ZONE } from '../rules/index.ts';
import { compiledEntity } from './compiled-model.ts';
import type { RecordInput } from './check-input.ts';
import { computeFormulas } from './derive-values.ts';
import { toColumn } from './insert-row.ts';

/** What derived dates need: the connection (a transaction on PGlite), the tenant and the model. */
export interface DeriveScope {
  knex: Knex | Knex.Transaction;
  tenant: Tenant;
  model: Model;
}

type Row = Record<string, unknown>;

/** The derived dates of one record, from its values (own sources) and the records its refs point to. */
export async function deriveDates(db: DeriveScope, entity: EntityDef, record: Row): Promise<RecordInput> {
  const fields = compiledEntity(db.model, entity.name).derivedDates;
  if (!fields.length) return {};
  const timeZone = db.tenant.timeZone ?? DEFAULT_TIME_ZONE;
  const data = { ...record };
  const out: RecordInput = {};
  const fetched = new Map<string, Row | undefined>();
  for (const field of fields) {
    const [first, second] = field.derive!.from.split('.') as [string, string | undefined];
    let source: unknown;
    if (second === undefined) source = data[first];
    else if (data[first]) {
      // The source record is read as the system: the derived value is part of this record, whoever may read that one.
      if (!fetched.has(first)) fetched.set(first, await sourceRow(db, entity.fields.get(first)!, String(data[first])));
      source = fetched.get(first)?.[second];
    }
    const day = dayOf(source, timeZone);
    out[field.name] = day === null ? null : addPeriod(day, field.derive!.add);
    data[field.name] = out[field.name];
  }
  return out;
}

async function sourceRow(db: DeriveScope, ref: FieldDef, id: string): Promise<Row | undefined> {
  const target = db.model.entities.get(ref.target!)!;
  const columns = [...new Set(compiledEntity(db.model, ref.entity).derivedDates.flatMap((f) => (f.derive!.from.startsWith(`${ref.name}.`) ? [f.derive!.from.split('.')[1]!] : [])))];
  const [row] = await queryRows<Row>(db.knex, `select ${columns.map(quoteIdent).join(', ')} from ${qualified(db.tenant, target.name)} where id = ?`, [id]);
  return row;
}

/** A date (`YYYY-MM-DD`), or a datetime taken as its day in the tenant's time zone. */
function dayOf(value: unknown, timeZone: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) return null;
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Years and months first (the 31st plus one month is the last day of the next month, as PostgreSQL does), then days. */
export function addPeriod(day: string, add: DeriveDoc['add']): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const months = y * 12 + (m - 1) + (add.years ?? 0) * 12 + (add.months ?? 0);
  const year = Math.floor(months / 12);
  const month = months - year * 12;
  const base = new Date(0);
  base.setUTCFullYear(year, month + 1, 0);
  const lastDay = base.getUTCDate();
  base.setUTCFullYear(year, month, Math.min(d, lastDay));
  base.setUTCDate(base.getUTCDate() + (add.days ?? 0));
  return base.toISOString().slice(0, 10);
}

/** Records (by entity) whose derived dates read one of `ids` of `entity` through a ref. */
export async function readersOf(db: DeriveScope, entity: string, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const reader of compiledEntity(db.model, entity).derivedReaders) {
    const rows = await queryRows<{ id: string }>(db.knex, `select id from ${qualified(db.tenant, reader.entity)} where ${quoteIdent(reader.ref)} = any(?::uuid[])`, [ids]);
    if (rows.length) out.set(reader.entity, [...(out.get(reader.entity) ?? []), ...rows.map((r) => r.id)]);
  }
  return out;
}

/**
 * Computes the derived dates (and the formulas that may read them) of these records again and stores what changed,
 * then follows the chain to the records that read those. Like a formula column filled by the schema, this is the
 * engine keeping a stored value current, not a change of the record: its version, update time and audit stay.
 */
export async function refreshReaders(db: DeriveScope, readers: ReadonlyMap<string, readonly string[]>, now: Date): Promise<void> {
  for (const [name, ids] of readers) {
    const entity = db.model.entities.get(name)!;
    const rows = await queryRows<Row & { id: string }>(db.knex, `select * from ${qualified(db.tenant, name)} where id = any(?::uuid[])`, [[...new Set(ids)]]);
    const changed: string[] = [];
    for (const row of rows) {
      const derived = await deriveDates(db, entity, row);
      const values = { ...derived, ...computeFormulas(db.model, entity, { ...row, ...derived }, now) };
      const names = Object.keys(values).filter((n) => JSON.stringify(values[n] ?? null) !== JSON.stringify(row[n] ?? null));
      if (!names.length) continue;
      await queryRows(db.knex, `update ${qualified(db.tenant, name)} set ${names.map((n) => `${quoteIdent(n)} = ?`).join(', ')} where id = ?`, [
        ...names.map((n) => toColumn(entity, n, values[n] ?? null)),
        row.id,
      ]);
      changed.push(row.id);
    }
    // The metadata loader refused cycles of derived dates, so the chain ends.
    if (changed.length) await refreshReaders(db, await readersOf(db, name, changed), now);
  }
}
