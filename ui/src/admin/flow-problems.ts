// Where in the flow designer a server problem belongs: its JSON pointer names a state (/states/<code>…), a transition
// (/transitions/<i>…), the approval (/approval…), the timers (/timers…) or the flow's own properties (its names,
// description, appliesWhen, facts, creates), so each problem is shown at that element of the diagram and in its side
// panel, every one of them, instead of as one message.
// No imports: the units run it under node as it is.

/** What the designer's side panel shows: one element of the flow. */
export type FlowSelection = { kind: 'state'; state: string } | { kind: 'transition'; index: number } | { kind: 'approval' } | { kind: 'timers' } | { kind: 'flow' };

/** A server problem, located by its JSON pointer (ErrorDetail). */
interface Located {
  pointer?: string;
  path?: string;
}

const unescape = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** The flow's own properties, edited in 流程属性. */
const FLOW_KEYS = new Set(['labels', 'description', 'appliesWhen', 'facts', 'creates']);

/** The designer element a problem's pointer names; undefined for what no panel edits (the flow's name, entity). */
export function problemTarget(detail: Located): FlowSelection | undefined {
  const [first, second] = (detail.pointer ?? detail.path ?? '').split('/').slice(1).map(unescape);
  if (first === 'states' && second !== undefined) return { kind: 'state', state: second };
  if (first === 'transitions' && second !== undefined && /^\d+$/.test(second)) return { kind: 'transition', index: Number(second) };
  if (first === 'approval') return { kind: 'approval' };
  if (first === 'timers') return { kind: 'timers' };
  if (first !== undefined && FLOW_KEYS.has(first)) return { kind: 'flow' };
  return undefined;
}

export function sameTarget(a: FlowSelection | undefined, b: FlowSelection | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === 'state' && b.kind === 'state') return a.state === b.state;
  if (a.kind === 'transition' && b.kind === 'transition') return a.index === b.index;
  return true;
}

/** The problems that belong to `target`. */
export function problemsOf<P extends Located>(problems: readonly P[], target: FlowSelection): P[] {
  return problems.filter((p) => sameTarget(problemTarget(p), target));
}

/** How many problems each state and transition has, for the diagram's marks. */
export function problemCounts(problems: readonly Located[]): { states: Map<string, number>; transitions: Map<number, number> } {
  const states = new Map<string, number>();
  const transitions = new Map<number, number>();
  for (const p of problems) {
    const target = problemTarget(p);
    if (target?.kind === 'state') states.set(target.state, (states.get(target.state) ?? 0) + 1);
    if (target?.kind === 'transition') transitions.set(target.index, (transitions.get(target.index) ?? 0) + 1);
  }
  return { states, transitions };
}
