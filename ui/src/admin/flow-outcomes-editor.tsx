// How an approval ends and what it tells people: the state an approved and a rejected record go to, the other
// states an approver may send it back to on rejecting (`rejectTo`), and the messages of the approval (`notify`: the
// approver's task, approved, rejected, returned) as Handlebars in zh-CN and en; an empty message uses the engine's own.
import { Select, Space } from 'antd';
import type { ErrorDetail } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { FlowLabelsInput } from './flow-labels-input';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';

type Doc = Record<string, any>;
const MESSAGES = ['task', 'approved', 'rejected', 'returned'] as const;

interface Props {
  approval: Doc;
  states: { value: string; label: string }[];
  problems: readonly ErrorDetail[];
  onChange(approval: Doc): void;
}

const without = (o: Doc, key: string): Doc => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

export function FlowOutcomesEditor({ approval, states, problems, onChange }: Props) {
  const { t } = useI18n();
  const notify: Doc = approval.notify ?? {};
  const setMessage = (kind: string, labels: { 'zh-CN': string; en: string } | undefined) => {
    const next = labels ? { ...notify, [kind]: labels } : without(notify, kind);
    onChange(Object.keys(next).length ? { ...approval, notify: next } : without(approval, 'notify'));
  };
  return (
    <div className="flow-outcomes" data-testid="flow-outcomes">
      <Space wrap size={6}>
        {(['approved', 'rejected'] as const).map((outcome) => (
          <Space key={outcome} size={6}>
            <span>{t(`flows.outcome.${outcome}To`)}</span>
            <Select className="flow-role-select" value={approval[outcome]} options={states} onChange={(s: string) => onChange({ ...approval, [outcome]: s })} popupMatchSelectWidth={false} data-testid={`flow-outcome-${outcome}`} />
          </Space>
        ))}
      </Space>
      <InlineProblems problems={[...problemsUnder(problems, '/approval/approved'), ...problemsUnder(problems, '/approval/rejected')]} />
      <div className="flow-field-label">{t('flows.outcome.rejectToStates')}</div>
      <Select
        mode="multiple"
        className="flow-fields"
        value={approval.rejectTo ?? []}
        options={states.filter((s) => s.value !== approval.rejected)}
        placeholder={t('flows.outcome.rejectToNone')}
        onChange={(rejectTo: string[]) => onChange(rejectTo.length ? { ...approval, rejectTo } : without(approval, 'rejectTo'))}
        data-testid="flow-outcome-reject-to"
      />
      <InlineProblems problems={problemsUnder(problems, '/approval/rejectTo')} />
      {MESSAGES.map((kind) => (
        <div key={kind}>
          <div className="flow-field-label">{t(`flows.outcome.notify.${kind}`)}</div>
          <FlowLabelsInput
            value={notify[kind]}
            placeholders={[t('flows.outcome.notifyZh'), t('flows.outcome.notifyEn')]}
            pointer={`/approval/notify/${kind}`}
            problems={problems}
            onChange={(labels) => setMessage(kind, labels['zh-CN'] || labels.en ? labels : undefined)}
            testId={`flow-outcome-notify-${kind}`}
          />
        </div>
      ))}
    </div>
  );
}
