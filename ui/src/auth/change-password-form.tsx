// 更改密码: current password, new password twice. The server checks the policy and the last passwords; its messages
// (already in the user's language) are shown at the field they name.
import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { ApiError } from '../api/client';
import { changeOwnPassword } from '../api/users-api';
import { errorText } from '../common/error-text';
import { useI18n } from '../i18n/i18n-context';

interface Values {
  current: string;
  next: string;
  again: string;
}

// The server's field names → the form's.
const FIELD_OF: Record<string, keyof Values> = { '/current_password': 'current', '/password': 'next', '/new_password': 'next' };

export function ChangePasswordForm({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const submit = async (v: Values) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await changeOwnPassword(v.current, v.next);
      form.resetFields();
      onDone();
    } catch (e) {
      const placed = e instanceof ApiError ? e.details.filter((d) => d.path && FIELD_OF[d.path]) : [];
      if (placed.length) {
        const byField = new Map<keyof Values, string[]>();
        for (const d of placed) byField.set(FIELD_OF[d.path!]!, [...(byField.get(FIELD_OF[d.path!]!) ?? []), d.message]);
        form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
      } else setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} data-testid="change-password-form">
      <Form.Item name="current" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item name="next" label={t('password.new')} extra={t('password.policy')} rules={[{ required: true, message: t('password.required') }]}>
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="again"
        label={t('password.again')}
        dependencies={['next']}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({ validator: (_, value) => (!value || value === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))) }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-again" />
      </Form.Item>
      {failure !== undefined && <Alert type="error" showIcon title={errorText(t, failure)} className="admin-alert" />}
      <Button type="primary" htmlType="submit" loading={busy} block data-testid="password-submit">
        {t('password.submit')}
      </Button>
    </Form>
  );
}
