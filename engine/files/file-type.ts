// Which files an attachment field takes (its `accept` list) and how a stored file may be served back. Only a fixed
// list of types is ever sent with their own content type, and only images and PDF inline: HTML, SVG and anything
// else that a browser could run as a page is always a download of application/octet-stream.
import { extname } from 'node:path';
import type { FieldDef } from '../metadata/index.ts';

export const DEFAULT_MAX_SIZE = 20 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 20;

/** Types a browser shows inline without running anything: the preview. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

/** Types sent as themselves (as downloads); everything else is application/octet-stream. */
const PLAIN = new Set([
  ...INLINE,
  'text/plain',
  'text/csv',
  'application/zip',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);

/** The declared type as stored: lower case, parameters dropped, `application/octet-stream` when absent or malformed. */
export function normalisedType(contentType: string | undefined): string {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[a-z]+\/[a-z0-9.+-]+$/.test(t) && t.length <= 127 ? t : 'application/octet-stream';
}

/** Whether the field's accept list allows a file of this name and declared type (no list: anything). */
export function isAccepted(field: Pick<FieldDef, 'accept'>, name: string, type: string): boolean {
  if (!field.accept?.length) return true;
  const ext = extname(name).toLowerCase();
  return field.accept.some((a) => (a.startsWith('.') ? a === ext : a.endsWith('/*') ? type.startsWith(a.slice(0, -1)) : a === type));
}

export function servedType(stored: string): string {
  return PLAIN.has(stored) ? stored : 'application/octet-stream';
}

export function isPreviewable(stored: string): boolean {
  return INLINE.has(stored);
}
