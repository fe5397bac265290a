// Decisions on a running approval: approve, reject, return, withdraw, transfer, comment. The instance row is locked
// first, so decisions on one record happen one at a time; a task is decided by compare-and-swap on its status, so
// of fifty identical approvals one wins and the rest get 409, with one history row and one message.
import { badRequest, EngineError, validationFailed } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { history, notify, type ActionRun } from './action-run.ts';
import { DEFAULT_TASK_TITLE, finish, openStep, type Entered, type Instance } from './approval-steps.ts';

export const APPROVAL_ACTIONS = ['approve', 'reject', 'return', 'withdraw', 'transfer', 'comment'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

interface Task {
  id: string;
  step_index: number;
  step_id: string;
  seq: number;
  approver: string;
  delegated_from: string | null;
  status: string;
}

export interface DecisionBody {
  comment?: string;
  to?: string;
  step?: string;
}

export async function lockRunningInstance(run: ActionRun): Promise<Instance | undefined> {
  const [instance] = await queryRows<Instance>(
    run.tx.knex,
    `select * from ${qualified(run.tx.tenant, 'crm_wf_instance')} where entity = ? and record_id = ? and status = 'running' for update`,
    [run.entity.name, run.record.id],
  );
  return instance;
}

/** Returns the state the record entered when the decision ended the approval. */
export async function decide(run: ActionRun, instance: Instance, action: ApprovalAction, body: DecisionBody): Promise<Entered | undefined> {
  const me = run.tx.actor.id;
  const tasks = await queryRows<Task>(run.tx.knex, `select * from ${qualified(run.tx.tenant, 'crm_wf_task')} where instance_id = ? and step_index = ?`, [instance.id, instance.step_index]);
  const mine = tasks.find((t) => t.approver === me && t.status === 'pending');
  const step = run.wf.approval!.steps[instance.step_index]!;
  const comment = body.comment?.trim() || null;

  if (action === 'comment') {
    const involved = instance.submitter === me || run.record.owner === me || tasks.some((t) => t.approver === me);
    if (!involved) throw new EngineError('FORBIDDEN', 'Only the submitter, the owner and the approvers may comment');
    if (!comment) throw validationFailed([{ path: '/comment', message: run.tx.locale === 'zh-CN' ? '请填写意见' : 'is required' }]);
    await history(run, { instanceId: instance.id, action: 'comment', stepId: step.id, comment });
    return undefined;
  }
  if (action === 'withdraw') {
    if (instance.submitter !== me) throw new EngineError('FORBIDDEN', 'Only the submitter may withdraw');
    const [decided] = await queryRows(run.tx.knex, `select 1 from ${qualified(run.tx.tenant, 'crm_wf_task')} where instance_id = ? and status in ('approved', 'rejected', 'returned') limit 1`, [instance.id]);
    if (decided) throw new EngineError('CONFLICT', 'The approval has already been decided on; it can no longer be withdrawn');
    return finish(run, instance, 'withdrawn');
  }
  if (!mine) {
    if (tasks.some((t) => t.approver === me && t.status === 'waiting')) throw new EngineError('CONFLICT', 'It is not your turn yet: earlier approvers of this step decide first');
    const decidedAlready = tasks.some((t) => t.approver === me);
    throw new EngineError(decidedAlready ? 'CONFLICT' : 'FORBIDDEN', decidedAlready ? 'This task has already been decided' : 'You have no approval task on this record');
  }
  if (mine.approver === instance.submitter && !run.wf.approval!.selfApproval) throw new EngineError('FORBIDDEN', 'You may not approve your own submission');
  const claimed = await claim(run, mine, action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : action === 'return' ? 'returned' : 'transferred', comment);
  if (!claimed) throw new EngineError('CONFLICT', 'This task has already been decided');

  if (action === 'approve') {
    await history(run, { instanceId: instance.id, action: 'approve', stepId: step.id, comment, details: mine.delegated_from ? { on_behalf_of: mine.delegated_from } : undefined });
    return advance(run, instance, tasks, mine);
  }
  if (action === 'reject') {
    const to = body.to ?? run.wf.approval!.rejected;
    if (to !== run.wf.approval!.rejected && !run.wf.approval!.rejectTo?.includes(to)) throw badRequest('Not a state this approval may reject to', [{ path: '/to', message: `one of ${[run.wf.approval!.rejected, ...(run.wf.approval!.rejectTo ?? [])].join(', ')}` }]);
    await history(run, { instanceId: instance.id, action: 'reject', stepId: step.id, comment });
    return finish(run, instance, 'rejected', to);
  }
  if (action === 'return') return returnTo(run, instance, body.step, comment);
  await transfer(run, instance, mine, body.to, comment);
  return undefined;
}

async function claim(run: ActionRun, task: Task, status: string, comment: string | null): Promise<boolean> {
  const rows = await queryRows(
    run.tx.knex,
    `update ${qualified(run.tx.tenant, 'crm_wf_task')} set status = ?, comment = ?, decided_at = now() where id = ? and status = 'pending' returning id`,
    [status, comment, task.id],
  );
  return rows.length === 1;
}

/** After an approval: the next turn of a sequential step, the rest of an all-must-approve step, or the next step. */
async function advance(run: ActionRun, instance: Instance, tasks: Task[], mine: Task): Promise<Entered | undefined> {
  const step = run.wf.approval!.steps[instance.step_index]!;
  const t = qualified(run.tx.tenant, 'crm_wf_task');
  if (step.mode === 'sequential') {
    const next = tasks.filter((x) => x.status === 'waiting').sort((a, b) => a.seq - b.seq)[0];
    if (next) {
      await queryRows(run.tx.knex, `update ${t} set status = 'pending' where id = ?`, [next.id]);
      await notify(run, [next.approver], { kind: 'task', title: run.wf.approval!.notify?.task ?? DEFAULT_TASK_TITLE });
      return undefined;
    }
  } else if (step.mode === 'all') {
    if (tasks.some((x) => x.id !== mine.id && x.status === 'pending')) return undefined;
  } else {
    await queryRows(run.tx.knex, `update ${t} set status = 'cancelled', decided_at = now() where instance_id = ? and step_index = ? and status = 'pending'`, [instance.id, instance.step_index]);
  }
  return openStep(run, instance, instance.step_index + 1);
}

/** Sends the approval back to an earlier step (default: the previous one) with a mandatory comment. */
async function returnTo(run: ActionRun, instance: Instance, stepId: string | undefined, comment: string | null): Promise<Entered | undefined> {
  if (!comment) throw validationFailed([{ path: '/comment', message: run.tx.locale === 'zh-CN' ? '退回必须填写意见' : 'a return needs a comment' }]);
  const steps = run.wf.approval!.steps;
  const target = stepId === undefined ? instance.step_index - 1 : steps.findIndex((s) => s.id === stepId);
  if (target < 0 || target >= instance.step_index) {
    throw badRequest(instance.step_index === 0 ? 'This is the first step: reject instead of returning' : 'Return only to an earlier step', [{ path: '/step', message: `an earlier step than ${steps[instance.step_index]!.id}` }]);
  }
  await queryRows(run.tx.knex, `update ${qualified(run.tx.tenant, 'crm_wf_task')} set status = 'cancelled', decided_at = now() where instance_id = ? and status in ('pending', 'waiting')`, [instance.id]);
  await history(run, { instanceId: instance.id, action: 'return', stepId: steps[instance.step_index]!.id, comment, details: { to_step: steps[target]!.id } });
  await notify(run, [instance.submitter], { kind: 'returned', title: run.wf.approval!.notify?.returned ?? { 'zh-CN': '被退回:{{entity.zh-CN}} {{display}}', en: 'Returned: {{entity.en}} {{display}}' } });
  return openStep(run, instance, target);
}

async function transfer(run: ActionRun, instance: Instance, mine: Task, to: string | undefined, comment: string | null): Promise<void> {
  const user = to ? run.directory.users.get(to) : undefined;
  if (!user?.active || to === run.tx.actor.id) throw validationFailed([{ path: '/to', message: run.tx.locale === 'zh-CN' ? '请选择另一位启用的用户' : 'must be another active user' }]);
  if (to === instance.submitter && !run.wf.approval!.selfApproval) throw validationFailed([{ path: '/to', message: run.tx.locale === 'zh-CN' ? '不能转交给提交人' : 'cannot be the submitter' }]);
  await queryRows(
    run.tx.knex,
    `insert into ${qualified(run.tx.tenant, 'crm_wf_task')} (instance_id, step_index, step_id, seq, approver, status) values (?, ?, ?, ?, ?, 'pending')`,
    [instance.id, mine.step_index, mine.step_id, mine.seq, to],
  );
  await history(run, { instanceId: instance.id, action: 'transfer', stepId: mine.step_id, comment, details: { to } });
  await notify(run, [to!], { kind: 'task', title: run.wf.approval!.notify?.task ?? DEFAULT_TASK_TITLE });
}
