// Cross-checks of a derived date (派生日期): its source is a date of this entity or of the record a ref points to, and
// no chain of derived dates comes back to where it started (the engine follows changes along the chain).
import type { LocatedEntity } from './check-entity.ts';
import type { EntityDoc, FieldDoc } from './model-types.ts';
import { SYSTEM_FIELDS } from './system-fields.ts';
import { valueKindOf } from './value-kind.ts';

type At = (pointer: string, message: string, expected?: string) => void;

/** The source of a derived date: the entity and field it reads, and the ref it reads through (none for its own field). */
export function deriveSource(entity: string, from: string, doc: EntityDoc): { ref?: string; entity: string; field: string } | undefined {
  const [first, second] = from.split('.');
  if (second === undefined) return { entity, field: first! };
  const ref = doc.fields[first!];
  return ref?.type === 'ref' ? { ref: first, entity: ref.target!, field: second } : undefined;
}

export function checkDerivedDate(doc: EntityDoc, name: string, field: FieldDoc, ptr: string, all: ReadonlyMap<string, LocatedEntity>, at: At): void {
  const derive = field.derive!;
  if (field.required) at(`${ptr}/required`, 'a derived date cannot be required: it is empty while its source is');
  if (field.default !== undefined) at(`${ptr}/default`, 'a derived date has no default: the engine computes it');
  const source = deriveSource(doc.name, derive.from, doc);
  if (!source) {
    at(`${ptr}/derive/from`, `"${derive.from.split('.')[0]}" is not a ref field of "${doc.name}"`, 'a date field, or <ref field>.<date field of its target>');
    return;
  }
  const target = source.entity === doc.name ? doc : all.get(source.entity)?.doc;
  if (!target) return; // the ref's own check reports an unknown target
  const sourceField = target.fields[source.field] ?? (SYSTEM_FIELDS as Record<string, FieldDoc>)[source.field];
  const kind = sourceField && valueKindOf({ ...sourceField, name: source.field, system: !(source.field in target.fields) });
  if (kind !== 'date' && kind !== 'datetime') {
    at(`${ptr}/derive/from`, `"${source.field}" is not a date or datetime field of "${source.entity}"`, 'a date or datetime field');
    return;
  }
  if (!source.ref && source.field === name) at(`${ptr}/derive/from`, 'a derived date cannot derive from itself');
  const cycle = cycleFrom(doc.name, name, all, doc);
  if (cycle) at(`${ptr}/derive/from`, `derived dates go round in a circle: ${cycle.join(' → ')}`);
}

// Follows the chain of sources from entity.field; a chain that reaches its start again is a cycle.
function cycleFrom(entity: string, field: string, all: ReadonlyMap<string, LocatedEntity>, own: EntityDoc): string[] | undefined {
  const start = `${entity}.${field}`;
  const path = [start];
  let current = { entity, field };
  for (let i = 0; i < 64; i++) {
    const doc = current.entity === own.name ? own : all.get(current.entity)?.doc;
    const derive = doc?.fields[current.field]?.derive;
    if (!doc || !derive) return undefined;
    const next = deriveSource(current.entity, derive.from, doc);
    if (!next) return undefined;
    const key = `${next.entity}.${next.field}`;
    path.push(key);
    if (key === start) return path;
    if (path.indexOf(key) < path.length - 1) return undefined; // a cycle further along, reported at its own fields
    current = next;
  }
  return undefined;
}
