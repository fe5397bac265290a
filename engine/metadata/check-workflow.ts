// Cross-checks of a schema-valid workflow against the entities: the entity, its state field and options, every
// state named in transitions, steps and timers, every field named in required/editable/effects, every rule.
import type { ErrorDetail } from '../core/index.ts';
import { checkRule, checkTemplate } from '../rules/index.ts';
import type { LocatedEntity } from './check-entity.ts';
import { namedLikeItsFile } from './metadata-source.ts';
import { ruleScopeOf } from './check-entity.ts';
import type { ApproverRule, NotificationDoc, WorkflowDoc } from './workflow-types.ts';
import type { FieldDoc } from './model-types.ts';
import { valueKindOf, type ValueKind } from './value-kind.ts';
import { escape } from './validate-documents.ts';
import { checkGateRequirements } from './check-gate-requirements.ts';
import { checkWorkflowCreates } from './check-workflow-creates.ts';

/** Every record has them: its owner (负责人) and who created it. */
const USER_SYSTEM_FIELDS = new Set(['owner', 'created_by']);

const USER_VARIABLES = new Map<string, ValueKind>([
  ['$user.id', 'uuid'],
  ['$user.department', 'uuid'],
  ['$user.departments_below', 'string_array'],
  ['$user.team', 'string_array'],
]);

export function checkWorkflow(file: string, wf: WorkflowDoc, entities: ReadonlyMap<string, LocatedEntity>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const at = (pointer: string, message: string, expected?: string) => problems.push(expected ? { file, pointer, message, expected } : { file, pointer, message });
  if (!namedLikeItsFile(file, wf.name)) at('/name', `workflow "${wf.name}" must be defined in a file named ${wf.name}.json`);
  const entity = entities.get(wf.entity)?.doc;
  if (!entity) {
    at('/entity', `unknown entity "${wf.entity}"`);
    return problems;
  }
  const field = (name: string) => entity.fields[name];
  const stateField = field(wf.stateField);
  if (!stateField || stateField.type !== 'enum') {
    at('/stateField', `"${wf.stateField}" is not an enum field of "${wf.entity}"`);
    return problems;
  }
  const options = new Set(stateField.options!.map((o) => o.code));
  const states = new Set(Object.keys(wf.states));
  for (const s of states) if (!options.has(s)) at(`/states/${escape(s)}`, `"${s}" is not an option of ${wf.entity}.${wf.stateField}`, `one of ${[...options].join(', ')}`);
  const state = (name: string, pointer: string) => {
    if (!states.has(name)) at(pointer, `unknown state "${name}"`, `one of ${[...states].join(', ')}`);
  };
  const fields = (names: readonly string[] | '*' | undefined, pointer: string) => {
    if (!names || names === '*') return;
    names.forEach((n, i) => {
      if (!field(n)) at(`${pointer}/${i}`, `unknown field "${n}" of "${wf.entity}"`);
    });
  };
  const scope = { ...ruleScopeOf(entity), variables: new Map([...USER_VARIABLES, ...checkFacts(wf, entities, field, at)]) };
  // Workflow conditions are evaluated in memory on one record (never compiled to SQL), so they may calculate,
  // e.g. compare unpaid + open orders + this order with the credit limit.
  const rule = (r: unknown, pointer: string, purpose: 'condition' | 'formula' = 'formula') => {
    for (const p of checkRule(r, scope, { purpose })) at(`${pointer}${p.pointer}`, p.message, p.expected);
  };
  const effects = (e: Record<string, unknown> | undefined, pointer: string) => {
    for (const [name, value] of Object.entries(e ?? {})) {
      if (!field(name)) at(`${pointer}/${name}`, `unknown field "${name}" of "${wf.entity}"`);
      else if (name === wf.stateField) at(`${pointer}/${name}`, 'the state field changes only by transitions');
      rule(value, `${pointer}/${name}`, 'formula');
    }
  };
  const approvers = (list: readonly ApproverRule[], pointer: string) =>
    list.forEach((a, i) => {
      if (a.kind === 'field' && !USER_SYSTEM_FIELDS.has(a.field ?? '') && field(a.field ?? '')?.target !== 'app_user') at(`${pointer}/${i}/field`, `"${a.field}" is not a user field of "${wf.entity}"`);
      if (a.kind === 'users' && !a.users?.length) at(`${pointer}/${i}`, 'name at least one user');
      if (a.kind === 'role' && !a.role) at(`${pointer}/${i}`, 'name the role');
      if (a.kind === 'chosen' && !a.from?.role && !a.from?.users?.length) at(`${pointer}/${i}/from`, 'name the role or users to choose from');
    });
  const texts = (labels: Record<string, string> | undefined, pointer: string) => {
    for (const [lang, text] of Object.entries(labels ?? {})) for (const p of checkTemplate(text)) at(`${pointer}/${lang}`, p.message, p.expected);
  };
  const notification = (n: NotificationDoc, pointer: string) => {
    approvers(n.to, `${pointer}/to`);
    texts(n.title, `${pointer}/title`);
    texts(n.body, `${pointer}/body`);
  };
  const notifications = (list: readonly NotificationDoc[] | undefined, pointer: string) => list?.forEach((n, i) => notification(n, `${pointer}/${i}`));

  if (wf.appliesWhen !== undefined) rule(wf.appliesWhen, '/appliesWhen');
  for (const [name, s] of Object.entries(wf.states)) {
    const p = `/states/${escape(name)}`;
    fields(s.editable, `${p}/editable`);
    fields(s.required, `${p}/required`);
    effects(s.effects, `${p}/effects`);
  }
  const actions = new Set<string>();
  wf.transitions.forEach((t, i) => {
    const p = `/transitions/${i}`;
    if (actions.has(t.action)) at(`${p}/action`, `duplicate action "${t.action}"`);
    actions.add(t.action);
    t.from.forEach((s, j) => state(s, `${p}/from/${j}`));
    state(t.to, `${p}/to`);
    fields(t.required, `${p}/required`);
    effects(t.effects, `${p}/effects`);
    if (t.guard !== undefined) rule(t.guard, `${p}/guard`);
    if (typeof t.who === 'object' && t.who.condition !== undefined) rule(t.who.condition, `${p}/who/condition`);
    if (t.assign && field(t.assign.field)?.target !== 'app_user') at(`${p}/assign/field`, `"${t.assign.field}" is not a user field of "${wf.entity}"`);
    if (t.approval && !wf.approval) at(`${p}/approval`, 'the workflow has no approval section');
    notifications(t.notify, `${p}/notify`);
  });
  if (wf.approval) {
    state(wf.approval.approved, '/approval/approved');
    state(wf.approval.rejected, '/approval/rejected');
    wf.approval.rejectTo?.forEach((s, i) => state(s, `/approval/rejectTo/${i}`));
    const ids = new Set<string>();
    wf.approval.steps.forEach((step, i) => {
      if (ids.has(step.id)) at(`/approval/steps/${i}/id`, `duplicate step "${step.id}"`);
      ids.add(step.id);
      if (step.when !== undefined) rule(step.when, `/approval/steps/${i}/when`);
      approvers(step.approvers, `/approval/steps/${i}/approvers`);
    });
    if (!wf.transitions.some((t) => t.approval)) at('/approval', 'no transition starts the approval (set "approval": true on one)');
    for (const [kind, labels] of Object.entries(wf.approval.notify ?? {})) texts(labels, `/approval/notify/${kind}`);
  }
  checkGateRequirements(wf, entities, at, (r, pointer) => rule(r, pointer));
  checkWorkflowCreates(wf, entity, entities, at);
  for (const name of unreachableStates(wf, stateField.default)) at(`/states/${escape(name)}`, `state "${name}" cannot be reached: no transition or approval outcome leads to it from the first state`);
  wf.timers?.forEach((timer, i) => {
    const p = `/timers/${i}`;
    if (timer.state) state(timer.state, `${p}/state`);
    if (timer.since && timer.since !== 'entered' && !['date', 'datetime'].includes(field(timer.since)?.type ?? '')) at(`${p}/since`, `"${timer.since}" is not a date field of "${wf.entity}"`);
    if (!timer.state && (!timer.since || timer.since === 'entered')) at(p, 'a timer needs a state or a date field to count from');
    if (typeof timer.after === 'object') rule(timer.after, `${p}/after`, 'formula');
    else if (typeof timer.after === 'string' && timer.after.startsWith('-') && (!timer.since || timer.since === 'entered')) at(`${p}/after`, 'a negative duration counts back from a date field: set "since" to one');
    if (timer.if !== undefined) rule(timer.if, `${p}/if`);
    if (timer.do.transition && !actions.has(timer.do.transition)) at(`${p}/do/transition`, `unknown action "${timer.do.transition}"`);
    if (timer.do.notify) notification(timer.do.notify, `${p}/do/notify`);
    const related = timer.unlessRelated;
    if (related) {
      const other = entities.get(related.entity)?.doc;
      if (!other) at(`${p}/unlessRelated/entity`, `unknown entity "${related.entity}"`);
      else if (other.fields[related.field]?.type !== 'ref') at(`${p}/unlessRelated/field`, `"${related.field}" is not a ref field of "${related.entity}"`);
      if (related.via && field(related.via)?.type !== 'ref') at(`${p}/unlessRelated/via`, `"${related.via}" is not a ref field of "${wf.entity}"`);
    }
  });
  return problems;
}

/** Checks the flow's facts and returns the $facts variables they define, with their kinds. */
function checkFacts(
  wf: WorkflowDoc,
  entities: ReadonlyMap<string, LocatedEntity>,
  field: (name: string) => FieldDoc | undefined,
  at: (pointer: string, message: string, expected?: string) => void,
): Map<string, ValueKind> {
  const kinds = new Map<string, ValueKind>();
  for (const [name, fact] of Object.entries(wf.facts ?? {})) {
    const p = `/facts/${name}`;
    const other = entities.get(fact.entity)?.doc;
    if (!other) {
      at(`${p}/entity`, `unknown entity "${fact.entity}"`);
      continue;
    }
    const of = (f: string) => other.fields[f];
    if (fact.field !== undefined) {
      const target = of(fact.field);
      if (!target) at(`${p}/field`, `unknown field "${fact.field}" of "${fact.entity}"`);
      if (!fact.id || field(fact.id)?.type !== 'ref' || field(fact.id)?.target !== fact.entity) at(`${p}/id`, `must name a ref field of "${wf.entity}" pointing to "${fact.entity}"`);
      const kind = target ? valueKindOf({ ...target, name: fact.field, system: false }) : undefined;
      if (kind) kinds.set(`$facts.${name}`, kind);
      continue;
    }
    if (fact.sum !== undefined && !['integer', 'decimal', 'money', 'formula', 'rollup'].includes(of(fact.sum)?.type ?? '')) at(`${p}/sum`, `"${fact.sum}" is not a number field of "${fact.entity}"`);
    if (fact.sum === undefined && !fact.count) at(p, 'a fact needs field + id (a lookup), or sum or count (an aggregate)');
    for (const [theirs, ours] of Object.entries(fact.match ?? {})) {
      if (!of(theirs)) at(`${p}/match/${theirs}`, `unknown field "${theirs}" of "${fact.entity}"`);
      if (!field(ours)) at(`${p}/match/${theirs}`, `unknown field "${ours}" of "${wf.entity}"`);
    }
    if (fact.where !== undefined) for (const problem of checkRule(fact.where, ruleScopeOf(other), { purpose: 'condition' })) at(`${p}/where${problem.pointer}`, problem.message, problem.expected);
    kinds.set(`$facts.${name}`, 'number');
  }
  return kinds;
}

/** States no record can get to: records start in the state field's default (else the first state) and move only by
 * transitions, an approval ending in its approved / rejected / rejectTo states. */
function unreachableStates(wf: WorkflowDoc, initial: unknown): string[] {
  const states = Object.keys(wf.states);
  const start = typeof initial === 'string' && initial in wf.states ? initial : states[0];
  const reached = new Set<string>(start ? [start] : []);
  const outcomes = wf.approval ? [wf.approval.approved, wf.approval.rejected, ...(wf.approval.rejectTo ?? [])] : [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of wf.transitions) {
      if (!t.from.some((s) => reached.has(s))) continue;
      for (const to of [t.to, ...(t.approval ? outcomes : [])]) {
        if (reached.has(to)) continue;
        reached.add(to);
        grew = true;
      }
    }
  }
  return states.filter((s) => !reached.has(s));
}
