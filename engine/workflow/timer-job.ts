// A due workflow timer: it acts only if the record is still in the same stay in the state that scheduled it and
// its condition still holds; then it notifies, escalates to the next manager, or fires a transition.
import { ALLOW_ALL, SYSTEM_ACTOR } from '../core/index.ts';
import { qualified, queryRows, quoteIdent } from '../db/index.ts';
import { registerJobHandler, type Job } from '../jobs/index.ts';
import type { TimerDoc } from '../metadata/index.ts';
import { isTruthy } from '../rules/index.ts';
import { evaluate, history, notify, type ActionRun } from './action-run.ts';
import { definitionAt } from './definition-versions.ts';
import { TIMER_JOB, type TimerPayload } from './enter-state.ts';
import { openRun } from './open-run.ts';
import { resolveRecipients } from './resolve-recipients.ts';
import { fireAuto } from './run-transition.ts';
import { timerRefusal } from './gate-requirements.ts';

registerJobHandler(TIMER_JOB, async (ctx, job: Job) => {
  const p = job.payload as unknown as TimerPayload;
  const engine = { ...ctx, actor: SYSTEM_ACTOR, access: ALLOW_ALL };
  const current = await openRun(engine, p.entity, p.recordId, true, false);
  if (!current || current.wf.name !== p.workflow || String(current.record[current.wf.stateField]) !== p.state) return 'skipped';
  // Left the state and came back since? Then this timer belonged to the earlier stay.
  const [last] = await queryRows<{ id: number }>(
    ctx.knex,
    `select max(id) as id from ${qualified(ctx.tenant, 'crm_wf_history')} where entity = ? and record_id = ? and to_state is not null`,
    [p.entity, p.recordId],
  );
  if (Number(last?.id) !== p.marker) return 'skipped';
  const run: ActionRun = current.version === p.version ? current : { ...current, wf: await definitionAt(ctx.knex, ctx.tenant, p.workflow, p.version), version: p.version };
  const timer = run.wf.timers?.find((t) => t.id === p.timer);
  if (!timer) return 'skipped';
  if (timer.if !== undefined && !isTruthy(evaluate(run, timer.if))) return 'skipped';
  if (timer.unlessRelated && (await hasRelatedSince(run, timer, p.enteredAt))) return 'skipped';
  // A transition for people only, or one whose gate is not passed, is refused: the history says what was missing.
  const refused = timer.do.transition ? await timerRefusal(run, current, timer.do.transition) : [];
  await history(run, { action: 'timer', stepId: null, details: { timer: timer.id, ...(refused.length ? { refused: timer.do.transition, missing: refused } : {}) } });
  if (timer.do.notify) {
    const context = { directory: run.directory, record: run.record, submitter: String(run.record.owner ?? '') };
    await notify(run, timer.do.notify.to.flatMap((rule) => resolveRecipients(rule, context)), { kind: 'reminder', title: timer.do.notify.title, body: timer.do.notify.body });
  }
  if (timer.do.escalate) await escalate(run);
  if (timer.do.transition && !refused.length) await fireAuto(run, timer.do.transition);
  return 'done';
});

/** E.g. "no follow-up activity on the quote's customer since the quote was sent". */
async function hasRelatedSince(run: ActionRun, timer: TimerDoc, since: string): Promise<boolean> {
  const related = timer.unlessRelated!;
  const value = related.via ? run.record[related.via] : run.record.id;
  if (!value) return false;
  const rows = await queryRows(
    run.tx.knex,
    `select 1 from ${qualified(run.tx.tenant, related.entity)} where ${quoteIdent(related.field)} = ? and created_at > ? limit 1`,
    [value, since],
  );
  return rows.length > 0;
}

/**
 * Escalation goes one level up from whoever holds the record now: the pending approvers' managers get a task of
 * their own, or else the manager of the assigned user (the flow's assign field) or of the owner is told.
 */
async function escalate(run: ActionRun): Promise<void> {
  const t = run.tx.tenant;
  const pending = await queryRows<{ instance_id: string; step_index: number; step_id: string; seq: number; approver: string }>(
    run.tx.knex,
    `select k.instance_id, k.step_index, k.step_id, k.seq, k.approver from ${qualified(t, 'crm_wf_task')} k
       join ${qualified(t, 'crm_wf_instance')} i on i.id = k.instance_id
      where i.entity = ? and i.record_id = ? and i.status = 'running' and k.status = 'pending'`,
    [run.entity.name, run.record.id],
  );
  const managers = new Set<string>();
  for (const task of pending) {
    const manager = run.directory.managersOf(task.approver)[0];
    if (!manager || managers.has(manager)) continue;
    managers.add(manager);
    await queryRows(
      run.tx.knex,
      `insert into ${qualified(t, 'crm_wf_task')} (instance_id, step_index, step_id, seq, approver, status) values (?, ?, ?, ?, ?, 'pending')`,
      [task.instance_id, task.step_index, task.step_id, task.seq, manager],
    );
  }
  if (!pending.length) {
    const assignField = run.wf.transitions.find((x) => x.assign)?.assign?.field;
    const holder = String((assignField && run.record[assignField]) || run.record.owner || '');
    const manager = holder ? run.directory.managersOf(holder)[0] : undefined;
    if (manager) managers.add(manager);
  }
  await notify(run, managers, { kind: 'escalation', title: { 'zh-CN': '超时升级:{{entity.zh-CN}} {{display}}', en: 'Escalated: {{entity.en}} {{display}}' } });
}
