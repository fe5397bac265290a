// An administrator sets a new initial password for a user: their sessions end and they must change it at sign-in.
import { useState } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { ApiError } from '../api/client';
import type { RecordData } from '../api/types';
import { resetUserPassword } from '../api/users-api';
import { errorText } from '../common/error-text';
import { useI18n } from '../i18n/i18n-context';

export function ResetPasswordDialog({ user, onClose, onSaved }: { user: RecordData; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const save = async () => {
    const { password } = await form.validateFields();
    setBusy(true);
    setFailure(undefined);
    try {
      await resetUserPassword(user.id, password);
      onSaved();
    } catch (e) {
      const placed = e instanceof ApiError ? e.details.filter((d) => d.path === '/password') : [];
      if (placed.length) form.setFields([{ name: 'password', errors: placed.map((d) => d.message) }]);
      else setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('users.resetTitle', { name: String(user.display_name ?? user.username) })} okText={t('users.resetOk')} onOk={() => void save()} confirmLoading={busy} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('users.resetIntro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" data-testid="reset-password-dialog">
        <Form.Item name="password" label={t('users.initialPassword')} extra={t('password.policy')} rules={[{ required: true, message: t('users.required') }]}>
          <Input.Password autoComplete="new-password" data-testid="reset-password" />
        </Form.Item>
        {failure !== undefined && <Alert type="error" showIcon title={errorText(t, failure)} className="admin-alert" />}
      </Form>
    </Modal>
  );
}
