// The sign-in page: username and password, the server's answer shown in the chosen language. A demo installation
// (GET /api/health says mode "demo") lists its demo sign-ins under the form; production never does.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { fetchHealth } from '../api/auth-api';
import { ApiError } from '../api/client';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { LanguageSwitch } from '../shell/language-switch';
import { useSession } from './session-context';

/** The demo company's sign-ins (metadata/seed/demo.json) and what each can show; all share DEMO_PASSWORD. */
const DEMO_USERS: [string, MessageKey][] = [
  ['admin', 'signIn.demo.admin'],
  ['gm', 'signIn.demo.gm'],
  ['sales_director', 'signIn.demo.salesDirector'],
  ['sales_mgr1', 'signIn.demo.salesManager'],
  ['sales1', 'signIn.demo.sales'],
  ['sales2', 'signIn.demo.sales'],
  ['sales3', 'signIn.demo.sales'],
  ['service_mgr', 'signIn.demo.serviceManager'],
  ['service1', 'signIn.demo.service'],
];
const DEMO_PASSWORD = 'demo1234';

function DemoSignIns({ onPick }: { onPick(username: string): void }) {
  const { t } = useI18n();
  const health = useAsync(() => fetchHealth(), []);
  if (health.data?.mode !== 'demo') return null;
  return (
    <div className="demo-sign-ins" data-testid="demo-sign-ins">
      <Typography.Text strong>{t('signIn.demoTitle')}</Typography.Text>
      <Typography.Paragraph type="secondary" className="demo-hint">
        {t('signIn.demoHint', { password: DEMO_PASSWORD })}
      </Typography.Paragraph>
      <div className="demo-users">
        {DEMO_USERS.map(([username, role]) => (
          <button type="button" key={username} className="demo-user" onClick={() => onPick(username)} title={t('signIn.demoPick', { username })}>
            <span className="demo-username">{username}</span>
            <span className="demo-role">{t(role)}</span>
          </button>
        ))}
      </div>
    </div>
  );
}

export function SignInPage({ expired }: { expired?: boolean }) {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [form] = Form.useForm<{ username: string; password: string }>();
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
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
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
        <DemoSignIns onPick={(username) => form.setFieldsValue({ username, password: DEMO_PASSWORD })} />
      </Card>
    </div>
  );
}
