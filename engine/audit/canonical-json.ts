// JSON with object keys sorted recursively, so the same content hashes the same whichever driver read it back.

/**
 * Keys sort by UTF-16 code units (JavaScript's default sort); numbers and strings print as JSON.stringify prints
 * them. A verifier in another language must follow the same two rules. Values are expected to be JSON-shaped already
 * (see redactSecrets); anything else is printed the way JSON.stringify would print it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    // Built as one string (no array of parts): an import hashes an entry per record, and this is most of it.
    let out = '';
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      out += `${out ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(v)}`;
    }
    return `{${out}}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'null';
}
