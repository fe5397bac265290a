// Turns any value into the JSON the audit log stores, with secrets replaced by "[redacted]" at every depth.
import { badRequest } from '../core/index.ts';

export const REDACTED = '[redacted]';

// Substrings of a key with case and separators removed: "Password_Hash", "api-key", "accessToken" all match.
// Over-redacting a business field is a lesser harm than a password hash in a log that can never be edited.
const SECRET_WORDS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'privatekey', 'credential', 'authorization', 'cookie'];
const MAX_DEPTH = 64;

export function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    const folded = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    secret = SECRET_WORDS.some((w) => folded.includes(w));
    // The same few hundred field names come back in every entry (an import logs thousands); arbitrary JSON keys
    // beyond the bound are worked out each time rather than kept.
    if (secretKeys.size < MAX_REMEMBERED_KEYS) secretKeys.set(key, secret);
  }
  return secret;
}

const MAX_REMEMBERED_KEYS = 5000;
const secretKeys = new Map<string, boolean>();

/**
 * The value as JSON.parse(JSON.stringify(value)) would give it, except that secrets are redacted and strings lose
 * what jsonb refuses (NUL, lone surrogates). The result is exactly what the database returns later, which is what
 * lets the hash computed before the insert match the hash recomputed from a read.
 */
export function redactSecrets(value: unknown): unknown {
  return walk(value, 0);
}

function walk(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw badRequest('An audit entry is nested too deeply (or refers to itself)', [{ path: '/changes', message: `deeper than ${MAX_DEPTH} levels` }]);
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return cleanString(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'object':
      break;
    default:
      return null; // functions and symbols: JSON.stringify drops them too
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return walk((value as { toJSON(): unknown }).toJSON(), depth + 1);
  if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
  const out: [string, unknown][] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out.push([cleanString(key), isSecretKey(key) ? REDACTED : walk(v, depth + 1)]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays data instead of changing the prototype.
  return Object.fromEntries(out);
}

const UNSTORABLE_SOURCE = '\\u0000|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
// Two regexps: a global one keeps state between .test() calls, so only the non-global one may test.
const HAS_UNSTORABLE = new RegExp(UNSTORABLE_SOURCE);
const ALL_UNSTORABLE = new RegExp(UNSTORABLE_SOURCE, 'g');

function cleanString(s: string): string {
  return HAS_UNSTORABLE.test(s) ? s.replace(ALL_UNSTORABLE, (c) => (c === '\u0000' ? '' : '\ufffd')) : s;
}
