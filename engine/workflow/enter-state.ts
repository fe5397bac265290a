// What happens each time a record enters a state: the records its lines create on this state are created, its timers
// (and its dated creates) are scheduled on the business clock, and an automatic transition out of it (e.g. assigning a
// new service ticket) fires when its guard holds.
import { ALLOW_ALL } from '../core/index.ts';
import { businessNow, scheduleJob } from '../jobs/index.ts';
import type { TimerDoc } from '../metadata/index.ts';
import { isTruthy } from '../rules/index.ts';
import { evaluate, type ActionRun } from './action-run.ts';
import { parseDuration } from './duration.ts';
import { createOnEntry, scheduleDatedCreates } from './state-creates.ts';

export const TIMER_JOB = 'workflow_timer';

export interface TimerPayload {
  workflow: string;
  version: number;
  timer: string;
  entity: string;
  recordId: string;
  state: string;
  /** crm_wf_history id of the row that entered the state: the timer applies only while that stay lasts. */
  marker: number;
  enteredAt: string;
}

/** `fire` runs a transition for the auto step; passed in to keep this file free of the transition module. */
export async function enterState(run: ActionRun, state: string, marker: number, fire: (run: ActionRun, action: string) => Promise<void>, depth = 0): Promise<void> {
  const enteredAt = await businessNow(run.tx.knex, run.tx.tenant);
  await createOnEntry(run, state);
  await scheduleDatedCreates(run);
  for (const timer of run.wf.timers ?? []) {
    if (timer.state !== state) continue;
    const due = dueAt(run, timer, enteredAt);
    if (!due) continue;
    const payload: TimerPayload = { workflow: run.wf.name, version: run.version, timer: timer.id, entity: run.entity.name, recordId: String(run.record.id), state, marker, enteredAt: enteredAt.toISOString() };
    await scheduleJob(run.tx.knex, run.tx.tenant, { kind: TIMER_JOB, key: `wf:${run.wf.name}:${timer.id}:${run.record.id}:${marker}`, dueAt: due, payload: { ...payload } });
  }
  // Automatic transitions chain at most a few times: a loop in the metadata must not spin forever.
  if (depth >= 5) return;
  const auto = run.wf.transitions.find((t) => t.auto && t.from.includes(state) && (t.guard === undefined || isTruthy(evaluate(run, t.guard))));
  if (auto) await fire({ ...run, tx: { ...run.tx, access: ALLOW_ALL } }, auto.action);
}

function dueAt(run: ActionRun, timer: TimerDoc, enteredAt: Date): Date | undefined {
  const after = typeof timer.after === 'string' ? timer.after : evaluate(run, timer.after);
  const seconds = typeof after === 'string' ? parseDuration(after) : undefined;
  if (seconds === undefined) return undefined;
  let base = enteredAt;
  if (timer.since && timer.since !== 'entered') {
    const value = run.record[timer.since];
    if (!value) return undefined;
    base = new Date(String(value).length === 10 ? `${String(value)}T00:00:00Z` : String(value));
  }
  return new Date(base.getTime() + seconds * 1000);
}
