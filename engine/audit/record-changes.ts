// The field-level diff an update is logged with: only the fields whose value changed, compared by value.
import type { FieldChanges } from './audit-types.ts';
import { canonicalJson } from './canonical-json.ts';

/**
 * Bookkeeping columns that change on every update; the entry's own logged_at and actor already say when and who,
 * so listing them would only bury the real change.
 */
export const DEFAULT_SKIPPED_FIELDS: readonly string[] = Object.freeze(['version', 'updated_at', 'updated_by']);

/**
 * Pass whole rows (before and after the write), not a patch: a field missing on one side counts as null there.
 * Arrays and objects compare by value with key order ignored, and a Date equals its ISO string, so a row read
 * back from the database compares equal to the values that were written.
 */
export function recordChanges(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  fieldsToSkip: readonly string[] = DEFAULT_SKIPPED_FIELDS,
): FieldChanges {
  const skip = new Set(fieldsToSkip);
  const changes: [string, { before: unknown; after: unknown }][] = [];
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const field of fields) {
    if (skip.has(field)) continue;
    const b = before[field] ?? null;
    const a = after[field] ?? null;
    if (canonicalJson(b) !== canonicalJson(a)) changes.push([field, { before: b, after: a }]);
  }
  // fromEntries, not assignment: a field named "__proto__" must stay a field.
  return Object.fromEntries(changes);
}
