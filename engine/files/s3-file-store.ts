// Attachment bytes on S3-compatible object storage (AWS S3, MinIO, Ceph, 阿里云 OSS / 腾讯云 COS in S3 mode), when
// the server is configured for it (CRM_S3_BUCKET). Keys are the same content addresses as on disk, under a prefix
// per tenant; the upload is received (counted, hashed) in a local temporary file first because the key is the hash.
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { EngineError, notFound } from '../core/index.ts';
import type { FileStore, StoredBlob } from './file-store.ts';
import { BLOB_KEY, receiveBlob } from './receive-blob.ts';

export interface S3Settings {
  bucket: string;
  /** Key prefix, e.g. `crm/` for the tenant schema crm. */
  prefix: string;
  region: string;
  /** For S3-compatible services; AWS itself needs none. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** When absent the SDK's own chain applies (AWS_ACCESS_KEY_ID…, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const isMissing = (e: unknown) => e instanceof S3ServiceException && (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata.httpStatusCode === 404);

/** A failure of the storage service is the server's problem, said without the service's internals. */
function unavailable(e: unknown): EngineError {
  const detail = e instanceof Error ? e.name : 'error';
  return new EngineError('FILE_STORAGE_UNAVAILABLE', 'The file storage service did not answer as expected; try again later', [{ path: 'storage', message: detail }]);
}

export function s3FileStore(settings: S3Settings, tmpDir: string): FileStore {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    // Checksums only where S3 requires them: the SDK's default (CRC32 trailers in aws-chunked uploads) is refused by
    // many S3-compatible services, and the blob's SHA-256 is checked by its key anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const objectKey = (key: string) => {
    if (!BLOB_KEY.test(key)) throw notFound('No such file', [{ path: 'id', message: 'not found' }]);
    return `${settings.prefix}${key}`;
  };
  const exists = async (Key: string) => {
    try {
      await client.send(new HeadObjectCommand({ Bucket: settings.bucket, Key }));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw unavailable(e);
    }
  };
  return {
    async put(source: Readable, maxBytes: number): Promise<StoredBlob> {
      const { temp, key, size, sha256 } = await receiveBlob(source, maxBytes, tmpDir);
      try {
        const Key = objectKey(key);
        // Content-addressed: the same bytes are already there under this key.
        if (!(await exists(Key))) {
          await client
            .send(new PutObjectCommand({ Bucket: settings.bucket, Key, Body: createReadStream(temp), ContentLength: size, ContentType: 'application/octet-stream' }))
            .catch((e: unknown) => Promise.reject(unavailable(e)));
        }
        return { key, size, sha256 };
      } finally {
        await rm(temp, { force: true });
      }
    },
    async open(key: string): Promise<Readable> {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) }));
        return out.Body as Readable;
      } catch (e) {
        if (e instanceof EngineError) throw e;
        if (isMissing(e)) throw notFound('The file\'s content is missing from the file store', [{ path: 'id', message: 'content missing' }]);
        throw unavailable(e);
      }
    },
    async remove(key: string): Promise<void> {
      // S3 answers 204 for a key that is not there, so a missing blob is not an error here either.
      await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) })).catch((e: unknown) => Promise.reject(unavailable(e)));
    },
  };
}
