// Number, money and date formatting. Money is always shown the Chinese way (¥1,234,567.00): the amounts are RMB
// whatever language the user reads.
import dayjs from 'dayjs';
import type { Locale } from '../api/types';

const money = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatMoney(value: unknown): string {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? money.format(n) : '';
}

export function formatNumber(value: unknown, locale: Locale): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return '';
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 })));
  return f.format(n);
}

/** Dates are YYYY-MM-DD from the API and shown as they are (the zh-CN convention). */
export function formatDate(value: unknown): string {
  return typeof value === 'string' && value ? dayjs(value).format('YYYY-MM-DD') : '';
}

/** Timestamps are ISO UTC from the API, shown in the browser's time zone. */
export function formatDateTime(value: unknown): string {
  return typeof value === 'string' && value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '';
}
