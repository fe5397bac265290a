// 执行前必须满足 (a transition's gate, `requires`), every kind the engine checks (engine/workflow/gate-requirements.ts):
// attachment fields that must hold files, related records that must be finished (flow-gate-records.tsx), approval
// steps that must have been signed off, and conditions over the record with the message a refusal gives.
import { Button, Card, InputNumber, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { FlowGateRecords } from './flow-gate-records';
import { FlowLabelsInput } from './flow-labels-input';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';
import { FlowRule } from './flow-rule';

type Doc = Record<string, any>;

interface Props {
  requires: Doc | undefined;
  entity: string;
  fields: FieldMeta[];
  /** The flow's approval steps, for sign-offs. */
  steps: { value: string; label: string }[];
  /** `/transitions/<i>/requires`. */
  pointer: string;
  problems: readonly ErrorDetail[];
  onChange(requires: Doc | undefined): void;
}

/** The gate without empty lists; undefined when nothing is required. */
function gateOf(gate: Doc): Doc | undefined {
  const kept = Object.fromEntries(Object.entries(gate).filter(([, list]) => Array.isArray(list) && list.length > 0));
  return Object.keys(kept).length ? kept : undefined;
}

export function FlowGatesEditor({ requires, entity, fields, steps, pointer, problems, onChange }: Props) {
  const { t, label } = useI18n();
  const gate = requires ?? {};
  const set = (kind: string, list: Doc[]) => onChange(gateOf({ ...gate, [kind]: list }));
  const documents: Doc[] = gate.documents ?? [];
  const conditions: Doc[] = gate.conditions ?? [];
  const attachments = fields.filter((f) => f.type === 'attachment').map((f) => ({ value: f.name, label: label(f.labels, f.name) }));
  return (
    <div className="flow-gates" data-testid="flow-gates">
      <div className="flow-field-label">{t('flows.gate.documents')}</div>
      {documents.map((d, j) => (
        <div key={j} className="flow-gate-row" data-testid="flow-gate-document">
          <Space wrap size={6}>
            <Select className="flow-role-select" value={d.field} options={attachments} onChange={(field: string) => set('documents', documents.map((x, k) => (k === j ? { ...x, field } : x)))} popupMatchSelectWidth={false} data-testid="flow-gate-document-field" />
            <span>{t('flows.gate.atLeast')}</span>
            <InputNumber<number> min={1} precision={0} value={d.min ?? 1} onChange={(n) => set('documents', documents.map((x, k) => (k === j ? (n && n > 1 ? { ...x, min: n } : { field: x.field }) : x)))} />
            <span>{t('flows.gate.files')}</span>
            <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('flows.gate.remove')} onClick={() => set('documents', documents.filter((_, k) => k !== j))} />
          </Space>
          <InlineProblems problems={problemsUnder(problems, `${pointer}/documents/${j}`)} testId="flow-gate-document-problems" />
        </div>
      ))}
      {attachments.length ? (
        <Button size="small" icon={<PlusOutlined />} onClick={() => set('documents', [...documents, { field: attachments[0]!.value }])} data-testid="flow-gate-add-document">
          {t('flows.gate.addDocument')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('flows.gate.noAttachmentFields')}</Typography.Text>
      )}

      <div className="flow-field-label">{t('flows.gate.records')}</div>
      <FlowGateRecords records={gate.records} entity={entity} fields={fields} pointer={`${pointer}/records`} problems={problems} onChange={(records) => set('records', records)} />

      <div className="flow-field-label">{t('flows.gate.signoffs')}</div>
      {steps.length || gate.signoffs?.length ? (
        <Select
          mode="multiple"
          className="flow-fields"
          value={(gate.signoffs ?? []).map((s: Doc) => s.step)}
          options={steps}
          placeholder={t('flows.gate.noSignoffs')}
          onChange={(picked: string[]) => set('signoffs', picked.map((step) => ({ step })))}
          data-testid="flow-gate-signoffs"
        />
      ) : (
        <Typography.Text type="secondary">{t('flows.gate.noSteps')}</Typography.Text>
      )}
      <InlineProblems problems={problemsUnder(problems, `${pointer}/signoffs`)} />

      <div className="flow-field-label">{t('flows.gate.conditions')}</div>
      {conditions.map((c, j) => {
        const patch = (p: Doc) => set('conditions', conditions.map((x, k) => (k === j ? { ...x, ...p } : x)));
        return (
          <Card key={j} size="small" className="flow-step" data-testid="flow-gate-condition" title={t('flows.gate.conditionN', { n: j + 1 })} extra={<Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('flows.gate.remove')} onClick={() => set('conditions', conditions.filter((_, k) => k !== j))} />}>
            <FlowRule fields={fields} value={c.rule} pointer={`${pointer}/conditions/${j}/rule`} problems={problems} emptyText={t('flows.gate.ruleEmpty')} onChange={(rule) => patch({ rule })} testId="flow-gate-rule" />
            <div className="flow-field-label">{t('flows.gate.message')}</div>
            <FlowLabelsInput value={c.message} placeholders={[t('flows.gate.messageZh'), t('flows.gate.messageEn')]} pointer={`${pointer}/conditions/${j}/message`} problems={problems} onChange={(message) => patch({ message })} testId="flow-gate-message" />
          </Card>
        );
      })}
      <Button size="small" icon={<PlusOutlined />} onClick={() => set('conditions', [...conditions, { rule: { '!': { missing: [fields.find((f) => !f.system)?.name ?? 'name'] } }, message: { 'zh-CN': '', en: '' } }])} data-testid="flow-gate-add-condition">
        {t('flows.gate.addCondition')}
      </Button>
    </div>
  );
}
