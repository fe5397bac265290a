// Running an approval: start an instance, open the next applicable step with its approvers (resolved along the org
// chart, delegated when someone is away, falling back when nobody is there), and finish when no step is left.
import { EngineError } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import type { ApproverRule, StepDoc } from '../metadata/index.ts';
import { testRule } from '../rules/index.ts';
import { history, notify, userVariables, writeState, type ActionRun } from './action-run.ts';
import { nextHeadAbove, resolveRecipients } from './resolve-recipients.ts';

export interface Instance {
  id: string;
  submitter: string;
  from_state: string;
  step_index: number;
  chosen: Record<string, string[]>;
  status: string;
  workflow_version: number;
}

export const DEFAULT_TASK_TITLE = { 'zh-CN': '待审批:{{entity.zh-CN}} {{display}}', en: 'To approve: {{entity.en}} {{display}}' };

/** A state the record entered, with the history row that entered it (for the caller's state-entry work). */
export interface Entered {
  state: string;
  marker: number;
}

export async function startApproval(run: ActionRun, fromState: string, chosen: Record<string, string[]>): Promise<Entered | undefined> {
  const [instance] = await queryRows<Instance>(
    run.tx.knex,
    `insert into ${qualified(run.tx.tenant, 'crm_wf_instance')} (workflow, workflow_version, entity, record_id, status, submitter, from_state, step_index, chosen)
     values (?, ?, ?, ?, 'running', ?, ?, -1, ?::jsonb) returning *`,
    [run.wf.name, run.version, run.entity.name, run.record.id, run.tx.actor.id, fromState, JSON.stringify(chosen)],
  ).catch((e: unknown) => {
    if (e instanceof EngineError && e.code === 'CONFLICT') throw new EngineError('CONFLICT', 'An approval of this record is already running');
    throw e;
  });
  return openStep(run, instance!, 0);
}

/** Opens the first step at or after `from` whose condition holds; finishes the approval when there is none. */
export async function openStep(run: ActionRun, instance: Instance, from: number): Promise<Entered | undefined> {
  const steps = run.wf.approval!.steps;
  for (let index = from; index < steps.length; index++) {
    const step = steps[index]!;
    if (step.when !== undefined && !testRule(step.when, run.record, { now: run.now, timeZone: run.tx.tenant.timeZone, variables: userVariables(run) })) continue;
    const approvers = approversOf(run, instance, step);
    if (approvers.length === 0) {
      await history(run, { instanceId: instance.id, action: 'step_skipped', stepId: step.id, details: { reason: 'no approver and the fallback is skip' } });
      continue;
    }
    await queryRows(run.tx.knex, `update ${qualified(run.tx.tenant, 'crm_wf_instance')} set step_index = ?, version = version + 1 where id = ?`, [index, instance.id]);
    instance.step_index = index;
    const sequential = step.mode === 'sequential';
    // One after another: a transaction is one connection, and pg refuses overlapping queries on it.
    const tasks: { approver: string; delegatedFrom: string | null }[] = [];
    for (const id of approvers) tasks.push(await delegateOf(run, id));
    for (const [i, task] of tasks.entries()) {
      await queryRows(
        run.tx.knex,
        `insert into ${qualified(run.tx.tenant, 'crm_wf_task')} (instance_id, step_index, step_id, seq, approver, delegated_from, status) values (?, ?, ?, ?, ?, ?, ?)`,
        [instance.id, index, step.id, sequential ? i : 0, task.approver, task.delegatedFrom, sequential && i > 0 ? 'waiting' : 'pending'],
      );
    }
    await history(run, { instanceId: instance.id, action: 'step_started', stepId: step.id, details: { approvers: tasks.map((t) => t.approver), mode: step.mode ?? 'any' } });
    const first = sequential ? tasks.slice(0, 1) : tasks;
    await notify(run, first.map((t) => t.approver), { kind: 'task', title: run.wf.approval!.notify?.task ?? DEFAULT_TASK_TITLE });
    return undefined;
  }
  return finish(run, instance, 'approved');
}

/** Ends the approval and moves the record to the flow's approved or rejected state (or an allowed reject target). */
export async function finish(run: ActionRun, instance: Instance, outcome: 'approved' | 'rejected' | 'withdrawn', targetState?: string): Promise<Entered> {
  const approval = run.wf.approval!;
  const to = targetState ?? (outcome === 'approved' ? approval.approved : outcome === 'rejected' ? approval.rejected : instance.from_state);
  await queryRows(run.tx.knex, `update ${qualified(run.tx.tenant, 'crm_wf_task')} set status = 'cancelled', decided_at = now() where instance_id = ? and status in ('pending', 'waiting')`, [instance.id]);
  await queryRows(run.tx.knex, `update ${qualified(run.tx.tenant, 'crm_wf_instance')} set status = ?, ended_at = now(), version = version + 1 where id = ?`, [outcome, instance.id]);
  const from = String(run.record[run.wf.stateField]);
  await writeState(run, to);
  const marker = await history(run, { instanceId: instance.id, action: outcome, fromState: from, toState: to });
  if (outcome !== 'withdrawn') {
    const title = outcome === 'approved' ? (approval.notify?.approved ?? { 'zh-CN': '已通过:{{entity.zh-CN}} {{display}}', en: 'Approved: {{entity.en}} {{display}}' }) : (approval.notify?.rejected ?? { 'zh-CN': '被驳回:{{entity.zh-CN}} {{display}}', en: 'Rejected: {{entity.en}} {{display}}' });
    await notify(run, [instance.submitter], { kind: outcome, title });
  }
  return { state: to, marker };
}

/** The step's approvers in order, without the submitter unless the flow allows self-approval, else the fallback. */
function approversOf(run: ActionRun, instance: Instance, step: StepDoc): string[] {
  const approval = run.wf.approval!;
  const context = { directory: run.directory, record: run.record, submitter: instance.submitter, chosen: instance.chosen[step.id] };
  const ids = [...new Set(step.approvers.flatMap((rule) => resolveRecipients(rule, context)))].filter((id) => approval.selfApproval || id !== instance.submitter);
  if (ids.length) return ids;
  switch (approval.fallback ?? 'admin') {
    case 'skip':
      return [];
    case 'next_level': {
      const next = nextLevel(run, instance, step.approvers[0]!);
      if (next) return [next];
      return admins(run, instance);
    }
    default:
      return admins(run, instance);
  }
}

function nextLevel(run: ActionRun, instance: Instance, rule: ApproverRule): string | null {
  const person = rule.of === 'owner' ? String(run.record.owner ?? '') : instance.submitter;
  if (rule.kind === 'department_head') return nextHeadAbove(run.directory, person, rule.level ?? 0);
  if (rule.kind === 'manager') {
    const chain = run.directory.managersOf(person).filter((id) => id !== instance.submitter && run.directory.users.get(id)?.active);
    return chain[(rule.level ?? 1) - 1] ?? chain[chain.length - 1] ?? null;
  }
  return null;
}

function admins(run: ActionRun, instance: Instance): string[] {
  const holders = run.directory.holders('admin').filter((id) => id !== instance.submitter);
  if (!holders.length) throw new EngineError('CONFLICT', 'Nobody can approve this step and there is no administrator to fall back to');
  return holders;
}

/** Out-of-office delegation: a task for someone away today goes to their deputy, remembering for whom. */
async function delegateOf(run: ActionRun, approver: string): Promise<{ approver: string; delegatedFrom: string | null }> {
  const [row] = await queryRows<{ delegate: string }>(
    run.tx.knex,
    `select delegate from ${qualified(run.tx.tenant, 'delegation')} where delegator = ? and start_date <= ?::date and end_date >= ?::date order by created_at desc limit 1`,
    [approver, today(run), today(run)],
  );
  return row && run.directory.users.get(row.delegate)?.active ? { approver: row.delegate, delegatedFrom: approver } : { approver, delegatedFrom: null };
}

function today(run: ActionRun): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: run.tx.tenant.timeZone ?? 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(run.now);
}
