// The default file store: a folder on local disk (DATA_DIR/files/<tenant>), content-addressed by SHA-256, so a key
// is `ab/abcdef…` and no part of a path ever comes from a client.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EngineError, notFound } from '../core/index.ts';
import type { FileStore, StoredBlob } from './file-store.ts';

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}$/;

export function localFileStore(root: string): FileStore {
  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw notFound('No such file', [{ path: 'id', message: 'not found' }]);
    return join(root, key);
  };
  return {
    async put(source: Readable, maxBytes: number): Promise<StoredBlob> {
      await mkdir(join(root, 'tmp'), { recursive: true });
      const temp = join(root, 'tmp', randomUUID());
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
      const key = `${sha256.slice(0, 2)}/${sha256}`;
      await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
      // Same content, same name: renaming over an existing blob leaves identical bytes.
      await rename(temp, join(root, key));
      return { key, size, sha256 };
    },
    async open(key: string): Promise<Readable> {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch {
        throw notFound('The file\'s content is missing from the file store', [{ path: 'id', message: 'content missing' }]);
      }
      return createReadStream(path);
    },
    async remove(key: string): Promise<void> {
      await rm(pathOf(key), { force: true });
    },
  };
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
