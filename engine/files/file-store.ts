// Where attachment bytes live, behind one small interface so that another backend (S3-compatible) can take the local
// disk's place without the record layer knowing. Keys are chosen by the store, never from the uploader's file name.
import type { Readable } from 'node:stream';

export interface StoredBlob {
  key: string;
  size: number;
  sha256: string;
}

export interface FileStore {
  /**
   * Streams `source` into the store, refusing more than `maxBytes` (throws PAYLOAD_TOO_LARGE and keeps nothing).
   * The same content twice is one blob.
   */
  put(source: Readable, maxBytes: number): Promise<StoredBlob>;
  /** The blob's bytes; throws NOT_FOUND when the key holds nothing. */
  open(key: string): Promise<Readable>;
  /** Removes a blob no file row refers to any more; a missing one is not an error. */
  remove(key: string): Promise<void>;
}
