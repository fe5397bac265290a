// A json-logic rule of a flow (which records it governs, who may run an action, a gate's condition, which child
// records count) edited with the condition builder over an entity's fields, its problems from the server shown under
// it. Publishing waits while a row is unfinished or the JSON typed does not parse.
import { useMemo, useState } from 'react';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { ConditionBuilder, entityBuilderFields, type BuilderField } from './rule-builder';
import { useReportUnfinished } from './flow-draft-errors';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';

interface Props {
  fields: FieldMeta[];
  value: unknown;
  onChange(logic: unknown): void;
  /** Where the rule sits in the flow document (`/appliesWhen`, `/transitions/2/who/condition`). */
  pointer: string;
  problems: readonly ErrorDetail[];
  /** The rule runs for a signed-in user (a "who" condition): user and department fields compare with theirs. */
  forUser?: boolean;
  emptyText?: string;
  testId?: string;
}

/** One builder per place in the document: another transition's guard opens afresh, its unfinished rows not carried over. */
export function FlowRule(props: Props) {
  return <RuleAt key={props.pointer} {...props} />;
}

function RuleAt({ fields, value, onChange, pointer, problems, forUser, emptyText, testId }: Props) {
  const { t, label } = useI18n();
  const [unfinished, setUnfinished] = useState(false);
  useReportUnfinished(pointer, unfinished);
  const builderFields = useMemo(() => {
    const base = entityBuilderFields(fields, label);
    if (!forUser) return base;
    // The engine's $user variables (engine/workflow/action-run.ts): the acting user and their department.
    const current: Record<string, BuilderField['contextValues']> = {
      app_user: [{ name: '$user.id', label: t('flows.rule.currentUser') }],
      department: [{ name: '$user.department', label: t('flows.rule.currentDepartment') }],
    };
    return base.map((f) => (f.type === 'ref' && f.target && current[f.target] ? { ...f, contextValues: current[f.target] } : f));
  }, [fields, label, forUser, t]);
  return (
    <>
      <ConditionBuilder
        fields={builderFields}
        value={value}
        emptyText={emptyText}
        onChange={(logic, state) => {
          setUnfinished(!state.complete || !state.valid);
          if (state.valid) onChange(logic);
        }}
        testId={testId}
      />
      <InlineProblems problems={problemsUnder(problems, pointer)} testId={testId && `${testId}-problems`} />
    </>
  );
}
