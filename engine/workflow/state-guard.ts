// A workflow owns its record's state field: users change it only through actions, a locked state freezes the
// record, and a state may limit which fields are editable. The engine's own writes (actions) pass.
import { EngineError, isSystemPolicy, validationFailed, type RequestContext } from '../core/index.ts';
import { registerWriteGuard } from '../data/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import { history } from './action-run.ts';
import { enterState } from './enter-state.ts';
import { initialState, workflowFor, workflowsOf } from './governing-workflow.ts';
import { openRun } from './open-run.ts';
import { fireAuto } from './run-transition.ts';
import { scheduleDatedCreates } from './state-creates.ts';

const MESSAGES = {
  stateField: { 'zh-CN': '状态只能通过流程操作改变', en: 'changes only through workflow actions' },
  notEditable: { 'zh-CN': '当前状态下不可修改', en: 'cannot be changed in the current state' },
} as const;

registerWriteGuard({
  beforeCreate(ctx: RequestContext, entity: EntityDef, input: Record<string, unknown>) {
    const wf = workflowFor(ctx.model, entity.name, input);
    if (!wf) return input;
    if (wf.stateField in input && input[wf.stateField] !== undefined && !isSystemPolicy(ctx.access)) {
      throw validationFailed([{ path: `/${wf.stateField}`, message: MESSAGES.stateField[ctx.locale] }]);
    }
    return { ...input, [wf.stateField]: input[wf.stateField] ?? initialState(ctx.model, wf) };
  },
  // A new record enters its initial state like any other: history, timers, and an automatic first step.
  actsAfterCreate: (ctx: RequestContext, entity: EntityDef) => workflowsOf(ctx.model, entity.name).length > 0,
  async afterCreate(ctx: RequestContext, entity: EntityDef, id: string) {
    if (!workflowsOf(ctx.model, entity.name).length) return;
    const run = await openRun(ctx, entity.name, id, false, false);
    if (!run) return;
    const state = String(run.record[run.wf.stateField]);
    const marker = await history(run, { action: 'create', toState: state });
    await enterState(run, state, marker, fireAuto);
  },
  // Lines added or re-dated by an edit get their dated creates scheduled (entering a state schedules them too).
  async afterUpdate(ctx: RequestContext, entity: EntityDef, id: string) {
    if (!workflowsOf(ctx.model, entity.name).some((wf) => wf.creates?.some((c) => c.date))) return;
    const run = await openRun(ctx, entity.name, id, false, false);
    if (run) await scheduleDatedCreates(run);
  },
  beforeUpdate(ctx: RequestContext, entity: EntityDef, before: Record<string, unknown>, input: Record<string, unknown>) {
    if (isSystemPolicy(ctx.access)) return;
    const wf = workflowFor(ctx.model, entity.name, { ...before, ...input });
    if (!wf) return;
    if (wf.stateField in input) throw validationFailed([{ path: `/${wf.stateField}`, message: MESSAGES.stateField[ctx.locale] }]);
    const code = String(before[wf.stateField]);
    const state = wf.states[code];
    if (state?.locked) {
      const label = state.labels?.[ctx.locale] ?? entity.fields.get(wf.stateField)?.options?.find((o) => o.code === code)?.labels[ctx.locale] ?? code;
      throw new EngineError('CONFLICT', `The record is locked while ${label}`, [{ path: '/', message: ctx.locale === 'zh-CN' ? `记录处于「${label}」状态,已锁定` : `locked in state ${label}` }]);
    }
    if (state?.editable && state.editable !== '*') {
      const allowed = new Set(state.editable);
      // Fields an extension added (a plugin's, the admin's) are not the flow's to restrict: editable while unlocked.
      const refused = Object.keys(input).filter((k) => k !== 'version' && !allowed.has(k) && !entity.fields.get(k)?.origin);
      if (refused.length) throw validationFailed(refused.map((k) => ({ path: `/${k}`, message: MESSAGES.notEditable[ctx.locale] })));
    }
  },
});
