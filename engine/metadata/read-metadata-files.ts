// Reads metadata JSON files from disk; a file that is not valid JSON becomes a problem, never a crash.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ErrorDetail } from '../core/index.ts';

export interface MetadataFile {
  /** Path relative to the project root, as shown in error messages. */
  file: string;
  json: unknown;
}

/** Reads every `*.json` directly inside `dir` (sorted, so the model is built the same way on every machine). */
export function readMetadataFiles(dir: string, rootDir: string): { files: MetadataFile[]; problems: ErrorDetail[] } {
  const files: MetadataFile[] = [];
  const problems: ErrorDetail[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return { files, problems };
  }
  for (const name of names) {
    const path = join(dir, name);
    const file = relative(rootDir, path) || name;
    if (!statSync(path).isFile()) continue;
    const text = readFileSync(path, 'utf8');
    try {
      files.push({ file, json: JSON.parse(text) });
    } catch (e) {
      problems.push({ file, pointer: '', message: `not valid JSON: ${describeJsonError(e as Error, text)}` });
    }
  }
  return { files, problems };
}

// V8 reports "… at position N" (sometimes also line/column); turn the offset into line:column an editor can jump to.
function describeJsonError(e: Error, text: string): string {
  const m = /position (\d+)/.exec(e.message);
  if (!m) return e.message;
  const offset = Number(m[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${e.message.replace(/\s*\(line \d+ column \d+\)/, '')} (line ${line}, column ${column})`;
}
