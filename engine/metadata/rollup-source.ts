// Where a rollup's records come from: the entity aggregated and its ref field pointing at the rollup's record.
import type { EntityDef, FieldDef, Model } from './model-types.ts';

export interface RollupSource {
  entity: string;
  foreignKey: string;
}

export function rollupSource(entity: EntityDef, field: FieldDef): RollupSource {
  if (field.from) return { entity: field.from.entity, foreignKey: field.from.via };
  const lines = entity.fields.get(field.of!)!;
  return { entity: lines.target!, foreignKey: lines.foreignKey! };
}

export interface DependentRollups {
  /** The entity holding the rollups. */
  entity: string;
  /** The ref field of the written entity pointing at it. */
  foreignKey: string;
}

const dependents = new WeakMap<Model, Map<string, DependentRollups[]>>();

/** For each entity, the (entity, ref field) pairs whose rollups aggregate its records: what to refresh after a write. */
export function dependentRollups(model: Model, entityName: string): readonly DependentRollups[] {
  let index = dependents.get(model);
  if (!index) {
    index = new Map();
    for (const entity of model.entities.values()) {
      for (const field of entity.fields.values()) {
        if (field.type !== 'rollup') continue;
        const source = rollupSource(entity, field);
        const list = index.get(source.entity) ?? [];
        if (!list.some((d) => d.entity === entity.name && d.foreignKey === source.foreignKey)) list.push({ entity: entity.name, foreignKey: source.foreignKey });
        index.set(source.entity, list);
      }
    }
    dependents.set(model, index);
  }
  return index.get(entityName) ?? [];
}
