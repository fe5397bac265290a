// 流程属性: the flow as a whole: its names (zh-CN and en), description, which records it governs (`appliesWhen`,
// a condition over the record: several flows may share an entity, e.g. the sales processes), the facts its rules
// read as $facts.<name> (flow-facts-editor.tsx) and the records its lines create (flow-creates-editor.tsx).
import { Input } from 'antd';
import type { FlowDoc } from '../api/flows-api';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { FlowCreatesEditor } from './flow-creates-editor';
import { FlowFactsEditor } from './flow-facts-editor';
import { FlowLabelsInput } from './flow-labels-input';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';
import { FlowRule } from './flow-rule';

interface Props {
  doc: FlowDoc;
  fields: FieldMeta[];
  problems: readonly ErrorDetail[];
  onChange(doc: FlowDoc): void;
}

/** The document with `key` set, or without it when the value is empty. */
function withKey(doc: FlowDoc, key: string, value: unknown): FlowDoc {
  const { [key]: _old, ...rest } = doc;
  return value === undefined ? rest : { ...rest, [key]: value };
}

export function FlowPropsEditor({ doc, fields, problems, onChange }: Props) {
  const { t } = useI18n();
  return (
    <div className="flow-editor" data-testid="flow-props-editor">
      <div className="flow-field-label">{t('flows.labels')}</div>
      <FlowLabelsInput value={doc.labels} pointer="/labels" problems={problems} onChange={(labels) => onChange({ ...doc, labels })} testId="flow-props-labels" />
      <div className="flow-field-label">{t('flows.props.description')}</div>
      <Input.TextArea rows={2} maxLength={2000} value={doc.description ?? ''} placeholder={t('flows.props.descriptionHint')} onChange={(e) => onChange(withKey(doc, 'description', e.target.value || undefined))} data-testid="flow-props-description" />
      <InlineProblems problems={problemsUnder(problems, '/description')} />
      <div className="flow-field-label">{t('flows.props.appliesWhen')}</div>
      <FlowRule fields={fields} value={doc.appliesWhen} pointer="/appliesWhen" problems={problems} emptyText={t('flows.props.appliesAlways')} onChange={(rule) => onChange(withKey(doc, 'appliesWhen', rule))} testId="flow-props-applies" />
      <div className="flow-field-label">{t('flows.facts.label')}</div>
      <FlowFactsEditor facts={doc.facts} fields={fields} problems={problems} onChange={(facts) => onChange(withKey(doc, 'facts', facts))} />
      <div className="flow-field-label">{t('flows.creates.label')}</div>
      <FlowCreatesEditor creates={doc.creates} fields={fields} problems={problems} onChange={(creates) => onChange(withKey(doc, 'creates', creates))} />
    </div>
  );
}
