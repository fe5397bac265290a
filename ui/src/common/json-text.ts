// JSON typed by a person: what is wrong with it, in the user's language. The parser's own words are the browser's
// English, so only where it stopped is taken from them.
import type { Translate } from '../i18n/i18n-context';

/** Undefined when `text` is empty or reads as JSON; otherwise the sentence to show under the input. */
export function jsonTextProblem(t: Translate, text: string): string | undefined {
  if (text.trim() === '') return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    return at === undefined ? t('fields.jsonInvalid') : t('fields.jsonInvalidAt', { n: Number(at) + 1 });
  }
}
