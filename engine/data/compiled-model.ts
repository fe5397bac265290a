// Everything the record service derives from a Model, built once per model version and cached with it.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { notFound } from '../core/index.ts';
import { quoteIdent } from '../db/index.ts';
import { valueKindOf, varsOf, type EntityDef, type FieldDef, type Model } from '../metadata/index.ts';
import type { RuleScope } from '../rules/index.ts';
import { recordSchema } from './record-schema.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv, opts: { mode: 'full'; keywords: boolean }) => Ajv;

export interface CompiledEntity {
  entity: EntityDef;
  /** Fields with a column in the entity's table, system fields first. */
  storedFields: FieldDef[];
  validateCreate: ValidateFunction;
  validateUpdate: ValidateFunction;
  /** Formula fields in dependency order, so a formula may use another one's result. */
  formulas: FieldDef[];
  autonumbers: FieldDef[];
  /** Derived dates, those read by other derived dates of the record first. */
  derivedDates: FieldDef[];
  /** Entities whose derived dates read this entity's records, and the ref they read them through. */
  derivedReaders: { entity: string; ref: string }[];
  /** Autonumbers no formula or rule reads, so the INSERT may take them itself (after formulas and rules ran). */
  unreadNumbers: ReadonlySet<string>;
  /** Rule scope with columns qualified by the given table alias. */
  ruleScope(alias: string): RuleScope;
}

const cache = new WeakMap<Model, Map<string, CompiledEntity>>();

export function compiledEntity(model: Model, name: string): CompiledEntity {
  let perModel = cache.get(model);
  if (!perModel) {
    perModel = compileModel(model);
    cache.set(model, perModel);
  }
  const compiled = perModel.get(name);
  if (!compiled) throw notFound(`Unknown entity "${name}"`, [{ path: 'entity', message: `no entity named "${name}"` }]);
  return compiled;
}

function compileModel(model: Model): Map<string, CompiledEntity> {
  const ajv = new Ajv({ allErrors: true, strict: true, coerceTypes: false, useDefaults: false });
  addFormats(ajv, { mode: 'full', keywords: true });
  const out = new Map<string, CompiledEntity>();
  const readers = derivedReadersOf(model);
  for (const entity of model.entities.values()) {
    const fields = [...entity.fields.values()];
    const scopes = new Map<string, RuleScope>();
    // Compiled on first use: a process that writes one or two entities (crm import) need not compile all of them.
    let validateCreate: ValidateFunction | undefined;
    let validateUpdate: ValidateFunction | undefined;
    out.set(entity.name, {
      entity,
      storedFields: fields.filter((f) => f.stored),
      get validateCreate() {
        return (validateCreate ??= ajv.compile(recordSchema(entity, model, { mode: 'create' })));
      },
      get validateUpdate() {
        return (validateUpdate ??= ajv.compile(recordSchema(entity, model, { mode: 'update' })));
      },
      formulas: formulaOrder(fields.filter((f) => f.formula !== undefined)),
      autonumbers: fields.filter((f) => f.type === 'autonumber'),
      derivedDates: derivedOrder(fields.filter((f) => f.derive)),
      derivedReaders: readers.get(entity.name) ?? [],
      unreadNumbers: unreadNumbers(entity, fields),
      ruleScope(alias: string) {
        let scope = scopes.get(alias);
        if (!scope) {
          const map = new Map<string, { kind: NonNullable<ReturnType<typeof valueKindOf>>; column: string }>();
          for (const f of fields) {
            const kind = f.stored ? valueKindOf(f) : undefined;
            if (kind) map.set(f.name, { kind, column: `${quoteIdent(alias)}.${quoteIdent(f.name)}` });
          }
          scope = { fields: map };
          scopes.set(alias, scope);
        }
        return scope;
      },
    });
  }
  return out;
}

function unreadNumbers(entity: EntityDef, fields: FieldDef[]): Set<string> {
  const read = new Set([...fields.filter((f) => f.formula !== undefined).flatMap((f) => varsOf(f.formula)), ...entity.rules.flatMap((r) => varsOf(r.condition))]);
  return new Set(fields.filter((f) => f.type === 'autonumber' && !read.has(f.name)).map((f) => f.name));
}

// The metadata loader already refused cycles, so a depth-first order always exists.
function formulaOrder(formulas: FieldDef[]): FieldDef[] {
  const byName = new Map(formulas.map((f) => [f.name, f]));
  const done = new Set<string>();
  const order: FieldDef[] = [];
  const visit = (f: FieldDef) => {
    if (done.has(f.name)) return;
    done.add(f.name);
    for (const dep of varsOf(f.formula)) {
      const d = byName.get(dep);
      if (d) visit(d);
    }
    order.push(f);
  };
  formulas.forEach(visit);
  return order;
}

// A derived date may read another derived date of the same record (warranty end = warranty start + 12 months).
function derivedOrder(fields: FieldDef[]): FieldDef[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const done = new Set<string>();
  const order: FieldDef[] = [];
  const visit = (f: FieldDef) => {
    if (done.has(f.name)) return;
    done.add(f.name);
    const source = byName.get(f.derive!.from);
    if (source) visit(source);
    order.push(f);
  };
  fields.forEach(visit);
  return order;
}

function derivedReadersOf(model: Model): Map<string, { entity: string; ref: string }[]> {
  const out = new Map<string, { entity: string; ref: string }[]>();
  for (const entity of model.entities.values()) {
    const refs = new Set([...entity.fields.values()].flatMap((f) => (f.derive?.from.includes('.') ? [f.derive.from.split('.')[0]!] : [])));
    for (const ref of refs) {
      const target = entity.fields.get(ref)!.target!;
      out.set(target, [...(out.get(target) ?? []), { entity: entity.name, ref }]);
    }
  }
  return out;
}
