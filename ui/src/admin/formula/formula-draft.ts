// The formula box's state: the text as typed (an expression, or JSON for what the expression language cannot say)
// with what it reads as, or its first mistake; opening a stored formula picks the expression whenever the printed
// text reads back as exactly the same json-logic.
import type { FieldMeta, Labels } from '../../api/types';
import { isNumericField } from '../../common/field-types';
import type { Translate } from '../../i18n/i18n-context';
import { canonicalLogic, formulaNamer, parseFormula, type FormulaError, type FormulaField } from './formula-parse';
import { printFormula } from './formula-print';

export type FormulaMode = 'text' | 'json';
export type DraftError = FormulaError | { key: 'formula.error.json'; at: number; params: { reason: string } };

export interface FormulaDraft {
  mode: FormulaMode;
  text: string;
  logic?: unknown;
  error?: DraftError;
}

// A formula reads the record's own values: lines, links, files and JSON have none it could compute with.
const UNREADABLE = new Set(['children', 'many_to_many', 'attachment', 'json']);

/** The fields a formula of this entity may name (all but `except`, the formula field itself). */
export function formulaFieldsOf(fields: FieldMeta[], except?: string): FormulaField[] {
  return fields
    .filter((f) => f.name !== except && !UNREADABLE.has(f.type))
    .map((f) => ({ code: f.name, zh: f.labels['zh-CN'], en: f.labels.en, numeric: isNumericField(f) }));
}

/** What a text reads as in the given mode. */
export function readDraft(mode: FormulaMode, text: string, fields: readonly FormulaField[]): FormulaDraft {
  if (mode === 'text') {
    const read = parseFormula(text, fields);
    return read.ok ? { mode, text, logic: read.logic } : { mode, text, error: read.error };
  }
  try {
    if (!text.trim()) return { mode, text, error: { key: 'formula.error.empty', at: 0 } };
    return { mode, text, logic: JSON.parse(text) as unknown };
  } catch (e) {
    return { mode, text, error: { key: 'formula.error.json', at: 0, params: { reason: (e as Error).message } } };
  }
}

/** A stored formula in the box: as an expression when one says exactly the same, else as JSON. */
export function openDraft(logic: unknown, fields: readonly FormulaField[]): FormulaDraft {
  const text = printFormula(logic, formulaNamer(fields));
  const back = text === undefined ? undefined : parseFormula(text, fields);
  if (text !== undefined && back?.ok && JSON.stringify(canonicalLogic(back.logic)) === JSON.stringify(canonicalLogic(logic))) return { mode: 'text', text, logic };
  return { mode: 'json', text: JSON.stringify(logic, null, 2), logic };
}

/** A mistake in the user's language, with its place (1-based character) when it has one. */
export function draftErrorText(t: Translate, error: DraftError): string {
  return t(error.key, { ...(error.params ?? {}), at: error.at + 1 });
}

/** The label a field is inserted by: the user's language, as the picker shows it. */
export function fieldLabels(f: FormulaField): Labels {
  return { 'zh-CN': f.zh, en: f.en };
}
