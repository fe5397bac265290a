// The workflow API's operations: run an action on a record, describe a record's workflow (state, approval,
// history, the actions open to me), my inbox of approval tasks.
import { badRequest, EngineError, isUuid, notFound, type RequestContext } from '../core/index.ts';
import { compiledEntity } from '../data/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import type { Labels } from '../metadata/index.ts';
import type { ActionRun } from './action-run.ts';
import { openRunOrThrow as openRun } from './open-run.ts';
import { APPROVAL_ACTIONS, decide, lockRunningInstance, type ApprovalAction } from './approval-decisions.ts';
import type { Instance } from './approval-steps.ts';
import { definitionAt } from './definition-versions.ts';
import { fireAuto, fireTransition, mayFire } from './run-transition.ts';
import { enterState } from './enter-state.ts';
import { approverChoices, type ApproverChoice } from './chosen-approvers.ts';

export async function runRecordAction(ctx: RequestContext, entityName: string, id: string, action: string, body: unknown): Promise<WorkflowView> {
  const entity = compiledEntity(ctx.model, entityName).entity;
  idOrThrow(id);
  const input = bodyOrThrow(body, (APPROVAL_ACTIONS as readonly string[]).includes(action) ? ['comment', 'to', 'step'] : ['comment', 'approvers']);
  await ctx.knex.transaction(async (trx) => {
    const tx = { ...ctx, knex: trx };
    const run = await openRun(tx, entity.name, id);
    if ((APPROVAL_ACTIONS as readonly string[]).includes(action)) {
      const instance = await lockRunningInstance(run);
      if (!instance) throw new EngineError('CONFLICT', 'No approval is running on this record');
      const flow = await onVersion(run, instance);
      const entered = await decide(flow, instance, action as ApprovalAction, input);
      if (entered) await enterState(flow, entered.state, entered.marker, fireAuto);
      return;
    }
    const transition = run.wf.transitions.find((t) => t.action === action);
    if (!transition) throw notFound(`The workflow has no action "${action}"`, [{ path: 'action', message: 'unknown action' }]);
    await fireTransition(run, transition, input, await canUpdate(tx, entity.name, id));
  });
  return workflowView(ctx, entityName, id);
}

/** A running approval follows the definition it started with, not the one published since. */
async function onVersion(run: ActionRun, instance: Instance): Promise<ActionRun> {
  if (instance.workflow_version === run.version) return run;
  return { ...run, wf: await definitionAt(run.tx.knex, run.tx.tenant, run.wf.name, instance.workflow_version), version: instance.workflow_version };
}

async function canUpdate(tx: RequestContext, entityName: string, id: string): Promise<boolean> {
  const entity = compiledEntity(tx.model, entityName).entity;
  try {
    tx.access.assertCan(entity, 'update');
  } catch {
    return false;
  }
  const scope = tx.access.rowScope(entity, 'update', 'r');
  if (!scope) return true;
  return (await queryRows(tx.knex, `select 1 from ${qualified(tx.tenant, entityName)} r where r.id = ? and (${scope.sql})`, [id, ...scope.bindings])).length > 0;
}

function bodyOrThrow(body: unknown, allowed: string[]): Record<string, never> & { comment?: string; to?: string; step?: string; approvers?: Record<string, string[]> } {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The action body must be a JSON object');
  const problems = Object.entries(body).flatMap(([k, v]) => {
    if (!allowed.includes(k)) return [{ path: `/${k}`, message: 'unknown field', expected: allowed.join(', ') }];
    if ((k === 'comment' || k === 'to' || k === 'step') && typeof v !== 'string') return [{ path: `/${k}`, message: 'must be text' }];
    if (k === 'comment' && (v as string).length > 2000) return [{ path: '/comment', message: 'must be at most 2000 characters' }];
    if (k === 'approvers' && (typeof v !== 'object' || v === null || Object.values(v).some((ids) => !Array.isArray(ids) || ids.some((x) => typeof x !== 'string' || !isUuid(x))))) {
      return [{ path: '/approvers', message: 'must map step ids to lists of user ids' }];
    }
    return [];
  });
  if (problems.length) throw badRequest('The action request is not valid', problems);
  return body as never;
}

export interface WorkflowView {
  workflow: { name: string; labels: Labels; version: number };
  state: { code: string; labels: Labels; color?: string; locked: boolean };
  approval: { id: string; status: string; version: number; step: string | null; submitter: string; tasks: TaskView[] } | null;
  actions: { action: string; labels: Labels; kind: 'transition' | 'approval'; comment?: 'optional' | 'required'; choose?: ApproverChoice[] }[];
  history: (Record<string, unknown> & { action_labels: Labels | null; step_labels: Labels | null; actor_display: unknown })[];
}

interface TaskView {
  id: string;
  step_id: string;
  approver: string;
  approver_name: string;
  delegated_from: string | null;
  status: string;
  comment: string | null;
  decided_at: string | null;
}

const APPROVAL_LABELS: Record<ApprovalAction, Labels> = {
  approve: { 'zh-CN': '同意', en: 'Approve' },
  reject: { 'zh-CN': '驳回', en: 'Reject' },
  return: { 'zh-CN': '退回', en: 'Return' },
  withdraw: { 'zh-CN': '撤回', en: 'Withdraw' },
  transfer: { 'zh-CN': '转交', en: 'Transfer' },
  comment: { 'zh-CN': '评论', en: 'Comment' },
};

const HISTORY_LABELS: Record<string, Labels> = {
  create: { 'zh-CN': '创建', en: 'Created' },
  step_started: { 'zh-CN': '进入审批环节', en: 'Step started' },
  step_skipped: { 'zh-CN': '跳过审批环节', en: 'Step skipped' },
  approved: { 'zh-CN': '审批通过', en: 'Approved' },
  rejected: { 'zh-CN': '审批驳回', en: 'Rejected' },
  withdrawn: { 'zh-CN': '已撤回', en: 'Withdrawn' },
  timer: { 'zh-CN': '定时提醒', en: 'Timer' },
};

export async function workflowView(ctx: RequestContext, entityName: string, id: string): Promise<WorkflowView> {
  idOrThrow(id);
  return ctx.knex.transaction(async (trx) => {
    const tx = { ...ctx, knex: trx };
    const run = await openRun(tx, entityName, id, false);
    const code = String(run.record[run.wf.stateField]);
    const option = run.entity.fields.get(run.wf.stateField)?.options?.find((o) => o.code === code);
    const [instance] = await queryRows<Instance & { id: string }>(trx, `select * from ${qualified(tx.tenant, 'crm_wf_instance')} where entity = ? and record_id = ? and status = 'running'`, [entityName, id]);
    const flow = instance ? await onVersion(run, instance) : run;
    const tasks = instance
      ? await queryRows<TaskView>(trx, `select id, step_id, approver, delegated_from, status, comment, decided_at from ${qualified(tx.tenant, 'crm_wf_task')} where instance_id = ? order by step_index, seq, created_at`, [instance.id])
      : [];
    for (const t of tasks) t.approver_name = run.directory.users.get(t.approver)?.displayName ?? t.approver;
    const me = ctx.actor.id;
    const actions: WorkflowView['actions'] = [];
    const updatable = await canUpdate(tx, entityName, id);
    if (!instance) {
      for (const t of run.wf.transitions) {
        if (!mayFire(run, t) || ((t.who ?? 'anyone') === 'anyone' && !updatable)) continue;
        const choose = approverChoices(run, t);
        actions.push({ action: t.action, labels: t.labels ?? { 'zh-CN': t.action, en: t.action }, kind: 'transition', comment: t.comment, ...(choose.length ? { choose } : {}) });
      }
    } else {
      const pending = tasks.some((t) => t.approver === me && t.status === 'pending' && t.step_id === flow.wf.approval!.steps[instance.step_index]?.id);
      const approval = (a: ApprovalAction, comment?: 'required') => actions.push({ action: a, labels: APPROVAL_LABELS[a], kind: 'approval', ...(comment ? { comment } : {}) });
      if (pending) ['approve', 'reject', 'transfer'].forEach((a) => approval(a as ApprovalAction));
      if (pending && instance.step_index > 0) approval('return', 'required');
      if (instance.submitter === me && !tasks.some((t) => ['approved', 'rejected', 'returned'].includes(t.status))) approval('withdraw');
      if (pending || instance.submitter === me || run.record.owner === me) approval('comment', 'required');
    }
    const rows = await queryRows<Record<string, unknown>>(trx, `select action, from_state, to_state, step_id, actor_id, actor_name, comment, details, at, workflow_version from ${qualified(tx.tenant, 'crm_wf_history')} where entity = ? and record_id = ? order by id`, [entityName, id]);
    // Labels and names for the timeline: what was done (the flow's own words) and by whom (their display name).
    const history = rows.map((h) => ({
      ...h,
      action_labels: flow.wf.transitions.find((t) => t.action === h.action)?.labels ?? APPROVAL_LABELS[h.action as ApprovalAction] ?? HISTORY_LABELS[String(h.action)] ?? null,
      step_labels: flow.wf.approval?.steps.find((s) => s.id === h.step_id)?.labels ?? null,
      actor_display: run.directory.users.get(String(h.actor_id))?.displayName ?? h.actor_name,
    }));
    return {
      workflow: { name: flow.wf.name, labels: flow.wf.labels, version: flow.version },
      state: { code, labels: run.wf.states[code]?.labels ?? option?.labels ?? { 'zh-CN': code, en: code }, color: run.wf.states[code]?.color ?? option?.color, locked: run.wf.states[code]?.locked === true },
      approval: instance ? { id: instance.id, status: instance.status, version: instance.workflow_version, step: flow.wf.approval!.steps[instance.step_index]?.id ?? null, submitter: instance.submitter, tasks } : null,
      actions,
      history,
    };
  });
}

function idOrThrow(id: string): void {
  if (!isUuid(id)) throw notFound('No record with this id', [{ path: 'id', message: 'not a record id' }]);
}
