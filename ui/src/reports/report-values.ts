// How a report's cells read to a person: option labels, referenced records' names, date buckets as 2026-06 or
// 2026 第2季度, numbers and money in the locale; and a report's rows in the order its first group's options run.
import dayjs from 'dayjs';
import type { ReportColumn, ReportResult } from '../api/reports-api';
import type { Locale } from '../api/types';
import { formatMoney, formatNumber } from '../i18n/format';

export function groupText(c: ReportColumn, row: Record<string, unknown>, locale: Locale, empty: string): string {
  const value = row[c.key];
  if (value === null || value === undefined) return empty;
  if (c.options) return c.options.find((o) => o.code === value)?.label ?? String(value);
  if (c.target) return typeof row[`${c.key}__name`] === 'string' ? (row[`${c.key}__name`] as string) : String(value);
  if (c.bucket && typeof value === 'string') {
    const d = dayjs(value);
    if (c.bucket === 'year') return d.format('YYYY');
    if (c.bucket === 'month') return d.format('YYYY-MM');
    if (c.bucket === 'quarter') return locale === 'zh-CN' ? `${d.year()} 第${Math.floor(d.month() / 3) + 1}季度` : `${d.year()} Q${Math.floor(d.month() / 3) + 1}`;
    return d.format('YYYY-MM-DD');
  }
  if (typeof value === 'boolean') return locale === 'zh-CN' ? (value ? '是' : '否') : value ? 'Yes' : 'No';
  return String(value);
}

export function measureText(c: ReportColumn, value: unknown, locale: Locale): string {
  if (value === null || value === undefined) return '';
  return c.type === 'money' ? formatMoney(value) : formatNumber(value, locale);
}

/** Rows in the first group's option order (a funnel's stages), unless the report asks for its own order. */
export function orderedRows(result: ReportResult, sorted: boolean): Record<string, unknown>[] {
  const first = result.columns.find((c) => c.role === 'group');
  if (sorted || !first?.options) return result.rows;
  const rank = new Map(first.options.map((o, i) => [o.code, i]));
  return [...result.rows].sort((a, b) => (rank.get(a[first.key] as string) ?? 999) - (rank.get(b[first.key] as string) ?? 999));
}
