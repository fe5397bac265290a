// DDL cannot take bind parameters, so the few values it needs (defaults, names in the archive) are written as literals.

export function sqlLiteral(value: unknown, type?: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as SQL`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `array[${value.map((v) => sqlLiteral(String(v))).join(', ')}]::text[]`;
  if (typeof value === 'object') return `${quoteString(JSON.stringify(value))}::jsonb`;
  const text = quoteString(String(value));
  return type ? `${text}::${type}` : text;
}

// standard_conforming_strings is on in every supported Postgres, so doubling quotes is the whole escape.
function quoteString(s: string): string {
  if (s.includes('\u0000')) throw new Error('text with a NUL character cannot be stored');
  return `'${s.replace(/'/g, "''")}'`;
}
