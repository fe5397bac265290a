// The first half of every store's `put`: the upload streamed into a private temporary file while it is counted and
// hashed, refusing more than the field allows. The hash is the blob's key, so it must be known before the bytes go
// to their final place (a folder or a bucket).
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EngineError } from '../core/index.ts';

export interface ReceivedBlob {
  /** The temporary file; the caller moves or uploads it, then removes what is left. */
  temp: string;
  size: number;
  sha256: string;
  /** `ab/abcdef…`: the store's key for this content. */
  key: string;
}

export const BLOB_KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}$/;

export async function receiveBlob(source: Readable, maxBytes: number, tmpDir: string): Promise<ReceivedBlob> {
  await mkdir(tmpDir, { recursive: true });
  const temp = join(tmpDir, randomUUID());
  const hash = createHash('sha256');
  let size = 0;
  // Past the limit the rest is read and dropped rather than the connection cut, so the client gets the 413.
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done();
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, counter, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    if (size > maxBytes) throw tooLarge(maxBytes);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  const sha256 = hash.digest('hex');
  return { temp, size, sha256, key: `${sha256.slice(0, 2)}/${sha256}` };
}

export function tooLarge(maxBytes: number): EngineError {
  return new EngineError('PAYLOAD_TOO_LARGE', `The file is larger than the ${formatBytes(maxBytes)} this field allows`, [
    { path: 'body', message: `larger than ${formatBytes(maxBytes)}`, info: { maxSize: maxBytes } },
  ]);
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
