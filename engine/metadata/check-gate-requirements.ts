// Cross-checks of a transition's `requires` and `manualOnly` against the entities and the flow: documents are
// attachment fields of the flow's entity, records name an entity with a ref field pointing back to it and rules
// over that entity, sign-offs name approval steps of the flow, and no timer or automatic step may fire a
// transition only a person may fire.
import { checkRule } from '../rules/index.ts';
import { ruleScopeOf, type LocatedEntity } from './check-entity.ts';
import type { WorkflowDoc } from './workflow-types.ts';

type At = (pointer: string, message: string, expected?: string) => void;
type CheckRecordRule = (rule: unknown, pointer: string) => void;

export function checkGateRequirements(wf: WorkflowDoc, entities: ReadonlyMap<string, LocatedEntity>, at: At, recordRule: CheckRecordRule): void {
  const own = entities.get(wf.entity)!.doc;
  const steps = new Set((wf.approval?.steps ?? []).map((s) => s.id));
  const manualOnly = new Set(wf.transitions.filter((t) => t.manualOnly).map((t) => t.action));
  wf.transitions.forEach((t, i) => {
    const p = `/transitions/${i}`;
    if (t.manualOnly && t.auto) at(`${p}/auto`, 'a transition only a person may fire (manualOnly) cannot be automatic');
    const requires = t.requires;
    if (!requires) return;
    requires.documents?.forEach((d, j) => {
      const field = own.fields[d.field];
      if (!field) at(`${p}/requires/documents/${j}/field`, `unknown field "${d.field}" of "${wf.entity}"`);
      else if (field.type !== 'attachment') at(`${p}/requires/documents/${j}/field`, `"${d.field}" is not an attachment field of "${wf.entity}"`, 'an attachment field');
    });
    requires.records?.forEach((r, j) => {
      const q = `${p}/requires/records/${j}`;
      const other = entities.get(r.entity)?.doc;
      if (!other) return at(`${q}/entity`, `unknown entity "${r.entity}"`);
      const via = other.fields[r.via];
      if (!via || via.type !== 'ref' || via.target !== wf.entity) at(`${q}/via`, `"${r.via}" is not a ref field of "${r.entity}" pointing to "${wf.entity}"`);
      if ((r.all === undefined) === (r.any === undefined)) at(q, 'say either "all" (every record must satisfy it) or "any" (at least one must)');
      const scope = ruleScopeOf(other);
      for (const key of ['where', 'all', 'any'] as const) {
        if (r[key] === undefined) continue;
        // Compiled to SQL over the other entity's table: the filter subset of the rule language.
        for (const problem of checkRule(r[key], scope, { purpose: 'filter' })) at(`${q}/${key}${problem.pointer}`, problem.message, problem.expected);
      }
    });
    requires.signoffs?.forEach((s, j) => {
      if (!wf.approval) at(`${p}/requires/signoffs/${j}/step`, 'the workflow has no approval section to sign off in');
      else if (!steps.has(s.step)) at(`${p}/requires/signoffs/${j}/step`, `unknown approval step "${s.step}"`, `one of ${[...steps].join(', ')}`);
    });
    requires.conditions?.forEach((c, j) => recordRule(c.rule, `${p}/requires/conditions/${j}/rule`));
  });
  wf.timers?.forEach((timer, i) => {
    if (timer.do.transition && manualOnly.has(timer.do.transition)) at(`/timers/${i}/do/transition`, `"${timer.do.transition}" may only be fired by a person (manualOnly), never by a timer`);
  });
}
