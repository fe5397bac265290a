// ASCII-only case folding: the one folding JavaScript and PostgreSQL perform identically in every locale.

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

export function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** The SQL twin of foldAscii: `translate` maps exactly A–Z, whatever the database's collation or ctype. */
export function foldAsciiSql(expression: string): string {
  return `translate(${expression}, '${UPPER}', '${LOWER}')`;
}
