// Shown right after signing in with an initial password: the server allows nothing else until it is changed.
import { App, Button, Card, Typography } from 'antd';
import { useI18n } from '../i18n/i18n-context';
import { ChangePasswordForm } from './change-password-form';
import { useSession } from './session-context';

export function ForcedPasswordChange() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { refresh, signOut } = useSession();
  return (
    <div className="sign-in-page" data-testid="forced-password-change">
      <Card className="sign-in-card" title={t('password.forcedTitle')}>
        <Typography.Paragraph type="secondary">{t('password.forcedIntro')}</Typography.Paragraph>
        <ChangePasswordForm
          onDone={() => {
            message.success(t('password.changed'));
            void refresh();
          }}
        />
        <Button type="link" block onClick={() => void signOut()}>
          {t('shell.signOut')}
        </Button>
      </Card>
    </div>
  );
}
