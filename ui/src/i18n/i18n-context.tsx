// The UI language: zh-CN by default, English on request, remembered in localStorage. `t` reads the catalogues,
// `label` picks a metadata label in the current language.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { setApiLanguage } from '../api/client';
import { clearMetaCache } from '../api/meta-api';
import type { Labels, Locale } from '../api/types';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

const STORAGE_KEY = 'crm.locale';
const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  label(labels: Labels | undefined, fallback?: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

function applyLocale(locale: Locale): void {
  setApiLanguage(locale);
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = locale;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const l = initialLocale();
    applyLocale(l);
    return l;
  });
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    applyLocale(next);
    // Form titles and validation texts come from the server in the asked language.
    clearMetaCache();
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const catalogue = catalogues[locale];
    const t: Translate = (key, vars) => {
      const text = catalogue[key] ?? key;
      return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
    };
    const label = (labels: Labels | undefined, fallback = '') => labels?.[locale] ?? labels?.['zh-CN'] ?? fallback;
    return { locale, setLocale, t, label };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const found = useContext(I18nContext);
  if (!found) throw new Error('useI18n outside I18nProvider');
  return found;
}
