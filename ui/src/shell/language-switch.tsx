// 中文 / EN toggle; the choice is remembered.
import { Segmented } from 'antd';
import type { Locale } from '../api/types';
import { useI18n } from '../i18n/i18n-context';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('shell.language')}
      value={locale}
      onChange={setLocale}
      // Each language is named in itself, whatever the current one: that is how people find theirs.
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );
}
