// Anchors for `crm audit verify`: the chain's head (SEQ:HASH) recorded outside the database, given on the command
// line or kept in a file that `crm audit anchor --out` appends to, one line per anchor.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { AuditHead } from '../audit/index.ts';
import { EngineError } from '../core/index.ts';

const ANCHOR = /^(\d+):([0-9a-f]{64})$/;

export function parseAnchor(text: string, where = '--anchor'): AuditHead {
  const m = ANCHOR.exec(text);
  if (!m) throw new EngineError('BAD_REQUEST', `${where} must be SEQ:HASH as printed by crm audit verify`, [{ path: where, message: `"${text.slice(0, 80)}" is not SEQ:HASH` }]);
  return { seq: Number(m[1]), hash: m[2]! };
}

/**
 * The newest anchor (highest seq) in a file of lines `SEQ:HASH [recorded-at]`; blank lines and `#` comments are
 * skipped. Checking the newest is enough: the chain links every older entry into its hash. A missing or empty file
 * is an error, so a mistyped path never passes as "nothing to compare with".
 */
export function readAnchorFile(file: string): AuditHead {
  if (!existsSync(file)) throw new EngineError('BAD_REQUEST', `The anchor file ${file} does not exist`, [{ path: '--anchor-file', message: 'no such file' }]);
  let newest: AuditHead | undefined;
  readFileSync(file, 'utf8').split(/\r?\n/).forEach((line, i) => {
    const text = line.trim();
    if (!text || text.startsWith('#')) return;
    const anchor = parseAnchor(text.split(/\s+/)[0]!, `${file} line ${i + 1}`);
    if (!newest || anchor.seq >= newest.seq) newest = anchor;
  });
  if (!newest) throw new EngineError('BAD_REQUEST', `The anchor file ${file} holds no anchor`, [{ path: '--anchor-file', message: 'no SEQ:HASH line' }]);
  return newest;
}

/** Appends the head with the time it was recorded; the file is created if needed. */
export function appendAnchor(file: string, head: AuditHead): void {
  appendFileSync(file, `${head.seq}:${head.hash} ${new Date().toISOString()}\n`, { mode: 0o640 });
}
