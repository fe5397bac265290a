// The default file store: a folder on local disk (DATA_DIR/files/<tenant>), content-addressed by SHA-256, so a key
// is `ab/abcdef…` and no part of a path ever comes from a client.
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { notFound } from '../core/index.ts';
import type { FileStore, StoredBlob } from './file-store.ts';
import { BLOB_KEY, receiveBlob } from './receive-blob.ts';

export function localFileStore(root: string): FileStore {
  const pathOf = (key: string) => {
    if (!BLOB_KEY.test(key)) throw notFound('No such file', [{ path: 'id', message: 'not found' }]);
    return join(root, key);
  };
  return {
    async put(source: Readable, maxBytes: number): Promise<StoredBlob> {
      const { temp, key, size, sha256 } = await receiveBlob(source, maxBytes, join(root, 'tmp'));
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
