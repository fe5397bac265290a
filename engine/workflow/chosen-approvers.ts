// Approval steps whose approvers the submitter picks (`chosen` rules): what the UI offers at submission, and the
// check that the submitter's picks are allowed. A pick outside the allowed set is refused, never silently dropped.
import { validationFailed, type ErrorDetail } from '../core/index.ts';
import type { Labels, TransitionDoc } from '../metadata/index.ts';
import type { ActionRun } from './action-run.ts';
import { chosenCandidates } from './resolve-recipients.ts';

export interface ApproverChoice {
  step: string;
  labels: Labels;
  /** The step has no other approvers and always runs: at least one pick is needed. */
  required: boolean;
  /** Several may be picked when the step's mode is all (会签) or sequential. */
  multiple: boolean;
  candidates: { id: string; name: string }[];
}

/** The choices a transition that starts the approval asks of the submitter (none for other transitions). */
export function approverChoices(run: ActionRun, t: TransitionDoc): ApproverChoice[] {
  if (!t.approval || !run.wf.approval) return [];
  return run.wf.approval.steps.flatMap((step) => {
    const rules = step.approvers.filter((r) => r.kind === 'chosen');
    if (!rules.length) return [];
    const ids = [...new Set(rules.flatMap((r) => chosenCandidates(r, run.directory)))].filter((id) => run.wf.approval!.selfApproval || id !== run.tx.actor.id);
    return [
      {
        step: step.id,
        labels: step.labels ?? { 'zh-CN': step.id, en: step.id },
        required: rules.length === step.approvers.length && step.when === undefined,
        multiple: (step.mode ?? 'any') !== 'any',
        candidates: ids.map((id) => ({ id, name: run.directory.users.get(id)!.displayName })),
      },
    ];
  });
}

/** Refuses picks for unknown steps, people outside a step's allowed set, and a required step left without a pick. */
export function checkChosenOrThrow(run: ActionRun, t: TransitionDoc, picked: Record<string, string[]>): void {
  const choices = new Map(approverChoices(run, t).map((c) => [c.step, c]));
  const zh = run.tx.locale === 'zh-CN';
  const problems: ErrorDetail[] = [];
  for (const [step, ids] of Object.entries(picked)) {
    const choice = choices.get(step);
    if (!choice) {
      problems.push({ path: `/approvers/${step}`, message: zh ? '该环节的审批人不由提交人选择' : 'the approvers of this step are not chosen by the submitter' });
      continue;
    }
    const allowed = new Set(choice.candidates.map((c) => c.id));
    ids.forEach((id, i) => {
      if (!allowed.has(id)) problems.push({ path: `/approvers/${step}/${i}`, message: zh ? '不在可选的审批人之中' : 'is not one of the approvers to choose from' });
    });
    if (!choice.multiple && ids.length > 1) problems.push({ path: `/approvers/${step}`, message: zh ? '只能选择一位审批人' : 'choose one approver' });
  }
  for (const choice of choices.values()) {
    if (choice.required && !picked[choice.step]?.length) problems.push({ path: `/approvers/${choice.step}`, message: zh ? '请选择审批人' : 'choose an approver' });
  }
  if (problems.length) throw validationFailed(problems);
}
