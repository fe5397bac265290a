// The designer's pure conversions for what a flow does by itself: effects (fields set on entering a state or by a
// transition) as editable rows, a timer's ISO 8601 duration as "N 天/小时/分钟", and a new timer's defaults.
// Effects are json-logic per field; a constant is stored bare (`{"probability": 80}`), which json-logic evaluates to
// itself. The usual calculations of a date (today, "today unless already set") are offered by name; anything else is a
// formula, edited in the formula box.
// No imports: the units run it under node as it is.
type Doc = Record<string, any>;

export type Constant = string | number | boolean | null;

export interface EffectRow {
  /** The field set; empty while the admin has not picked one yet. */
  field: string;
  value: unknown;
}

export const isConstant = (value: unknown): value is Constant => value === null || ['string', 'number', 'boolean'].includes(typeof value);

export function effectRows(effects: Doc | undefined): EffectRow[] {
  return Object.entries(effects ?? {}).map(([field, value]) => ({ field, value }));
}

/** The effects object of rows (rows without a field are dropped; a later row for the same field wins); undefined when empty. */
export function effectsOf(rows: readonly EffectRow[]): Doc | undefined {
  const picked = rows.filter((r) => r.field);
  return picked.length ? Object.fromEntries(picked.map((r) => [r.field, r.value])) : undefined;
}

/** How an effect's value is edited: a constant, a named calculation of the clock, or a formula. */
export type EffectKind = 'constant' | 'today' | 'now' | 'keepOrToday' | 'keepOrNow' | 'formula';
type ClockKind = 'today' | 'now' | 'keepOrToday' | 'keepOrNow';

/** The json-logic a named calculation stores (the shipped flows' spelling, e.g. a close date kept once set). */
export function clockEffect(field: string, kind: ClockKind): Doc {
  const clock = kind === 'today' || kind === 'keepOrToday' ? 'today' : 'now';
  return kind === 'today' || kind === 'now' ? { [clock]: [] } : { if: [{ var: field }, { var: field }, { [clock]: [] }] };
}

export function effectKind(field: string, value: unknown): EffectKind {
  if (isConstant(value)) return 'constant';
  const stored = JSON.stringify(value);
  return (['today', 'now', 'keepOrToday', 'keepOrNow'] as const).find((k) => JSON.stringify(clockEffect(field, k)) === stored) ?? 'formula';
}

/** The kinds a field of this type offers: a date the day, a date-time the moment; a formula sets any field. */
export function effectKindsFor(type: string | undefined, settable: boolean): EffectKind[] {
  if (!settable) return ['formula'];
  if (type === 'date') return ['constant', 'today', 'keepOrToday', 'formula'];
  if (type === 'datetime') return ['constant', 'now', 'keepOrNow', 'formula'];
  return ['constant', 'formula'];
}

export type DurationUnit = 'days' | 'hours' | 'minutes';

export interface Duration {
  amount: number;
  unit: DurationUnit;
  /** Counts back from a date field ("-P7D": seven days before it). */
  before: boolean;
}

const ISO = /^(-?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** "P3D" → 3 days, "PT4H" → 4 hours, "P1DT2H" → 26 hours (the largest unit that says it exactly); undefined otherwise. */
export function durationOf(iso: unknown): Duration | undefined {
  if (typeof iso !== 'string' || iso === 'P' || iso.endsWith('T')) return undefined;
  const m = ISO.exec(iso);
  if (!m || (m[2] === undefined && m[3] === undefined && m[4] === undefined)) return undefined;
  const minutes = Number(m[2] ?? 0) * 1440 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  const before = m[1] === '-';
  if (minutes % 1440 === 0) return { amount: minutes / 1440, unit: 'days', before };
  if (minutes % 60 === 0) return { amount: minutes / 60, unit: 'hours', before };
  return { amount: minutes, unit: 'minutes', before };
}

/** The ISO 8601 duration the engine reads (engine/workflow/duration.ts). */
export function isoDuration({ amount, unit, before }: Duration): string {
  const n = Math.max(0, Math.floor(amount));
  const body = unit === 'days' ? `P${n}D` : unit === 'hours' ? `PT${n}H` : `PT${n}M`;
  return before ? `-${body}` : body;
}

/** A code for a new timer, unused in the flow: `timer_1`, `timer_2`, … */
export function newTimerId(timers: readonly Doc[]): string {
  let n = timers.length + 1;
  while (timers.some((t) => t.id === `timer_${n}`)) n++;
  return `timer_${n}`;
}

/** What a timer does: exactly one of notify / escalate / transition. */
export type TimerAction = 'notify' | 'escalate' | 'transition';

export const timerAction = (timer: Doc): TimerAction => (timer.do?.transition ? 'transition' : timer.do?.escalate ? 'escalate' : 'notify');

/** The owner of the record: the recipient a new reminder goes to. */
export const OWNER = { kind: 'field', field: 'owner' } as const;

export function newNotification(title: { 'zh-CN': string; en: string }): Doc {
  return { to: [{ ...OWNER }], title };
}

/** A timer's `do` switched to `action`, keeping what it had for that action. */
export function timerDo(timer: Doc, action: TimerAction, defaults: { notify: Doc; transition?: string }): Doc {
  if (action === 'escalate') return { escalate: true };
  if (action === 'transition') return defaults.transition ? { transition: timer.do?.transition ?? defaults.transition } : {};
  return { notify: timer.do?.notify ?? defaults.notify };
}

/** The transitions a timer watching `state` may fire: those starting from it that a person need not do. */
export function timerTransitions(doc: Doc, state: string | undefined): Doc[] {
  return ((doc.transitions ?? []) as Doc[]).filter((t) => !t.manualOnly && (state === undefined || (t.from ?? []).includes(state)));
}

/** The flow without its timers (the metadata has no empty list to keep). */
export function removeTimers(doc: Doc): Doc {
  const { timers: _gone, ...rest } = doc;
  return rest;
}
