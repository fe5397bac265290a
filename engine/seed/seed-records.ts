// Loads a seed document (demo data) through the record service, so seeds obey the same validation as the API.
// Records refer to each other by "@key" and to existing records by {"$find": {field: value}}; "@owner" assigns the
// record's owner; "updates" run once every record exists (for cycles such as a department's manager).
// A document with "asOf" describes things as they stood that day: its dates and times move to today on the business
// clock, so demo follow-ups, deadlines and overdue amounts look the same whenever it is loaded.
// A caller may keep records that are already there (matched on one of the entity's unique keys) instead of
// refusing them: a plugin reinstalled after a purge finds the 选型模版 its first install seeded into an engine entity.
// Everything is written in one transaction or not at all.
import { EngineError, type RequestContext } from '../core/index.ts';
import { assignOwner, createRecord, updateRecordById } from '../data/index.ts';
import { DEFAULT_TIME_ZONE, qualified, queryRows, quoteIdent } from '../db/index.ts';
import { businessNow } from '../jobs/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import { addToDate, isCanonicalDate, todayIn } from '../rules/index.ts';

type SeedRecord = Record<string, unknown>;

export interface SeedDocument {
  /** The day the data describes ('YYYY-MM-DD'); date and datetime values move by the days from it to today. */
  asOf?: string;
  records: Record<string, SeedRecord[]>;
  updates?: Record<string, SeedRecord[]>;
}

/** How a seed's date and datetime values move: by whole days, on the wall clock of the tenant's zone. */
interface DateShift {
  days: number;
  timeZone: string;
}

export interface SeedOptions {
  /** Entities whose records are kept, not refused, when one with the same unique key exists (its @key then names it). */
  keepExisting?: (entity: EntityDef) => boolean;
}

export async function seedRecords(ctx: RequestContext, doc: SeedDocument, file: string, options: SeedOptions = {}): Promise<{ created: number; kept: number }> {
  if (doc.asOf !== undefined && !isCanonicalDate(doc.asOf)) {
    throw new EngineError('METADATA_INVALID', 'A seed document has a bad asOf', [{ file, pointer: '/asOf', message: 'must be a date such as 2026-06-20' }]);
  }
  return ctx.knex.transaction(async (trx) => {
    const tx = { ...ctx, knex: trx };
    const shift = doc.asOf ? await shiftToToday(tx, doc.asOf) : undefined;
    const ids = new Map<string, string>();
    let created = 0;
    let kept = 0;
    for (const [entityName, records] of Object.entries(doc.records)) {
      const entity = entityOrThrow(tx, entityName, file, `/records/${entityName}`);
      for (const [i, record] of records.entries()) {
        const { '@key': key, '@owner': owner, ...values } = record;
        await refusalAt(file, `/records/${entityName}/${i}`, async () => {
          const resolved = await resolveRefs(tx, entity, values, ids, shift);
          const existing = options.keepExisting?.(entity) ? await existingId(tx, entity, resolved) : undefined;
          if (existing) {
            kept++;
            if (typeof key === 'string') ids.set(key, existing);
            return;
          }
          const saved = await createRecord(tx, entityName, resolved);
          created++;
          if (typeof key === 'string') ids.set(key, String(saved.id));
          if (owner !== undefined) await assignOwner(tx, entity, String(saved.id), idOf(owner, ids));
        });
      }
    }
    for (const [entityName, records] of Object.entries(doc.updates ?? {})) {
      const entity = entityOrThrow(tx, entityName, file, `/updates/${entityName}`);
      for (const [i, record] of records.entries()) {
        const { '@key': key, ...values } = record;
        await refusalAt(file, `/updates/${entityName}/${i}`, async () => {
          await updateRecordById(tx, entityName, idOf(`@${String(key)}`, ids), await resolveRefs(tx, entity, values, ids, shift));
        });
      }
    }
    return { created, kept };
  });
}

/** The record that already holds one of the entity's unique keys with these values, if any. */
async function existingId(ctx: RequestContext, entity: EntityDef, values: SeedRecord): Promise<string | undefined> {
  const keys = [...[...entity.fields.values()].filter((f) => f.unique).map((f) => [f.name]), ...entity.unique];
  for (const names of keys) {
    if (!names.every((n) => values[n] !== undefined && values[n] !== null && typeof values[n] !== 'object')) continue;
    const rows = await queryRows<{ id: string }>(
      ctx.knex,
      `select id from ${qualified(ctx.tenant, entity.name)} where ${names.map((n) => `${quoteIdent(n)} = ?`).join(' and ')} limit 1`,
      names.map((n) => values[n]),
    );
    if (rows[0]) return rows[0].id;
  }
  return undefined;
}

function entityOrThrow(ctx: RequestContext, name: string, file: string, pointer: string): EntityDef {
  const entity = ctx.model.entities.get(name);
  if (!entity) throw new EngineError('METADATA_INVALID', 'Seed data names an unknown entity', [{ file, pointer, message: `unknown entity "${name}"` }]);
  return entity;
}

async function refusalAt(file: string, pointer: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    throw new EngineError(e.code, `Seed record ${pointer} in ${file} was refused: ${e.message}`, e.details.map((d) => ({ ...d, file, pointer: `${pointer}${d.path ?? ''}` })));
  }
}

function idOf(value: unknown, ids: Map<string, string>): string {
  const id = typeof value === 'string' && value.startsWith('@') ? ids.get(value.slice(1)) : undefined;
  if (!id) throw new EngineError('VALIDATION_FAILED', `Unknown seed key ${String(value)}`, [{ path: '', message: `no earlier seed record has @key "${String(value).slice(1)}"` }]);
  return id;
}

async function shiftToToday(ctx: RequestContext, asOf: string): Promise<DateShift> {
  const timeZone = ctx.tenant.timeZone ?? DEFAULT_TIME_ZONE;
  const today = todayIn(await businessNow(ctx.knex, ctx.tenant), timeZone);
  return { days: Math.round((Date.parse(today) - Date.parse(asOf)) / 86_400_000), timeZone };
}

// A value that is not a date (or datetime) is left as it is, for the record's validation to report. A datetime with
// an offset (seeds are written in local time, +08:00) is moved as the instant it names.
function shifted(value: unknown, shift: DateShift | undefined): unknown {
  if (!shift || shift.days === 0 || typeof value !== 'string') return value;
  const instant = isCanonicalDate(value) ? value : value.includes('T') && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
  return (instant && addToDate(instant, shift.days, 'day', shift.timeZone)) ?? value;
}

async function resolveRefs(ctx: RequestContext, entity: EntityDef, values: SeedRecord, ids: Map<string, string>, shift?: DateShift): Promise<SeedRecord> {
  const resolve = async (v: unknown, target: string): Promise<unknown> => {
    if (typeof v === 'string' && v.startsWith('@')) return idOf(v, ids);
    if (v && typeof v === 'object' && '$find' in v) return find(ctx, target, (v as { $find: Record<string, unknown> }).$find);
    return v;
  };
  const out: SeedRecord = {};
  for (const [name, value] of Object.entries(values)) {
    const field = entity.fields.get(name);
    if (field?.type === 'ref') out[name] = await resolve(value, field.target!);
    // In turn, not in parallel: the seed runs in one transaction, one connection.
    else if (field?.type === 'many_to_many' && Array.isArray(value)) {
      const list: unknown[] = [];
      for (const v of value) list.push(await resolve(v, field.target!));
      out[name] = list;
    } else if (field?.type === 'children' && Array.isArray(value)) {
      const child = ctx.model.entities.get(field.target!)!;
      const lines: SeedRecord[] = [];
      for (const line of value) lines.push(await resolveRefs(ctx, child, line as SeedRecord, ids, shift));
      out[name] = lines;
    } else if (field?.type === 'date' || field?.type === 'datetime') out[name] = shifted(value, shift);
    else out[name] = value;
  }
  return out;
}

/** The one existing record whose fields equal `where` (e.g. the built-in role with code "sales"). */
async function find(ctx: RequestContext, entityName: string, where: Record<string, unknown>): Promise<string> {
  const entity = ctx.model.entities.get(entityName)!;
  const names = Object.keys(where);
  if (names.length === 0 || names.some((n) => !entity.fields.get(n)?.stored)) {
    throw new EngineError('VALIDATION_FAILED', 'A $find must name stored fields', [{ path: '', message: `$find over ${names.join(', ')} on ${entityName}` }]);
  }
  const rows = await queryRows<{ id: string }>(
    ctx.knex,
    `select id from ${qualified(ctx.tenant, entityName)} where ${names.map((n) => `${quoteIdent(n)} = ?`).join(' and ')} limit 2`,
    names.map((n) => where[n]),
  );
  if (rows.length !== 1) throw new EngineError('VALIDATION_FAILED', `$find matched ${rows.length} ${entityName} records`, [{ path: '', message: `${JSON.stringify(where)} must match exactly one record` }]);
  return rows[0]!.id;
}
