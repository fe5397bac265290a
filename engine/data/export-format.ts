// One exported cell: what a user reading the file in Excel expects to see, in the request's language (option labels
// rather than codes, names rather than ids, local times), and never a formula Excel would run.
import type { Locale, RequestContext } from '../core/index.ts';
import type { FieldDef } from '../metadata/index.ts';
import { DEFAULT_TIME_ZONE } from '../rules/index.ts';

/** target entity → record id → its display value. */
export type RefNames = Map<string, Map<string, string>>;

const YES_NO: Record<Locale, [string, string]> = { 'zh-CN': ['是', '否'], en: ['Yes', 'No'] };
const LIST_SEPARATOR: Record<Locale, string> = { 'zh-CN': '、', en: ', ' };
/** Cells starting like this are formulas to a spreadsheet (CSV injection); a leading apostrophe keeps them text. */
const FORMULA_START = /^[=+\-@\t\r]/;

const timeFormats = new Map<string, Intl.DateTimeFormat>();

export function exportCell(field: FieldDef, value: unknown, ctx: RequestContext, refs: RefNames): string | number {
  if (value === null || value === undefined) return '';
  switch (field.type) {
    case 'boolean':
      return YES_NO[ctx.locale][value ? 0 : 1];
    case 'enum':
      return safeText(optionLabel(field, value, ctx.locale));
    case 'multi_enum':
      return safeText((value as unknown[]).map((v) => optionLabel(field, v, ctx.locale)).join(LIST_SEPARATOR[ctx.locale]));
    case 'ref':
      return safeText(refs.get(field.target!)?.get(String(value)) ?? String(value));
    case 'datetime':
      return localTime(String(value), ctx.tenant.timeZone ?? DEFAULT_TIME_ZONE);
    case 'integer':
    case 'decimal':
    case 'money':
    case 'formula':
    case 'rollup':
      return typeof value === 'number' ? value : safeText(String(value));
    default:
      return safeText(String(value));
  }
}

function optionLabel(field: FieldDef, code: unknown, locale: Locale): string {
  return field.options?.find((o) => o.code === code)?.labels[locale] ?? String(code);
}

/** Text as a spreadsheet must show it: a cell that would start a formula gets a leading apostrophe. */
export function safeText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** 2026-12-04 10:56:00 in the tenant's zone: what a Chinese user reads as a time, sortable as text. */
function localTime(iso: string, timeZone: string): string {
  let f = timeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    timeFormats.set(timeZone, f);
  }
  const instant = new Date(iso);
  return Number.isNaN(instant.getTime()) ? iso : f.format(instant);
}
