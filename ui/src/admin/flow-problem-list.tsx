// Every problem of a refused publish, each with the element it belongs to (a state, a transition, the approval, the
// timers) as a link that selects it in the diagram, and the problem in the user's language.
import { Button, Typography } from 'antd';
import type { ErrorDetail } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import type { FlowSelection } from './flow-diagram';
import { flowMessage } from './flow-messages';
import { problemTarget } from './flow-problems';
import { metadataMessage } from './metadata-messages';

interface Props {
  problems: readonly ErrorDetail[];
  /** What to call each element: a state's label, a transition's action label… */
  nameOf(target: FlowSelection): string;
  stateLabel(code: string): string;
  /** Absent in the side panel, where the element is already the selected one. */
  onSelect?(target: FlowSelection): void;
  testId: string;
}

export function FlowProblemList({ problems, nameOf, stateLabel, onSelect, testId }: Props) {
  const { t } = useI18n();
  return (
    <ul className="flow-problem-list" data-testid={testId}>
      {problems.map((p, i) => {
        const target = problemTarget(p);
        const text = flowMessage((key, vars) => t(key, vars), p, stateLabel) ?? metadataMessage(t, p).text;
        return (
          <li key={i} data-testid={`${testId}-item`}>
            {target && onSelect && (
              <Button type="link" size="small" onClick={() => onSelect(target)} data-testid={`${testId}-at`}>
                {nameOf(target)}
              </Button>
            )}
            <span title={p.pointer ?? p.path}>{text}</span>
            {!target && (p.pointer || p.path) && (
              <Typography.Text type="secondary" code>
                {p.pointer ?? p.path}
              </Typography.Text>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The problems of one control (an effect row, a timer, a notification), said where the admin edits it. */
export function InlineProblems({ problems, testId }: { problems: readonly ErrorDetail[]; testId?: string }) {
  const { t } = useI18n();
  if (!problems.length) return null;
  return (
    <div className="flow-inline-problems" data-testid={testId}>
      {problems.map((p, i) => (
        <Typography.Text key={i} type="danger" title={p.pointer ?? p.path}>
          {flowMessage((key, vars) => t(key, vars), p, (code) => code) ?? metadataMessage(t, p).text}
        </Typography.Text>
      ))}
    </div>
  );
}
