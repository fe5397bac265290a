// 新建业务对象: name, labels, the title (display) field, the module and menu group it joins, and an optional
// numbering rule with a live preview of the next number (read from the server, not taken). Saved as the admin
// layer's entity document (plan shown first, then applied) plus its entry at the end of the chosen group in the
// admin menu (the entity is taken back if that fails).
import { useState, type ReactNode } from 'react';
import { Alert, App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { AUTONUMBER_RESETS, putAdminDocument } from '../api/admin-api';
import { ApiError } from '../api/client';
import { menuWithEntry, restoreAdminDoc, saveAdminDoc } from '../api/form-menu-api';
import { fetchMenus, modelChanged } from '../api/meta-api';
import type { ErrorDetail } from '../api/types';
import { errorText } from '../common/error-text';
import { useAsync } from '../common/use-async';
import { en } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { zhCN } from '../i18n/zh-CN';
import { AutonumberPreview } from './autonumber-preview';
import { metadataMessage } from './metadata-messages';
import { ProblemList } from './problem-list';
import { saveWithPlan } from './schema-plan-dialog';

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

interface Values {
  name: string;
  zh: string;
  en: string;
  displayZh: string;
  displayEn: string;
  group: string;
  template?: string;
  reset: (typeof AUTONUMBER_RESETS)[number];
}

/** Where a server problem in the entity document belongs in this form. */
const INPUT_OF: [RegExp, keyof Values][] = [
  [/^\/name/, 'name'],
  [/^\/labels\/en/, 'en'],
  [/^\/labels/, 'zh'],
  [/^\/module/, 'group'],
  [/^\/fields\/title\/labels\/en/, 'displayEn'],
  [/^\/fields\/title/, 'displayZh'],
  [/^\/fields\/code\/reset/, 'reset'],
  [/^\/fields\/code/, 'template'],
];

export function EntityCreateDialog({ taken, onClose, onCreated }: { taken: ReadonlySet<string>; onClose(): void; onCreated(name: string): void }) {
  const { t, label } = useI18n();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const menus = useAsync(() => fetchMenus(), []);
  const groups = (menus.data ?? []).filter((m) => m.children?.some((c) => c.entity));
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<ErrorDetail[]>();
  const name = Form.useWatch('name', form);
  const template = Form.useWatch('template', form);
  const reset = Form.useWatch('reset', form);

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const fields: Record<string, unknown> = { title: { type: 'string', labels: { 'zh-CN': v.displayZh.trim(), en: v.displayEn.trim() }, required: true, maxLength: 200 } };
    if (v.template?.trim()) fields.code = { type: 'autonumber', labels: { 'zh-CN': zhCN['designer.entity.numberLabel'], en: en['designer.entity.numberLabel'] }, template: v.template.trim(), reset: v.reset };
    const doc = { name: v.name, labels: { 'zh-CN': v.zh.trim(), en: v.en.trim() }, module: v.group, displayField: 'title', searchFields: Object.keys(fields), fields };
    setBusy(true);
    setProblems(undefined);
    try {
      const subject = () => v.zh;
      if (!(await saveWithPlan(modal, t, () => putAdminDocument('entities', v.name, doc, true), () => putAdminDocument('entities', v.name, doc, false), subject))) return;
      try {
        await saveAdminDoc('menus', 'main', await menuWithEntry(v.group, { id: `${v.group}.${v.name}`, entity: v.name }), false);
      } catch (e) {
        // Without its menu entry nobody could reach the entity: take the entity back, then say why.
        await restoreAdminDoc('entities', v.name).catch(() => undefined);
        throw e;
      }
      modelChanged();
      message.success(t('designer.entity.created', { entity: v.zh }));
      onCreated(v.name);
    } catch (e) {
      const details = e instanceof ApiError ? e.details : [];
      const rest: ErrorDetail[] = [];
      const inputs = new Map<keyof Values, string[]>();
      for (const d of details) {
        const input = INPUT_OF.find(([re]) => re.test(d.pointer ?? ''))?.[1];
        if (input) inputs.set(input, [...(inputs.get(input) ?? []), metadataMessage(t, d).text]);
        else rest.push(d);
      }
      form.setFields([...inputs].map(([n, errors]) => ({ name: n, errors })));
      setProblems(rest.length || !details.length ? rest : undefined);
      if (!details.length) message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const item = (n: keyof Values, title: string, control: ReactNode, extra?: string, required = true) => (
    <Col xs={24} md={12}>
      <Form.Item name={n} label={title} extra={extra} rules={required ? [{ required: true, whitespace: true, message: t('fields.labelRequired') }] : undefined}>
        {control}
      </Form.Item>
    </Col>
  );

  return (
    <Modal open width={760} title={t('designer.entity.title')} onCancel={() => !busy && onClose()} onOk={() => void save()} okText={t('record.save')} cancelText={t('shell.cancel')} okButtonProps={{ loading: busy, 'data-testid': 'entity-save' } as never} destroyOnHidden maskClosable={false}>
      <div data-testid="entity-editor">
        {problems && <Alert type="error" showIcon className="admin-alert" title={t('fields.invalid')} description={<ProblemList problems={problems} />} />}
        <Form<Values> form={form} name="new_entity" layout="vertical" initialValues={{ reset: 'never' }} requiredMark>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t('designer.entity.name')}
                extra={t('designer.entity.nameHelp')}
                rules={[
                  { required: true, message: t('fields.nameRequired') },
                  { pattern: NAME, message: t('fields.namePattern') },
                  { validator: async (_, v: string) => (v && taken.has(v) ? Promise.reject(new Error(t('designer.entity.nameTaken', { name: v }))) : undefined) },
                ]}
              >
                <Input placeholder="field_visit" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="group" label={t('designer.entity.group')} extra={t('designer.entity.groupHelp')} rules={[{ required: true, message: t('designer.entity.groupRequired') }]}>
                <Select loading={menus.loading} options={groups.map((g) => ({ value: g.id, label: label(g.labels, g.id) }))} />
              </Form.Item>
            </Col>
            {item('zh', t('designer.entity.labelZh'), <Input maxLength={100} />)}
            {item('en', t('designer.entity.labelEn'), <Input maxLength={100} />)}
            {item('displayZh', t('designer.entity.displayZh'), <Input maxLength={100} />, t('designer.entity.displayHelp'))}
            {item('displayEn', t('designer.entity.displayEn'), <Input maxLength={100} />)}
            {item('template', t('designer.entity.numbering'), <Input placeholder='FW-{{date "YYYYMM"}}-{{seq 4}}' autoComplete="off" />, t('designer.entity.numberingHelp'), false)}
            <Col xs={24} md={12}>
              <Form.Item name="reset" label={t('designer.entity.reset')}>
                <Select options={AUTONUMBER_RESETS.map((r) => ({ value: r, label: t(`designer.entity.reset.${r}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <AutonumberPreview template={template} reset={reset} entity={NAME.test(name ?? '') ? name : 'new_entity'} field="code" testId="entity-number-preview" />
        </Form>
      </div>
    </Modal>
  );
}
