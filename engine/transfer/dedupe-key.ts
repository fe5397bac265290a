// The normalised form two values are compared in when looking for duplicates (查重): "华东精机有限公司 ", "华东精机(有限公司)"
// and "ＨＵＡＤＯＮＧ 精机有限公司" written with full-width letters are the same company.
// After brackets are dropped: 股份有限公司, 有限责任公司, 有限公司 and 公司 all end the same company's name.
const COMPANY_SUFFIX = /(股份)?(有限)?(责任)?公司$/;

export function dedupeKey(value: unknown): string {
  if (value === null || value === undefined) return '';
  // NFKC folds full-width letters, digits, spaces and brackets into their half-width forms.
  const text = String(value).normalize('NFKC').toLowerCase().replace(/[\s()[\]【】]/g, '');
  return text.replace(COMPANY_SUFFIX, '');
}

/** The key of a record for a list of fields; '' when every key field is empty (such a row is never a duplicate). */
export function recordKey(record: Record<string, unknown>, fields: readonly string[]): string {
  const parts = fields.map((f) => dedupeKey(record[f]));
  return parts.every((p) => p === '') ? '' : JSON.stringify(parts);
}

/**
 * dedupeKey in SQL over a text expression, for looking up a value among many rows in one statement. `{0,1}` for
 * `?`: knex reads every question mark in a raw statement as a binding.
 */
export function dedupeKeySql(column: string): string {
  return `regexp_replace(regexp_replace(lower(normalize(coalesce(${column}, ''), NFKC)), '[[:space:]()\\[\\]【】]', '', 'g'), '(股份){0,1}(有限){0,1}(责任){0,1}公司$', '')`;
}
