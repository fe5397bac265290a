// The engine ends a record's flow on its own, as the system actor (an export request unanswered or unused past its
// deadline): it fires the flow's transition (one nobody may fire by hand) and, when an approval is running, closes
// it into that transition's target state instead (its open tasks cancelled, so it leaves the approvers' inboxes and
// can no longer be approved). Either way the record's history shows it.
import { ALLOW_ALL, SYSTEM_ACTOR, type RequestContext } from '../core/index.ts';
import { lockRunningInstance } from './approval-decisions.ts';
import { finish } from './approval-steps.ts';
import { openRun } from './open-run.ts';
import { fireAuto } from './run-transition.ts';

/** False when the record is gone, under no flow, or not in a state the transition leaves. */
export async function expireRecord(ctx: RequestContext, entityName: string, id: string, action: string): Promise<boolean> {
  const run = await openRun({ ...ctx, actor: SYSTEM_ACTOR, access: ALLOW_ALL }, entityName, id, true, false);
  if (!run) return false;
  const transition = run.wf.transitions.find((t) => t.action === action);
  if (!transition) throw new Error(`the flow ${run.wf.name} has no transition "${action}"`);
  if (!transition.from.includes(String(run.record[run.wf.stateField]))) return false;
  const instance = await lockRunningInstance(run);
  if (instance) await finish(run, instance, 'withdrawn', transition.to);
  else await fireAuto(run, action);
  return true;
}
