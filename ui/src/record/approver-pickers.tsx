// At submission: one picker per approval step whose approvers the submitter chooses, offering only the people the
// flow allows (the server checks the picks again and names the step of any it refuses).
import { Form, Select } from 'antd';
import type { ApproverChoice } from '../api/workflow-api';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  choices: ApproverChoice[];
  picked: Record<string, string[]>;
  onChange(next: Record<string, string[]>): void;
}

export function ApproverPickers({ choices, picked, onChange }: Props) {
  const { t, label } = useI18n();
  return (
    <>
      {choices.map((c) => {
        const value = picked[c.step] ?? [];
        const missing = c.required && !value.length;
        return (
          <Form.Item
            key={c.step}
            label={t('workflow.chooseApprover', { step: label(c.labels, c.step) })}
            required={c.required}
            help={missing ? t('workflow.chooseRequired') : c.required ? undefined : t('workflow.chooseOptional')}
          >
            <Select
              mode={c.multiple ? 'multiple' : undefined}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={c.multiple ? value : value[0]}
              options={c.candidates.map((u) => ({ value: u.id, label: u.name }))}
              onChange={(v: string | string[] | undefined) => onChange({ ...picked, [c.step]: v === undefined ? [] : Array.isArray(v) ? v : [v] })}
              data-testid={`choose-${c.step}`}
            />
          </Form.Item>
        );
      })}
    </>
  );
}
