// Valid request bodies for any entity of the demo model, and fresh records placed inside or outside a user's reach.
// A body is copied from a seeded row of the entity, so every cross-field rule of the metadata already holds;
// unique fields get fresh values; an entity without seeded rows gets its required fields generated.
import { randomBytes } from 'node:crypto';
import { EngineError } from '../../engine/core/index.ts';
import { createRecord, assignOwner } from '../../engine/data/index.ts';
import type { EntityDef, FieldDef, Model } from '../../engine/metadata/index.ts';
import type { DemoApp } from './demo-app.ts';
import { evaluate, type Row } from './demo-rights.ts';

const NOT_INPUT = new Set(['formula', 'autonumber', 'children', 'many_to_many']);

/** Fields a client may send at all (not system, not computed, not read-only); `writable` narrows to a user's rights. */
export function inputFields(entity: EntityDef, writable: (field: string) => boolean = () => true): FieldDef[] {
  return [...entity.fields.values()].filter((f) => f.stored && !f.system && !f.readOnly && !NOT_INPUT.has(f.type) && writable(f.name));
}

const hex = (n: number) => randomBytes(n).toString('hex');

/** State fields of the entity's workflows, with the state a new record starts in; users change them only by actions. */
export function workflowStates(model: Model, entityName: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const wf of model.workflows?.values() ?? []) {
    if (wf.entity !== entityName) continue;
    const fallback = model.entities.get(entityName)?.fields.get(wf.stateField)?.default;
    out.set(wf.stateField, typeof fallback === 'string' && fallback in wf.states ? fallback : Object.keys(wf.states)[0]!);
  }
  return out;
}

/** A value for a unique field that no other row holds: names get a suffix, codes matching ^[a-z]… a fresh code. */
// A json field with a named schema needs a value that schema accepts (role permissions accept {}).
const L = { 'zh-CN': '样例', en: 'Sample' };
const SAMPLE_JSON: Record<string, unknown> = {
  'configurator-template': { code: 'S', labels: L, base_price: '100', currency: 'CNY', segments: [{ code: 'a', labels: L, options: [{ code: 'A', labels: L }] }] },
};

function freshUnique(field: FieldDef, seeded: unknown): unknown {
  if (field.type === 'integer') return 100_000 + Math.floor(Math.random() * 800_000);
  if (field.pattern) return `x${hex(5)}`;
  const base = typeof seeded === 'string' ? seeded : field.name;
  const max = field.maxLength ?? 200;
  return `${base.slice(0, Math.max(1, max - 9))}-${hex(4)}`;
}

export interface BodyOptions {
  /** Fields the acting user may write (others are left out). */
  writable?: (field: string) => boolean;
  /** Values to put in place of the seeded ones. */
  overrides?: Record<string, unknown>;
  /** Picks the seeded row to copy (default: the first). */
  prefer?: (row: Row) => boolean;
  /** For generated bodies: the user ids refs to app_user take, in order. */
  people?: string[];
  /** Put workflow state fields in their initial state (only the system actor may); by default they are left out. */
  initialStates?: boolean;
}

export function recordBody(model: Model, entityName: string, rows: Map<string, Row[]>, options: BodyOptions = {}): Record<string, unknown> {
  const entity = model.entities.get(entityName)!;
  const seeded = rows.get(entityName) ?? [];
  const source = seeded.find((r) => options.prefer?.(r) ?? true) ?? seeded[0];
  const uniqueTogether = new Set(entity.unique.flat());
  const body: Record<string, unknown> = {};
  let people = 0;
  for (const field of inputFields(entity, options.writable)) {
    if (source) {
      const value = source[field.name];
      if (value === null || value === undefined) continue;
      if (field.unique || (uniqueTogether.has(field.name) && field.type !== 'ref')) {
        if (field.required) body[field.name] = freshUnique(field, value);
        continue;
      }
      body[field.name] = value;
    } else if (field.required) {
      body[field.name] = generated(model, field, rows, () => options.people?.[people++]);
    }
  }
  if (source) Object.assign(body, copiedLines(model, entity, source, rows));
  for (const [field, initial] of workflowStates(model, entityName)) {
    if (options.initialStates) body[field] = initial;
    else delete body[field];
  }
  return { ...body, ...(options.overrides ?? {}) };
}

/**
 * The seeded row's owned lines, so that rules over their rollups (a quote's discount within its lines' total) hold
 * in the copy as they do in the seeded row, whichever row is copied.
 */
function copiedLines(model: Model, entity: EntityDef, source: Row, rows: Map<string, Row[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of entity.fields.values()) {
    if (field.type !== 'children') continue;
    const lineEntity = model.entities.get(field.target!)!;
    const lines = (rows.get(field.target!) ?? []).filter((l) => l[field.foreignKey!] === source.id);
    out[field.name] = lines.map((line) =>
      Object.fromEntries(inputFields(lineEntity).filter((f) => f.name !== field.foreignKey && line[f.name] != null).map((f) => [f.name, line[f.name]])),
    );
  }
  return out;
}

function generated(model: Model, field: FieldDef, rows: Map<string, Row[]>, nextPerson: () => string | undefined): unknown {
  if (field.unique) return freshUnique(field, undefined);
  switch (field.type) {
    case 'enum':
      return field.options![0]!.code;
    case 'multi_enum':
      return [field.options![0]!.code];
    case 'date':
      return new Date().toISOString().slice(0, 10);
    case 'datetime':
      return new Date().toISOString();
    case 'boolean':
      return false;
    case 'integer':
    case 'decimal':
    case 'money':
      return Math.max(1, field.min ?? 1);
    case 'json':
      return field.schema ? (SAMPLE_JSON[field.schema] ?? {}) : {};
    case 'ref': {
      if (field.target === 'app_user') {
        const person = nextPerson();
        if (person) return person;
      }
      const target = rows.get(field.target!)?.[0];
      if (!target) throw new Error(`no ${field.target} row to refer to from ${field.entity}.${field.name}`);
      return target.id;
    }
    default:
      return `x${hex(5)}`;
  }
}

/**
 * Whether a user's PATCH may name the field while the record is in its current workflow state (a locked state
 * freezes the record, a state may list its editable fields); true for entities without a workflow.
 */
export function editableNow(model: Model, entityName: string, row: Row): (field: string) => boolean {
  const wf = [...(model.workflows?.values() ?? [])].find((w) => w.entity === entityName && (w.appliesWhen === undefined || Boolean(evaluate(w.appliesWhen, row, {}))));
  if (!wf) return () => true;
  const state = wf.states[String(row[wf.stateField])];
  if (state?.locked) return () => false;
  const editable = state?.editable;
  return (field) => field !== wf.stateField && (editable === undefined || editable === '*' || editable.includes(field));
}

/** The first client-writable ref to a user (service_ticket.assigned_to, delegation.user…), which conditions often test. */
export function personField(entity: EntityDef): string | undefined {
  return inputFields(entity).find((f) => f.type === 'ref' && f.target === 'app_user')?.name;
}

/**
 * Creates a record as the system actor and gives it to `owner` (its department follows), with the entity's first
 * user field pointing at `owner` too and any workflow in its initial state (editable); returns the stored row.
 */
export async function createFreshRecord(app: DemoApp, entityName: string, owner: string, rows: Map<string, Row[]>, others: string[] = []): Promise<Row> {
  const model = app.engine.model();
  const entity = model.entities.get(entityName)!;
  const person = personField(entity);
  // The first seeded row whose copy is valid: a copy may break a rule of a record it counts towards (a receipt
  // allocation copied onto a receivable already paid in full), which the next seeded row may not.
  const seeded = rows.get(entityName) ?? [];
  const sources: (Row | undefined)[] = seeded.length ? seeded : [undefined];
  for (const [i, source] of sources.entries()) {
    const body = recordBody(model, entityName, rows, { people: [owner, ...others], overrides: person ? { [person]: owner } : {}, initialStates: true, prefer: source ? (r) => r === source : undefined });
    // A rule such as "the deputy differs from the user" may hold in the copied row only with its own people.
    const otherPeople = inputFields(entity).filter((f) => f.type === 'ref' && f.target === 'app_user' && f.name !== person);
    for (const f of otherPeople) if (body[f.name] === owner) body[f.name] = others.find((o) => o !== owner);
    const ctx = app.systemContext();
    try {
      const id = await ctx.knex.transaction(async (trx) => {
        const tx = { ...ctx, knex: trx };
        const saved = await createRecord(tx, entityName, body);
        await assignOwner(tx, entity, String(saved.id), owner);
        return String(saved.id);
      });
      const [row] = await app.sql<Row>(`select * from ${app.table(entityName)} where id = ?`, [id]);
      return row!;
    } catch (e) {
      if (!(e instanceof EngineError) || e.code !== 'VALIDATION_FAILED' || i === sources.length - 1) throw e;
    }
  }
  throw new Error(`no seeded ${entityName} to copy`);
}
