// Before a designer change is applied: the schema plan from the dry run, each step with its cost (instant, scan,
// rewrite) and what it does to existing rows, in a confirm dialog. A refused plan is not offered: the change is sent
// so that the server's refusal, with its row counts, lands on the field that caused it.
import { App, Tag, Typography } from 'antd';
import type { AdminChange, PlannedStep } from '../api/admin-api';
import type { Translate } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';

type Modal = ReturnType<typeof App.useApp>['modal'];

const IMPACT_COLOR: Record<string, string> = { instant: 'green', scan: 'gold', rewrite: 'orange', refused: 'red' };

/** Names a step's table and column for people: entity and field labels where the caller knows them. */
export type StepSubject = (step: PlannedStep) => string;

function StepLine({ step, t, subject }: { step: PlannedStep; t: Translate; subject: StepSubject }) {
  const known = `designer.action.${step.action}` as MessageKey;
  return (
    <li data-testid={`plan-step-${step.action}`}>
      <Tag color={IMPACT_COLOR[step.impact]} bordered={false}>
        {t(`designer.impact.${step.impact}` as MessageKey)}
      </Tag>
      <span>{t(known)}</span>
      <Typography.Text type="secondary" className="plan-subject">
        {subject(step)}
      </Typography.Text>
      {typeof step.rowCount === 'number' && <span className="plan-rows">{t('designer.plan.rows', { count: step.rowCount })}</span>}
    </li>
  );
}

/** Resolves true when the admin confirms the plan (or there is nothing to confirm: no step changes a table). */
export function confirmSchemaPlan(modal: Modal, t: Translate, change: AdminChange, subject: StepSubject): Promise<boolean> {
  const steps = change.plan.steps;
  return new Promise((resolve) => {
    void modal.confirm({
      title: t('designer.plan.title'),
      width: 640,
      content: (
        <div data-testid="schema-plan">
          <p>{steps.length ? t('designer.plan.intro') : t('designer.plan.none')}</p>
          {steps.length > 0 && (
            <ul className="plan-steps">
              {steps.map((s, i) => (
                <StepLine key={i} step={s} t={t} subject={subject} />
              ))}
            </ul>
          )}
        </div>
      ),
      okText: t('designer.plan.apply'),
      okButtonProps: { 'data-testid': 'plan-apply' } as never,
      cancelText: t('shell.cancel'),
      onOk: () => resolve(true),
      onCancel: () => resolve(false),
    });
  });
}

/**
 * Plans (dry run), shows the plan, then applies: false when the admin cancelled. A document the server refuses
 * throws at the dry run (422, with pointers); a plan it refuses throws at the apply (409, with row counts).
 */
export async function saveWithPlan(modal: Modal, t: Translate, dryRun: () => Promise<AdminChange>, apply: () => Promise<unknown>, subject: StepSubject): Promise<boolean> {
  const planned = await dryRun();
  if (!planned.plan.refused && !(await confirmSchemaPlan(modal, t, planned, subject))) return false;
  await apply();
  return true;
}
