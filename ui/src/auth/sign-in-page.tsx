// The sign-in page: username and password, the server's answer shown in the chosen language.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n-context';
import { LanguageSwitch } from '../shell/language-switch';
import { useSession } from './session-context';

export function SignInPage({ expired }: { expired?: boolean }) {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [error, setError] = useState<string | null>(expired ? t('shell.sessionExpired') : null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(values.username.trim(), values.password);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) setError(t('signIn.throttled'));
      else if (e instanceof ApiError && (e.status === 401 || e.status === 400 || e.status === 422)) setError(t('signIn.failed'));
      else setError(t('error.network'));
      setBusy(false);
    }
  };

  return (
    <div className="sign-in-page">
      <div className="sign-in-language">
        <LanguageSwitch />
      </div>
      <Card className="sign-in-card" variant="borderless">
        <Typography.Title level={3} className="sign-in-title">
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} className="sign-in-error" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true, message: t('signIn.required', { field: t('signIn.username') }) }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.required', { field: t('signIn.password') }) }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
