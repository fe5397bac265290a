// The dialogs that add a state (code and labels) or a transition (action code, labels, from, to, who may act, whether
// it starts the approval) to the draft; the side panel's editors then edit the rest. Codes are checked as the metadata
// requires before the dialog closes, so a mistake shows at its input.
import { useState } from 'react';
import { Checkbox, Form, Input, Modal, Select } from 'antd';
import type { FlowDoc } from '../api/flows-api';
import { useI18n } from '../i18n/i18n-context';
import { actionsOf, addState, addTransition, codeProblem } from './flow-edit';

export type AddRequest = { kind: 'state' } | { kind: 'transition'; from?: string; to?: string };

interface Props {
  request: AddRequest;
  doc: FlowDoc;
  stateLabel(s: string): string;
  roles: { value: string; label: string }[];
  onCancel(): void;
  /** The new draft and the element to select in it. */
  onAdd(doc: FlowDoc, select: { kind: 'state'; state: string } | { kind: 'transition'; index: number }): void;
}

export function FlowAddDialog({ request, doc, stateLabel, roles, onCancel, onAdd }: Props) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [labels, setLabels] = useState({ 'zh-CN': '', en: '' });
  const [from, setFrom] = useState<string[]>(request.kind === 'transition' && request.from ? [request.from] : []);
  const [to, setTo] = useState<string | undefined>(request.kind === 'transition' ? request.to : undefined);
  const [who, setWho] = useState<string[]>([]);
  const [approval, setApproval] = useState(false);
  const [tried, setTried] = useState(false);
  const isState = request.kind === 'state';
  const codeWrong = codeProblem(code.trim(), isState ? Object.keys(doc.states) : actionsOf(doc));
  const missing = {
    zh: !labels['zh-CN'].trim(),
    en: !labels.en.trim(),
    from: !isState && from.length === 0,
    to: !isState && !to,
  };
  const states = Object.keys(doc.states).map((s) => ({ value: s, label: stateLabel(s) }));
  const status = (wrong: boolean) => (tried && wrong ? ('error' as const) : undefined);
  const help = (wrong: boolean, text: string) => (tried && wrong ? text : undefined);

  const submit = () => {
    setTried(true);
    if (codeWrong || missing.zh || missing.en || missing.from || missing.to) return;
    const cleanLabels = { 'zh-CN': labels['zh-CN'].trim(), en: labels.en.trim() };
    if (isState) return onAdd(addState(doc, code.trim(), cleanLabels), { kind: 'state', state: code.trim() });
    const next = addTransition(doc, { action: code.trim(), labels: cleanLabels, from, to: to! });
    const index = next.transitions.length - 1;
    const added = { ...next.transitions[index], ...(who.length ? { who: { roles: who } } : {}), ...(approval ? { approval: true } : {}) };
    onAdd({ ...next, transitions: next.transitions.map((tr: FlowDoc, i: number) => (i === index ? added : tr)) }, { kind: 'transition', index });
  };

  return (
    <Modal open title={t(isState ? 'flows.edit.addState' : 'flows.edit.addTransition')} okText={t('flows.edit.add')} cancelText={t('shell.cancel')} onOk={submit} onCancel={onCancel} destroyOnHidden>
      <Form layout="vertical" data-testid={isState ? 'flow-add-state' : 'flow-add-transition'}>
        <Form.Item label={t(isState ? 'flows.edit.stateCode' : 'flows.edit.actionCode')} extra={t('flows.edit.codeHint')} validateStatus={status(!!codeWrong)} help={help(!!codeWrong, codeWrong ? t(codeWrong) : '')}>
          <Input value={code} onChange={(e) => setCode(e.target.value)} data-testid="flow-add-code" />
        </Form.Item>
        <Form.Item label={t('flows.labelZh')} validateStatus={status(missing.zh)} help={help(missing.zh, t('flows.edit.labelMissing'))}>
          <Input value={labels['zh-CN']} onChange={(e) => setLabels({ ...labels, 'zh-CN': e.target.value })} data-testid="flow-add-label-zh" />
        </Form.Item>
        <Form.Item label={t('flows.labelEn')} validateStatus={status(missing.en)} help={help(missing.en, t('flows.edit.labelMissing'))}>
          <Input value={labels.en} onChange={(e) => setLabels({ ...labels, en: e.target.value })} data-testid="flow-add-label-en" />
        </Form.Item>
        {!isState && (
          <>
            <Form.Item label={t('flows.edit.from')} validateStatus={status(missing.from)} help={help(missing.from, t('flows.edit.pickState'))}>
              <Select mode="multiple" value={from} onChange={setFrom} options={states} showSearch={{ optionFilterProp: 'label' }} data-testid="flow-add-from" />
            </Form.Item>
            <Form.Item label={t('flows.edit.to')} validateStatus={status(missing.to)} help={help(missing.to, t('flows.edit.pickState'))}>
              <Select value={to} onChange={setTo} options={states} showSearch={{ optionFilterProp: 'label' }} data-testid="flow-add-to" />
            </Form.Item>
            <Form.Item label={t('flows.transition.who')} extra={t('flows.edit.whoHint')}>
              <Select mode="multiple" value={who} onChange={setWho} options={roles} showSearch={{ optionFilterProp: 'label' }} placeholder={t('flows.who.anyone')} />
            </Form.Item>
            {doc.approval && (
              <Checkbox checked={approval} onChange={(e) => setApproval(e.target.checked)}>
                {t('flows.edit.startsApproval')}
              </Checkbox>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}
