// The designer's structural edits of a flow document, as pure functions on the draft (nothing is saved before 发布):
// add a state or a transition, and delete them with everything that names them (transitions into or only out of a
// deleted state, rejectTo outcomes, timers watching it or firing a deleted transition), so the draft stays one the
// server's checks can judge. Codes follow the metadata's pattern and must be new in the flow.
// No imports: the units run it under node as it is (the ui's own imports carry no extensions).
type FlowDoc = Record<string, any>;
type Labels = { 'zh-CN': string; en: string };

export const CODE = /^[a-z][a-z0-9_]{0,62}$/;

export type CodeProblem = 'flows.edit.codeEmpty' | 'flows.edit.codePattern' | 'flows.edit.codeTaken';

/** Why `code` cannot name a new state (or action) among `taken`; undefined when it can. */
export function codeProblem(code: string, taken: readonly string[]): CodeProblem | undefined {
  if (!code) return 'flows.edit.codeEmpty';
  if (!CODE.test(code)) return 'flows.edit.codePattern';
  return taken.includes(code) ? 'flows.edit.codeTaken' : undefined;
}

export const actionsOf = (doc: FlowDoc): string[] => (doc.transitions ?? []).map((t: FlowDoc) => t.action as string);

export function addState(doc: FlowDoc, code: string, labels: Labels): FlowDoc {
  return { ...doc, states: { ...doc.states, [code]: { labels } } };
}

export interface NewTransition {
  action: string;
  labels: Labels;
  from: string[];
  to: string;
}

export function addTransition(doc: FlowDoc, tr: NewTransition): FlowDoc {
  return { ...doc, transitions: [...(doc.transitions ?? []), { action: tr.action, labels: tr.labels, from: tr.from, to: tr.to }] };
}

/** Timers without those firing one of `actions`. */
const timersWithout = (timers: FlowDoc[] | undefined, keep: (timer: FlowDoc) => boolean): FlowDoc[] | undefined => {
  if (!timers) return undefined;
  const left = timers.filter(keep);
  return left.length ? left : undefined;
};
const withTimers = (doc: FlowDoc, timers: FlowDoc[] | undefined): FlowDoc => {
  const { timers: _old, ...rest } = doc;
  return timers ? { ...rest, timers } : rest;
};

/** What deleting a state takes with it, for the confirmation. */
export interface StateRemoval {
  doc: FlowDoc;
  /** Transitions deleted (they lead into the state, or start only from it). */
  transitions: FlowDoc[];
  /** Transitions that keep their other starting states. */
  narrowed: FlowDoc[];
  timers: FlowDoc[];
}

export function removeState(doc: FlowDoc, state: string): StateRemoval {
  const transitions: FlowDoc[] = [];
  const narrowed: FlowDoc[] = [];
  const kept: FlowDoc[] = [];
  for (const tr of (doc.transitions ?? []) as FlowDoc[]) {
    const from: string[] = tr.from ?? [];
    if (tr.to === state || (from.length > 0 && from.every((f) => f === state))) transitions.push(tr);
    else if (from.includes(state)) {
      narrowed.push(tr);
      kept.push({ ...tr, from: from.filter((f) => f !== state) });
    } else kept.push(tr);
  }
  const gone = new Set(transitions.map((tr) => tr.action as string));
  const timers = ((doc.timers ?? []) as FlowDoc[]).filter((timer) => timer.state === state || gone.has(timer.do?.transition));
  const { [state]: _removed, ...states } = doc.states;
  let next: FlowDoc = withTimers({ ...doc, states, transitions: kept }, timersWithout(doc.timers, (timer) => !timers.includes(timer)));
  if (next.approval?.rejectTo) {
    const rejectTo = (next.approval.rejectTo as string[]).filter((s) => s !== state);
    const { rejectTo: _r, ...approval } = next.approval;
    next = { ...next, approval: rejectTo.length ? { ...approval, rejectTo } : approval };
  }
  return { doc: next, transitions, narrowed, timers };
}

/** Deleting transition `index`, and the timers that would fire it. */
export function removeTransition(doc: FlowDoc, index: number): { doc: FlowDoc; timers: FlowDoc[] } {
  const action = doc.transitions[index]?.action;
  const timers = ((doc.timers ?? []) as FlowDoc[]).filter((timer) => timer.do?.transition === action);
  const transitions = (doc.transitions as FlowDoc[]).filter((_, i) => i !== index);
  return { doc: withTimers({ ...doc, transitions }, timersWithout(doc.timers, (timer) => !timers.includes(timer))), timers };
}

/** States the draft adds that the state field has no option for yet: published as new options with their labels. */
export function newStateOptions(doc: FlowDoc, optionCodes: readonly string[]): { code: string; labels: Labels }[] {
  return Object.entries(doc.states as Record<string, FlowDoc>)
    .filter(([code, st]) => !optionCodes.includes(code) && st.labels)
    .map(([code, st]) => ({ code, labels: st.labels as Labels }));
}
