// Providers (language, antd theme and locale, session) and the choice between sign-in and the workspace.
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { SessionProvider, useSession } from './auth/session-context';
import { ForcedPasswordChange } from './auth/forced-password-change';
import { SignInPage } from './auth/sign-in-page';
import { I18nProvider, useI18n } from './i18n/i18n-context';
import { AppShell } from './shell/app-shell';
import { themeFor } from './theme';

const reduceMotion = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const appTheme = themeFor(reduceMotion);

function Gate() {
  const { state } = useSession();
  if (state.status === 'loading') return <Spin className="center-page" size="large" />;
  if (state.status === 'signedOut') return <SignInPage expired={state.expired} />;
  if (state.me.must_change_password) return <ForcedPasswordChange />;
  // Keyed by user so nothing (tabs, caches in state) carries over from someone who signed out.
  return <AppShell key={state.me.user.id} />;
}

function Themed() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={appTheme} componentSize="middle">
      <AntApp className="ant-app-root">
        <SessionProvider>
          <Gate />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function RootApp() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
