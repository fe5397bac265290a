// A template rule's `when`, edited with the condition builder over the template's segments and parameters (in a
// dialog from the rules grid); the cell shows which segments and parameters it reads.
import { useState } from 'react';
import { Alert, Button, Modal, Typography } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import type { TemplateDocument, TemplateRule } from '../api/configurator-api';
import { ConditionBuilder, fieldsRead, type BuilderState } from '../admin/rule-builder';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { templateBuilderFields } from './template-builder-fields';

interface Props {
  doc: TemplateDocument;
  rule: Partial<TemplateRule>;
  index: number;
  status?: 'error';
  onChange(when: unknown): void;
}

export function TemplateRuleCondition({ doc, rule, index, status, onChange }: Props) {
  const { t, label } = useI18n();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<{ logic: unknown; state: BuilderState }>();
  const fields = templateBuilderFields(doc, label);
  const empty = rule.when === undefined || (typeof rule.when === 'object' && rule.when !== null && Object.keys(rule.when).length === 0);
  const reads = empty ? [] : fieldsRead(rule.when).map((n) => fields.find((f) => f.name === n)?.label ?? n);
  const apply = () => {
    if (draft && !draft.state.valid) return;
    if (draft) onChange(draft.logic ?? {});
    setOpen(false);
  };
  return (
    <>
      <Button size="small" danger={status === 'error'} icon={<FilterOutlined />} onClick={() => (setDraft(undefined), setOpen(true))} aria-label={`${t('cfged.when')} ${index + 1}`} data-testid={`cfg-rule-when-${index}`}>
        {empty ? t('cfged.whenNone') : reads.length ? reads.join(t('app.separator')) : t('cfged.whenSet')}
      </Button>
      {open && (
        <Modal open width={820} title={t('cfged.whenTitle', { rule: rule.code || String(index + 1) })} onOk={apply} onCancel={() => setOpen(false)} okText={t('cfged.whenApply')} cancelText={t('shell.cancel')} okButtonProps={{ disabled: draft ? !draft.state.valid || !draft.state.complete : false, 'data-testid': 'cfg-rule-when-apply' } as never} destroyOnHidden>
          <Alert type="info" showIcon className="admin-alert" title={t(`cfged.whenMeaning.${rule.kind ?? 'validation'}` as MessageKey)} />
          <ConditionBuilder fields={fields} value={empty ? undefined : rule.when} onChange={(logic, state) => setDraft({ logic, state })} testId="cfg-rule-builder" />
          {draft && !draft.state.complete && <Typography.Text type="warning">{t('rules.incomplete')}</Typography.Text>}
        </Modal>
      )}
    </>
  );
}
