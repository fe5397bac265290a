// The metadata validator's messages (engine/metadata/validate-documents, ajv) are developer English; the common
// ones are said again here in the user's language. Anything not recognised is shown as the server wrote it.
import type { ErrorDetail } from '../api/types';
import type { Translate } from '../i18n/i18n-context';

const PATTERNS: [RegExp, (t: Translate, m: RegExpExecArray) => string][] = [
  [/^unknown property "(.+)"$/, (t, m) => t('meta.unknownProperty', { name: m[1]! })],
  [/^missing required property "(.+)"$/, (t, m) => t('meta.missingProperty', { name: m[1]! })],
  [/^value is not allowed$/, (t) => t('meta.notAllowed')],
  [/^unknown field "([^"]+)" of "([^"]+)"$/, (t, m) => t('meta.unknownFieldOf', { name: m[1]!, entity: m[2]! })],
  [/^unknown field "([^"]+)"$/, (t, m) => t('meta.unknownField', { name: m[1]! })],
  [/^unknown field type "(.+)"$/, (t, m) => t('meta.unknownType', { type: m[1]! })],
  [/^does not match the required pattern$/, (t) => t('meta.pattern')],
  [/^"(.+)" is not a valid name$/, (t) => t('fields.namePattern')],
  [/^"(.+)" is a reserved SQL word/, (t, m) => t('meta.reservedSql', { name: m[1]! })],
  [/^"(.+)" is a reserved JavaScript name$/, (t, m) => t('meta.reservedName', { name: m[1]! })],
  [/^must be <= (.+)$/, (t, m) => t('meta.atMost', { n: m[1]! })],
  [/^must be >= (.+)$/, (t, m) => t('meta.atLeast', { n: m[1]! })],
  [/^must be < (.+)$/, (t, m) => t('meta.below', { n: m[1]! })],
  [/^must be > (.+)$/, (t, m) => t('meta.above', { n: m[1]! })],
  [/^must be (integer|number|string|boolean|array|object)$/, (t, m) => t('meta.type', { type: m[1]! })],
  [/^must NOT have fewer than (\d+) (characters|items)$/, (t, m) => t('meta.minLength', { n: m[1]! })],
  [/^must NOT have more than (\d+) (characters|items)$/, (t, m) => t('meta.maxLength', { n: m[1]! })],
];

/** The problem in the user's language when it is a known one; `translated` says whether it was. */
export function metadataMessage(t: Translate, d: ErrorDetail): { text: string; translated: boolean } {
  for (const [re, say] of PATTERNS) {
    const m = re.exec(d.message);
    if (m) return { text: say(t, m), translated: true };
  }
  return { text: d.expected ? `${d.message}(${d.expected})` : d.message, translated: false };
}
