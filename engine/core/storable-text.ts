// PostgreSQL cannot store every string JSON can carry: text refuses NUL (U+0000), and jsonb refuses NUL and unpaired
// UTF-16 surrogates ("\ud800" alone), which the driver would otherwise turn into U+FFFD in text columns. Such input
// is refused where it enters, with the JSON pointer of every string (or key) holding one.
import type { Locale } from './context.ts';
import type { ErrorDetail } from './errors.ts';

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_TEXT_MESSAGE: Record<Locale, string> = {
  'zh-CN': '含有无法保存的字符(NUL 空字符或不成对的代理字符)',
  en: 'must not contain NUL (\\u0000) or unpaired surrogate characters',
};

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * Every place in a parsed JSON value (or query object) whose string or key cannot be stored, as details whose path
 * is `prefix` followed by the JSON pointer ("/lines/0/name"; "filter/==/1" for prefix "filter").
 */
export function unstorableTextDetails(value: unknown, prefix: string, locale: Locale): ErrorDetail[] {
  const paths: string[] = [];
  walk(value, prefix, paths);
  return paths.map((path) => ({ path: path || '/', message: UNSTORABLE_TEXT_MESSAGE[locale] }));
}

function walk(value: unknown, pointer: string, out: string[]): void {
  if (typeof value === 'string') {
    if (!isStorableText(value)) out.push(pointer);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${pointer}/${i}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!isStorableText(key)) out.push(at);
      else walk(item, at, out);
    }
  }
}
