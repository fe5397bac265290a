// Cross-checks of a flow's `creates` (records made from the record's lines on a state or a date): the lines field,
// the created entity and its unique link back to the line, the line's state and date fields, every value rule.
import { checkRule } from '../rules/index.ts';
import { ruleScopeOf, type LocatedEntity } from './check-entity.ts';
import type { EntityDoc } from './model-types.ts';
import { valueKindOf, type ValueKind } from './value-kind.ts';
import type { WorkflowDoc } from './workflow-types.ts';

type At = (pointer: string, message: string, expected?: string) => void;

export function checkWorkflowCreates(wf: WorkflowDoc, entity: EntityDoc, entities: ReadonlyMap<string, LocatedEntity>, at: At): void {
  const ids = new Set<string>();
  wf.creates?.forEach((c, i) => {
    const p = `/creates/${i}`;
    if (ids.has(c.id)) at(`${p}/id`, `duplicate id "${c.id}"`);
    ids.add(c.id);
    const lines = entity.fields[c.from];
    const line = lines?.type === 'children' ? entities.get(lines.target!)?.doc : undefined;
    if (!line) at(`${p}/from`, `"${c.from}" is not a lines (children) field of "${wf.entity}"`);
    const target = entities.get(c.entity)?.doc;
    if (!target) at(`${p}/entity`, `unknown entity "${c.entity}"`);
    if (!line || !target) return;
    const link = target.fields[c.link];
    if (link?.type !== 'ref' || link.target !== line.name || !link.unique) at(`${p}/link`, `"${c.link}" must be a unique ref field of "${c.entity}" pointing to "${line.name}"`);
    if (!c.state && !c.date) at(p, 'name the line field giving the state ("state") or the date ("date") that creates the record');
    if (c.state) {
      const f = line.fields[c.state];
      const states = new Set(Object.keys(wf.states));
      if (!f || !['enum', 'string'].includes(f.type)) at(`${p}/state`, `"${c.state}" is not an enum or text field of "${line.name}"`);
      else for (const o of f.options ?? []) if (!states.has(o.code)) at(`${p}/state`, `option "${o.code}" of ${line.name}.${c.state} is not a state of this flow`, `one of ${[...states].join(', ')}`);
    }
    if (c.date && line.fields[c.date]?.type !== 'date') at(`${p}/date`, `"${c.date}" is not a date field of "${line.name}"`);
    if (c.if !== undefined) for (const problem of checkRule(c.if, ruleScopeOf(entity), { purpose: 'condition' })) at(`${p}/if${problem.pointer}`, problem.message, problem.expected);
    const variables = new Map<string, ValueKind>([['$date', 'date']]);
    for (const [name, f] of Object.entries(entity.fields)) {
      const kind = valueKindOf({ ...f, name, system: false });
      if (kind) variables.set(`$record.${name}`, kind);
    }
    variables.set('$record.id', 'uuid');
    variables.set('$record.owner', 'uuid');
    const scope = { ...ruleScopeOf(line), variables };
    for (const [name, rule] of Object.entries(c.values)) {
      const f = target.fields[name];
      if (!f) at(`${p}/values/${name}`, `unknown field "${name}" of "${c.entity}"`);
      else if (name === c.link) at(`${p}/values/${name}`, 'the link to the line is set by the engine');
      for (const problem of checkRule(rule, scope, { purpose: 'formula' })) at(`${p}/values/${name}${problem.pointer}`, problem.message, problem.expected);
    }
  });
}
