// The approval of a flow: its ordered steps (code, label, approvers of every kind, mode 或签 / 会签 / 依次, a condition
// under which the step runs), what happens when nobody can be resolved, whether submitters may approve their own, and
// how it ends (flow-outcomes-editor.tsx).
import { Button, Card, Checkbox, Input, Select, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { ApproverEditor, newApprover } from './approver-editor';
import { FlowCodeInput } from './flow-code-input';
import { FlowOutcomesEditor } from './flow-outcomes-editor';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';
import { FlowRule } from './flow-rule';
import type { FlowDirectory } from './use-flow-directory';

type Doc = Record<string, any>;

interface Props {
  approval: Doc;
  fields: FieldMeta[];
  directory: FlowDirectory;
  states: { value: string; label: string }[];
  problems: readonly ErrorDetail[];
  onChange(approval: Doc): void;
}

const without = (o: Doc, key: string): Doc => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

export function FlowApprovalEditor({ approval, fields, directory, states, problems, onChange }: Props) {
  const { t } = useI18n();
  const steps: Doc[] = approval.steps ?? [];
  const setSteps = (next: Doc[]) => onChange({ ...approval, steps: next });
  const setStep = (i: number, step: Doc) => setSteps(steps.map((s, j) => (j === i ? step : s)));
  const move = (i: number, by: number) => {
    const next = [...steps];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setSteps(next);
  };
  const addStep = () => {
    let n = steps.length + 1;
    while (steps.some((s) => s.id === `step_${n}`)) n++;
    setSteps([...steps, { id: `step_${n}`, labels: { 'zh-CN': t('flows.step.newLabel', { n }), en: `Step ${n}` }, approvers: [newApprover('role')] }]);
  };
  return (
    <div className="flow-approval" data-testid="flow-approval">
      <Space wrap className="flow-approval-settings">
        <span>{t('flows.approval.fallback')}</span>
        <Select
          value={approval.fallback ?? 'admin'}
          onChange={(fallback) => onChange({ ...approval, fallback })}
          options={(['admin', 'next_level', 'skip'] as const).map((f) => ({ value: f, label: t(`flows.fallback.${f}`) }))}
          popupMatchSelectWidth={false}
        />
        <Checkbox checked={!!approval.selfApproval} onChange={(e) => onChange(e.target.checked ? { ...approval, selfApproval: true } : without(approval, 'selfApproval'))}>
          {t('flows.approval.selfApproval')}
        </Checkbox>
      </Space>
      {steps.map((step, i) => (
        <Card
          key={i}
          size="small"
          className="flow-step"
          data-testid={`flow-step-${step.id}`}
          title={
            <Space>
              <Typography.Text type="secondary">{i + 1}</Typography.Text>
              <FlowCodeInput value={step.id} taken={steps.filter((_, j) => j !== i).map((s) => s.id)} pointer={`/approval/steps/${i}/id`} onChange={(id) => setStep(i, { ...step, id })} testId="flow-step-code" />
              <Input size="small" value={step.labels?.['zh-CN'] ?? ''} placeholder={t('flows.labelZh')} onChange={(e) => setStep(i, { ...step, labels: { ...step.labels, 'zh-CN': e.target.value } })} data-testid="flow-step-label" />
              <Input size="small" value={step.labels?.en ?? ''} placeholder={t('flows.labelEn')} onChange={(e) => setStep(i, { ...step, labels: { ...step.labels, en: e.target.value } })} />
            </Space>
          }
          extra={
            <Space size={0}>
              <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('flows.step.up')} />
              <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === steps.length - 1} onClick={() => move(i, 1)} aria-label={t('flows.step.down')} />
              <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => setSteps(steps.filter((_, j) => j !== i))} aria-label={t('flows.step.remove')} />
            </Space>
          }
        >
          <div className="flow-field-label">{t('flows.step.approvers')}</div>
          {(step.approvers as Doc[]).map((rule, k) => (
            <ApproverEditor
              key={k}
              rule={rule}
              fields={fields}
              directory={directory}
              onChange={(r) => setStep(i, { ...step, approvers: step.approvers.map((x: Doc, j: number) => (j === k ? r : x)) })}
              onRemove={() => setStep(i, { ...step, approvers: step.approvers.filter((_: Doc, j: number) => j !== k) })}
            />
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => setStep(i, { ...step, approvers: [...step.approvers, newApprover('role')] })}>
            {t('flows.step.addApprover')}
          </Button>
          <Space className="flow-step-mode">
            <span>{t('flows.step.mode')}</span>
            <Select
              value={step.mode ?? 'any'}
              onChange={(mode) => setStep(i, { ...step, mode })}
              options={(['any', 'all', 'sequential'] as const).map((m) => ({ value: m, label: t(`flows.mode.${m}`) }))}
              popupMatchSelectWidth={false}
              data-testid="flow-step-mode"
            />
          </Space>
          <div className="flow-field-label">{t('flows.step.when')}</div>
          {/* The step's problems, its condition's included, are listed under the card. */}
          <FlowRule fields={fields} value={step.when} pointer={`/approval/steps/${i}/when`} problems={[]} emptyText={t('flows.condition.always')} onChange={(when) => setStep(i, when === undefined ? without(step, 'when') : { ...step, when })} testId="flow-step-when" />
          <InlineProblems problems={problemsUnder(problems, `/approval/steps/${i}`)} testId="flow-step-problems" />
        </Card>
      ))}
      <Button icon={<PlusOutlined />} onClick={addStep} data-testid="flow-add-step">
        {t('flows.step.add')}
      </Button>
      <div className="flow-field-label">{t('flows.outcome.title')}</div>
      <FlowOutcomesEditor approval={approval} states={states} problems={problems} onChange={onChange} />
    </div>
  );
}
