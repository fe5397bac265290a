// A gzipped POSIX ustar archive, written and read as a stream, so that `tar tzf backup.tar.gz` lists a backup and
// `tar xzf` unpacks it with no CRM at hand. Only regular files are written or read: the backup needs nothing else,
// and refusing the rest means an archive cannot make restore write a link or a device.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import { EngineError } from '../core/index.ts';

const BLOCK = 512;

export interface TarWriter {
  add(name: string, content: Buffer, mtime?: Date): Promise<void>;
  /** Writes the end-of-archive blocks and waits until the file is on disk. */
  finish(): Promise<void>;
  /** Stops writing (after a failure); the caller removes the half-written file. */
  abort(): void;
}

export function writeTar(path: string): TarWriter {
  const gzip = createGzip();
  const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  gzip.pipe(file);
  const closed = once(file, 'close');
  const write = async (chunk: Buffer) => {
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  return {
    async add(name, content, mtime = new Date()) {
      await write(header(name, content.length, mtime));
      await write(content);
      const pad = (BLOCK - (content.length % BLOCK)) % BLOCK;
      if (pad) await write(Buffer.alloc(pad));
    },
    async finish() {
      gzip.end(Buffer.alloc(BLOCK * 2));
      await closed;
    },
    abort() {
      gzip.destroy();
      file.destroy();
    },
  };
}

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    // ustar splits a long path at a slash: up to 155 bytes of folder in the prefix field, the rest in the name field.
    const cut = name.lastIndexOf('/', 155);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(base) > 100) throw new Error(`path too long for a tar archive: ${name}`);
  }
  h.write(base, 0, 100, 'utf8');
  h.write('0000600\0', 100, 'ascii');
  h.write('0000000\0', 108, 'ascii');
  h.write('0000000\0', 116, 'ascii');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  h.write(`${Math.floor(mtime.getTime() / 1000).toString(8).padStart(11, '0')}\0`, 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0' + '00', 257, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

export interface TarEntry {
  name: string;
  content: Buffer;
}

/**
 * Calls `onEntry` for each file in order. A damaged archive (bad gzip, bad header checksum, an entry that is not a
 * regular file, or an end before the end-of-archive blocks, i.e. a truncated file) throws BAD_REQUEST naming the file.
 */
export async function readTar(path: string, onEntry: (entry: TarEntry) => Promise<void> | void): Promise<void> {
  const damaged = (why: string) => new EngineError('BAD_REQUEST', `${path} is not a complete backup archive: ${why}`, [{ path: 'FILE', message: why }]);
  // Chunks are kept in a list and joined only when a header or an entry is complete: joining on every chunk would copy
  // a large entry (a 16 MB WAL segment) over and over.
  const chunks: Buffer[] = [];
  let available = 0;
  const take = (n: number): Buffer => {
    const joined = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    chunks.length = 0;
    if (joined.length > n) chunks.push(joined.subarray(n));
    available -= n;
    return joined.subarray(0, n);
  };
  let pending: { name: string; size: number } | undefined;
  let ended = false;
  const source = createReadStream(path).pipe(createGunzip());
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (ended) continue;
      chunks.push(chunk);
      available += chunk.length;
      for (;;) {
        if (pending) {
          const padded = pending.size + ((BLOCK - (pending.size % BLOCK)) % BLOCK);
          if (available < padded) break;
          const entry = { name: pending.name, content: Buffer.from(take(padded).subarray(0, pending.size)) };
          pending = undefined;
          await onEntry(entry);
          continue;
        }
        if (available < BLOCK) break;
        const block = take(BLOCK);
        if (block.every((b) => b === 0)) {
          ended = true;
          break;
        }
        pending = parseHeader(block, damaged);
      }
    }
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw damaged((e as Error).message);
  }
  if (!ended) throw damaged('it ends before the end-of-archive marker (truncated?)');
}

function parseHeader(block: Buffer, damaged: (why: string) => EngineError): { name: string; size: number } {
  const stored = parseInt(block.toString('ascii', 148, 156).replace(/\0.*$/, '').trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  if (stored !== sum) throw damaged('a header checksum does not match');
  const type = String.fromCharCode(block[156]!);
  const text = (from: number, length: number) => block.toString('utf8', from, from + length).replace(/\0.*$/s, '');
  const name = [text(345, 155), text(0, 100)].filter(Boolean).join('/');
  if (type !== '0' && type !== '\0') throw damaged(`"${name}" is not a regular file`);
  if (name.startsWith('/') || name.split('/').includes('..')) throw damaged(`"${name}" points outside the archive`);
  return { name, size: parseInt(text(124, 12).trim(), 8) };
}
