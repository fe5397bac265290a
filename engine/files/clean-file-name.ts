// The name a file is shown and downloaded under, from what the uploader sent: no folders (`../`, `\`), no control
// or bidirectional-override characters, at most 255 characters. It is never used as a path.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069/\\:*?"<>|]/g;

export function cleanFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE, '_').replace(/^[.\s]+/, '').trim();
  return [...(cleaned || 'file')].slice(0, 255).join('');
}
