// Firing a transition: from the right state, by someone it allows, past its guard, with its required fields filled;
// then effects, round-robin assignment, the state change, history, messages, and the approval it may start.
import { EngineError, validationFailed } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import type { TransitionDoc } from '../metadata/index.ts';
import { isTruthy } from '../rules/index.ts';
import { evaluate, history, isEmpty, notify, writeState, type ActionRun } from './action-run.ts';
import { startApproval } from './approval-steps.ts';
import { checkChosenOrThrow } from './chosen-approvers.ts';
import { enterState } from './enter-state.ts';
import { gateProblems } from './gate-requirements.ts';
import { resolveRecipients } from './resolve-recipients.ts';

export interface TransitionBody {
  comment?: string;
  /** For "chosen" approvers: step id → user ids the submitter picked. */
  approvers?: Record<string, string[]>;
}

/** Whether the acting user may fire the transition now (state, who, update right); the guard is checked on firing. */
export function mayFire(run: ActionRun, t: TransitionDoc): boolean {
  if (!t.from.includes(String(run.record[run.wf.stateField]))) return false;
  const who = t.who ?? 'anyone';
  if (who === 'owner') return run.record.owner === run.tx.actor.id;
  if (typeof who === 'object') {
    if (who.roles && !run.directory.rolesOf(run.tx.actor.id).some((r) => who.roles!.includes(r.code))) return false;
    if (who.condition !== undefined && !isTruthy(evaluate(run, who.condition))) return false;
  }
  return true;
}

export async function fireTransition(run: ActionRun, t: TransitionDoc, body: TransitionBody, canUpdate: boolean): Promise<void> {
  const from = String(run.record[run.wf.stateField]);
  if (!t.from.includes(from)) throw new EngineError('CONFLICT', `"${t.action}" is not possible in the current state`, [{ path: '/', message: `state is ${from}` }]);
  // Who may act: the transition's rule, and by default only someone who may change the record at all.
  if (!mayFire(run, t) || ((t.who ?? 'anyone') === 'anyone' && !canUpdate)) throw new EngineError('FORBIDDEN', `You may not ${t.action} this record`);
  const comment = body.comment?.trim() || null;
  if (t.comment === 'required' && !comment) throw validationFailed([{ path: '/comment', message: run.tx.locale === 'zh-CN' ? '请填写意见' : 'is required' }]);
  const missing = [...(t.required ?? []), ...(run.wf.states[t.to]?.required ?? [])].filter((f) => isEmpty(run.record[f]));
  // Required fields and the gate's requirements are refused together: the user sees everything still missing.
  const problems = [...[...new Set(missing)].map((f) => ({ path: `/${f}`, message: run.tx.locale === 'zh-CN' ? '必须先填写' : 'must be filled in first' })), ...(await gateProblems(run, t))];
  if (problems.length) throw validationFailed(problems, run.tx.locale === 'zh-CN' ? '尚不满足此操作的条件' : 'The requirements of this action are not met yet');
  if (t.guard !== undefined && !isTruthy(evaluate(run, t.guard))) {
    throw validationFailed([{ path: '/', message: t.guardMessage?.[run.tx.locale] ?? (run.tx.locale === 'zh-CN' ? '不满足操作条件' : 'the conditions for this action are not met') }]);
  }
  if (t.approval) checkChosenOrThrow(run, t, body.approvers ?? {});
  else if (body.approvers && Object.keys(body.approvers).length) throw validationFailed([{ path: '/approvers', message: run.tx.locale === 'zh-CN' ? '该操作不发起审批' : 'this action starts no approval' }]);
  const effects: Record<string, unknown> = { ...(t.effects ?? {}) };
  if (t.assign) effects[t.assign.field] = await nextAssignee(run, t);
  await writeState(run, t.to, effects);
  const marker = await history(run, { action: t.action, fromState: from, toState: t.to, comment });
  for (const n of t.notify ?? []) {
    const context = { directory: run.directory, record: run.record, submitter: run.tx.actor.id };
    await notify(run, n.to.flatMap((rule) => resolveRecipients(rule, context)), { kind: t.action, title: n.title, body: n.body });
  }
  const ended = t.approval ? await startApproval(run, from, body.approvers ?? {}) : undefined;
  await enterState(run, t.to, marker, fireAuto);
  if (ended) await enterState(run, ended.state, ended.marker, fireAuto);
}

/** An automatic transition, fired by the engine (its `who` is not the user's to satisfy). */
export async function fireAuto(run: ActionRun, action: string): Promise<void> {
  const t = run.wf.transitions.find((x) => x.action === action)!;
  if (t.manualOnly) throw new EngineError('FORBIDDEN', `"${action}" may only be done by a person`, [{ path: '/action', message: 'manualOnly' }]);
  await fireTransition(run, { ...t, who: 'anyone' }, {}, true);
}

/** Round robin over the department's (by code) or the role's active users, remembered per workflow and action. */
async function nextAssignee(run: ActionRun, t: TransitionDoc): Promise<string> {
  const rr = t.assign!.roundRobin;
  let pool: string[] = [];
  if (rr.role) pool = run.directory.holders(rr.role);
  if (rr.department) {
    const department = [...run.directory.departments.values()].find((d) => d.id === rr.department || d.code === rr.department);
    const inDepartment = [...run.directory.users.values()].filter((u) => u.active && u.department && department && run.directory.departmentsBelow(department.id).includes(u.department)).map((u) => u.id);
    pool = rr.role ? pool.filter((id) => inDepartment.includes(id)) : inDepartment;
  }
  pool.sort((a, b) => run.directory.users.get(a)!.username.localeCompare(run.directory.users.get(b)!.username));
  if (!pool.length) throw new EngineError('CONFLICT', 'Nobody is available to assign this record to');
  const key = `round_robin:${run.wf.name}:${t.action}`;
  const settings = qualified(run.tx.tenant, 'crm_setting');
  // The row lock on the setting serialises concurrent assignments, so two tickets never both go to the same person by race.
  const [last] = await queryRows<{ value: string }>(run.tx.knex, `select value from ${settings} where key = ? for update`, [key]);
  const next = pool[(pool.indexOf(last?.value ?? '') + 1) % pool.length]!;
  await queryRows(run.tx.knex, `insert into ${settings} (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`, [key, next]);
  return next;
}
