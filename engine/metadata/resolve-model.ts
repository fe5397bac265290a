// Turns schema-valid entity documents into the one immutable, versioned Model (after checkEntity found no problems).
import { createHash } from 'node:crypto';
import type { EntityDef, FieldDef, FormTab, MenuItem, Model, ReportDoc } from './model-types.ts';
import type { WorkflowDef, WorkflowDoc } from './workflow-types.ts';
import type { LocatedEntity } from './check-entity.ts';
import { SYSTEM_FIELDS } from './system-fields.ts';
import { escape } from './validate-documents.ts';

export function resolveModel(
  entities: readonly LocatedEntity[],
  menus: readonly MenuItem[] = [],
  workflows: readonly { file: string; doc: WorkflowDoc }[] = [],
  forms: ReadonlyMap<string, FormTab[]> = new Map(),
  reports: ReadonlyMap<string, ReportDoc> = new Map(),
): Model {
  const defs = new Map<string, EntityDef>();
  for (const { file, doc } of [...entities].sort((a, b) => a.doc.name.localeCompare(b.doc.name))) {
    const fields = new Map<string, FieldDef>();
    for (const [name, f] of Object.entries(SYSTEM_FIELDS)) {
      fields.set(name, { ...f, name, entity: doc.name, source: { file, pointer: '' }, system: true, stored: true, readOnly: true });
    }
    for (const [name, f] of Object.entries(doc.fields)) {
      const stored = f.type !== 'children' && f.type !== 'many_to_many' && f.type !== 'attachment';
      const readOnly = f.readOnly || f.type === 'autonumber' || f.type === 'formula' || f.type === 'rollup' || f.formula !== undefined || f.derive !== undefined;
      fields.set(name, { ...f, name, entity: doc.name, source: { file, pointer: `/fields/${escape(name)}` }, system: false, stored, readOnly });
    }
    defs.set(doc.name, {
      name: doc.name,
      labels: doc.labels,
      module: doc.module ?? 'core',
      description: doc.description,
      displayField: doc.displayField,
      searchFields: doc.searchFields ?? [],
      fields,
      indexes: doc.indexes ?? [],
      unique: doc.unique ?? [],
      rules: doc.rules ?? [],
      handover: doc.handover,
      delayAlert: doc.delayAlert,
      timeline: doc.timeline,
      source: { file, pointer: '' },
    });
  }
  const flows = new Map<string, WorkflowDef>();
  for (const { file, doc } of [...workflows].sort((a, b) => a.doc.name.localeCompare(b.doc.name))) {
    flows.set(doc.name, { ...structuredClone(doc), source: { file, pointer: '' }, hash: hashOf(doc) });
  }
  const layouts = new Map([...forms].map(([entity, tabs]) => [entity, structuredClone(tabs)]));
  const version = hashOf({ entities: entities.map((e) => e.doc).sort((a, b) => a.name.localeCompare(b.name)), menus, workflows: [...flows.values()].map((w) => w.hash), forms: [...layouts], reports: [...reports.values()] });
  const saved = new Map([...reports].sort(([a], [b]) => a.localeCompare(b)).map(([code, doc]) => [code, structuredClone(doc)]));
  return deepFreeze({ version, entities: defs, menus: structuredClone(menus), workflows: flows, forms: layouts, reports: saved });
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

// Freezing makes "immutable" a fact: code holding a Model cannot change it under other requests' feet.
function deepFreeze<T>(value: T): T {
  if (value instanceof Map) {
    for (const v of value.values()) deepFreeze(v);
    // Map contents are not protected by Object.freeze; block the mutators so a stray set() throws.
    const blocked = () => {
      throw new TypeError('the Model is immutable');
    };
    Object.assign(value, { set: blocked, delete: blocked, clear: blocked });
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return Object.freeze(value);
}
