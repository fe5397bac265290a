// One validation rule of an entity in the admin layer: its name, the message a save shows when it fails, the fields
// the message is shown at, and its condition ("a record may be saved only when…") built with the condition builder
// and tried on a record. Saved into the entity's admin extension after the schema plan is confirmed; what the server
// refuses about this rule lands on the input its pointer names (/rules/2/condition/… under the condition builder).
import { useMemo, useState } from 'react';
import { Alert, App, Col, Form, Input, Modal, Row, Select, Typography } from 'antd';
import { ApiError } from '../api/client';
import { putAdminDocument, putExtension, type ExtensionDoc } from '../api/admin-api';
import type { ErrorDetail, Labels } from '../api/types';
import { errorText } from '../common/error-text';
import { useI18n } from '../i18n/i18n-context';
import { metadataMessage } from './metadata-messages';
import { ProblemList } from './problem-list';
import { ConditionBuilder, RuleTryBox, type BuilderField, type BuilderState } from './rule-builder';
import { saveWithPlan, type StepSubject } from './schema-plan-dialog';

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

export interface EntityRule {
  name: string;
  condition: unknown;
  message: Labels;
  fields?: string[];
}

interface Props {
  entity: string;
  entityLabel: string;
  doc: ExtensionDoc | undefined;
  fields: BuilderField[];
  /** The rule being edited; absent: a new one. */
  rule?: EntityRule;
  subject: StepSubject;
  onClose(): void;
  onSaved(): void;
}

interface Values {
  name: string;
  zh: string;
  en: string;
  fields?: string[];
}

/** The input a problem of rule number `index` belongs to, by the rest of its pointer. */
const INPUT_OF: [RegExp, keyof Values | 'condition'][] = [
  [/^\/name/, 'name'],
  [/^\/message\/en/, 'en'],
  [/^\/message/, 'zh'],
  [/^\/fields/, 'fields'],
  [/^\/condition/, 'condition'],
];

function inputOf(d: ErrorDetail, index: number): keyof Values | 'condition' | undefined {
  const prefix = `/rules/${index}`;
  const pointer = d.pointer ?? d.path ?? '';
  if (pointer !== prefix && !pointer.startsWith(`${prefix}/`)) return undefined;
  return INPUT_OF.find(([re]) => re.test(pointer.slice(prefix.length)))?.[1];
}

export function rulesOf(doc: ExtensionDoc | undefined): EntityRule[] {
  return Array.isArray(doc?.rules) ? (doc.rules as EntityRule[]) : [];
}

export function EntityRuleEditor({ entity, entityLabel, doc, fields, rule, subject, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [condition, setCondition] = useState<unknown>(rule?.condition);
  const [state, setState] = useState<BuilderState>({ complete: true, valid: true });
  const [problems, setProblems] = useState<ErrorDetail[]>([]);
  const [conditionProblems, setConditionProblems] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const zh = Form.useWatch('zh', form) as string | undefined;
  const en = Form.useWatch('en', form) as string | undefined;
  const taken = useMemo(() => new Set(rulesOf(doc).map((r) => r.name)), [doc]);

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (condition === undefined) return setError(t('rules.entity.conditionRequired'));
    if (!state.valid) return setError(t('rules.entity.jsonInvalid'));
    if (!state.complete) return setError(t('rules.incomplete'));
    const next: EntityRule = { name: rule?.name ?? v.name.trim(), condition, message: { 'zh-CN': v.zh.trim(), en: v.en.trim() }, ...(v.fields?.length ? { fields: v.fields } : {}) };
    const list = rulesOf(doc);
    const rules = rule ? list.map((r) => (r.name === rule.name ? next : r)) : [...list, next];
    const nextDoc: ExtensionDoc = { ...(doc ?? {}), extends: entity, rules };
    setBusy(true);
    setError(undefined);
    setProblems([]);
    setConditionProblems([]);
    try {
      if (await saveWithPlan(modal, t, () => putAdminDocument('extensions', entity, nextDoc, true), () => putExtension(entity, nextDoc), subject)) onSaved();
    } catch (e) {
      const details = e instanceof ApiError ? e.details : [];
      const index = rules.indexOf(next);
      const placed = details.map((d) => ({ d, input: inputOf(d, index) }));
      setConditionProblems(placed.filter((p) => p.input === 'condition').map((p) => metadataMessage(t, p.d).text));
      form.setFields(
        (['name', 'zh', 'en', 'fields'] as const).flatMap((name) => {
          const errors = placed.filter((p) => p.input === name).map((p) => metadataMessage(t, p.d).text);
          return errors.length ? [{ name, errors }] : [];
        }),
      );
      setProblems(placed.filter((p) => !p.input).map((p) => p.d));
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={860}
      title={rule ? t('rules.entity.editTitle', { rule: rule.name, entity: entityLabel }) : t('rules.entity.addTitle', { entity: entityLabel })}
      onCancel={() => !busy && onClose()}
      onOk={() => void save()}
      okText={t('record.save')}
      cancelText={t('shell.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'rule-save' } as never}
      destroyOnHidden
      maskClosable={false}
    >
      <div data-testid="rule-editor">
        {error && <Alert type="error" showIcon className="admin-alert" title={error} description={problems.length ? <ProblemList problems={problems} testId="rule-problems" /> : undefined} />}
        <Form<Values> form={form} layout="vertical" initialValues={{ name: rule?.name, zh: rule?.message['zh-CN'], en: rule?.message.en, fields: rule?.fields ?? [] }} requiredMark>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="name"
                label={t('rules.entity.name')}
                extra={rule ? undefined : t('rules.entity.nameHelp')}
                rules={[
                  { required: true, message: t('rules.entity.nameRequired') },
                  { pattern: NAME, message: t('fields.namePattern') },
                  { validator: async (_, v: string) => (!rule && v && taken.has(v.trim()) ? Promise.reject(new Error(t('rules.entity.nameTaken', { name: v }))) : undefined) },
                ]}
              >
                <Input disabled={!!rule} placeholder={t('rules.namePlaceholder')} data-testid="rule-name" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="zh" label={t('rules.entity.messageZh')} rules={[{ required: true, whitespace: true, message: t('rules.entity.messageRequired') }]}>
                <Input maxLength={200} data-testid="rule-message-zh" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="en" label={t('rules.entity.messageEn')} rules={[{ required: true, whitespace: true, message: t('rules.entity.messageRequired') }]}>
                <Input maxLength={200} data-testid="rule-message-en" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="fields" label={t('rules.entity.fields')} extra={t('rules.entity.fieldsHelp')}>
                <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={fields.map((f) => ({ value: f.name, label: f.label }))} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <Typography.Paragraph strong>{t('rules.entity.conditionIntro')}</Typography.Paragraph>
        <ConditionBuilder
          fields={fields}
          value={condition}
          emptyText={t('rules.entity.noCondition')}
          onChange={(logic, s) => {
            setCondition(logic);
            setState(s);
          }}
          testId="rule-condition"
        />
        {conditionProblems.length > 0 && (
          <Alert type="error" showIcon className="admin-alert" data-testid="rule-condition-problems" title={t('rules.entity.conditionRefused')} description={conditionProblems.map((m) => <div key={m}>{m}</div>)} />
        )}
        <RuleTryBox entity={entity} fields={fields} logic={condition} kind="validation" message={zh && en ? { 'zh-CN': zh, en } : undefined} />
      </div>
    </Modal>
  );
}
