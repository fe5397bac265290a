// One spreadsheet cell as the value a field takes, read the way people type it: dates as 2026-3-5, 2026/03/05,
// 2026年3月5日 or an Excel serial number; money with ¥ and thousands separators; 是/否; an option by its code or its
// label in either language (or through the mapping's value map). References are resolved later, against the database.
import type { FieldDef } from '../metadata/index.ts';
import { importMessage } from './import-messages.ts';
import { cellText, type Cell } from './read-sheet.ts';

export type Parsed = { value: unknown } | { ref: string } | { problem: string };

const TRUE = ['true', 'yes', 'y', '1', '是', '√', '对'];
const FALSE = ['false', 'no', 'n', '0', '否', '×', '不'];
// Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

export function parseCell(field: FieldDef, cell: Cell, valueMap?: Record<string, unknown>, locale: 'zh-CN' | 'en' = 'zh-CN'): Parsed {
  const text = cellText(cell).trim();
  if (valueMap && Object.hasOwn(valueMap, text)) return { value: valueMap[text] };
  if (text === '') return { value: null };
  // What a problem message needs, as data: a closure made for every cell of a large import costs more than its use.
  const at: Where = { locale, text };
  switch (field.type) {
    case 'integer':
    case 'decimal':
    case 'money':
      return number(field, cell, text, at);
    case 'boolean':
      if (typeof cell === 'boolean') return { value: cell };
      if (TRUE.includes(text.toLowerCase())) return { value: true };
      if (FALSE.includes(text.toLowerCase())) return { value: false };
      return say(at, 'notYesNo');
    case 'date':
      return date(cell, text, at);
    case 'datetime': {
      if (cell instanceof Date) return { value: cell.toISOString() };
      const d = date(cell, text.split(/[ T]/)[0]!, at) as { value: string } | { problem: string };
      if ('problem' in d) return d;
      // Typed times are the business clock's (Asia/Shanghai, engine/rules DEFAULT_TIME_ZONE, which keeps no summer time).
      const time = /[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
      return { value: `${d.value}T${time ? `${time[1]!.padStart(2, '0')}:${time[2]}:${time[3] ?? '00'}` : '00:00:00'}+08:00` };
    }
    case 'enum':
      return option(field, text, at);
    case 'multi_enum': {
      const codes: string[] = [];
      for (const part of text.split(/[,，;；、]/).map((p) => p.trim()).filter(Boolean)) {
        const one = option(field, part, { locale, text: part });
        if ('problem' in one) return one;
        codes.push((one as { value: string }).value);
      }
      return { value: codes };
    }
    case 'ref':
      return { ref: text };
    default:
      return { value: text };
  }
}

type Where = { locale: 'zh-CN' | 'en'; text: string };

function say(at: Where, key: Parameters<typeof importMessage>[1], vars: Record<string, string> = {}): { problem: string } {
  return { problem: importMessage(at.locale, key, { text: at.text, ...vars }) };
}

function number(field: FieldDef, cell: Cell, text: string, at: Where): Parsed {
  if (typeof cell === 'number') return { value: cell };
  const cleaned = text.replace(/^[¥￥$]|元$/g, '').replace(/[,，\s]/g, '');
  const percent = cleaned.endsWith('%');
  const n = Number(percent ? cleaned.slice(0, -1) : cleaned);
  if (cleaned === '' || !Number.isFinite(n)) return say(at, 'notNumber');
  if (field.type === 'integer' && !Number.isInteger(n)) return say(at, 'notWhole');
  return { value: n };
}

function date(cell: Cell, text: string, at: Where): Parsed {
  if (cell instanceof Date) return { value: cell.toISOString().slice(0, 10) };
  if (typeof cell === 'number' || /^\d{5}(\.\d+)?$/.test(text)) {
    const serial = Math.floor(Number(cell ?? text));
    if (serial > 0 && serial < 2958466) return { value: new Date(EXCEL_EPOCH + serial * 86_400_000).toISOString().slice(0, 10) };
  }
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d) {
      return { value: `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
    }
  }
  return say(at, 'notDate');
}

/** An option by its code or a label in either language, any case; the first option that matches wins. */
function option(field: FieldDef, text: string, at: Where): Parsed {
  const found = optionCodes(field).get(text.toLowerCase());
  if (found !== undefined) return { value: found };
  const choices = (field.options ?? []).map((o) => o.labels['zh-CN'] ?? o.code).join(' / ');
  return say(at, 'notOption', { choices });
}

// Per field (the Model's fields do not change): every spelling an option is matched by, lower-cased, to its code.
const codesByField = new WeakMap<FieldDef, Map<string, string>>();

function optionCodes(field: FieldDef): Map<string, string> {
  let codes = codesByField.get(field);
  if (!codes) {
    codes = new Map();
    for (const o of field.options ?? []) {
      for (const spelling of [o.code, ...Object.values(o.labels)]) {
        const key = spelling?.toLowerCase();
        if (key !== undefined && !codes.has(key)) codes.set(key, o.code);
      }
    }
    codesByField.set(field, codes);
  }
  return codes;
}
