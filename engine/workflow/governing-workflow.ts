// Which workflow governs a record: the entity's flows in name order, the first whose appliesWhen holds (several
// flows may share an entity, e.g. one sales process per opportunity type).
import type { Model, WorkflowDef } from '../metadata/index.ts';
import { testRule } from '../rules/index.ts';

const byEntity = new WeakMap<Model, Map<string, WorkflowDef[]>>();

export function workflowsOf(model: Model, entity: string): WorkflowDef[] {
  let map = byEntity.get(model);
  if (!map) {
    map = new Map();
    for (const wf of model.workflows.values()) map.set(wf.entity, [...(map.get(wf.entity) ?? []), wf]);
    byEntity.set(model, map);
  }
  return map.get(entity) ?? [];
}

export function workflowFor(model: Model, entity: string, record: Record<string, unknown>): WorkflowDef | undefined {
  return workflowsOf(model, entity).find((wf) => wf.appliesWhen === undefined || testRule(wf.appliesWhen, record, { now: new Date() }));
}

/** The state a new record starts in: the state field's default when it is a state of the flow, else the first state. */
export function initialState(model: Model, wf: WorkflowDef): string {
  const fallback = model.entities.get(wf.entity)?.fields.get(wf.stateField)?.default;
  return typeof fallback === 'string' && fallback in wf.states ? fallback : Object.keys(wf.states)[0]!;
}
