// Small facts about field types shared by lists, filters, forms and value display.
import type { FieldMeta, FieldType } from '../api/types';

/** The type a value is shown as: a formula or rollup shows as its result type. */
export function shownType(field: FieldMeta): FieldType {
  return field.type === 'formula' || field.type === 'rollup' ? (field.resultType ?? 'decimal') : field.type;
}

/** Values the server computes or numbers (never typed into a form). */
export function isComputed(field: FieldMeta): boolean {
  return field.type === 'autonumber' || field.type === 'formula' || field.type === 'rollup';
}

export function isNumericField(field: FieldMeta): boolean {
  return ['integer', 'decimal', 'money'].includes(shownType(field));
}

// Fixed widths for short values in compact tables (portal cards, related lists) so amounts and dates are never
// cut; names and text take the remaining width.
const COMPACT_WIDTHS: Partial<Record<FieldType, number>> = { money: 132, date: 104, datetime: 146, enum: 100, boolean: 60, autonumber: 130 };

export function compactWidth(field: FieldMeta): number | undefined {
  return COMPACT_WIDTHS[shownType(field)];
}
