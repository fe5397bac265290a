// A small S3-compatible server for the file-store tests (path-style requests: HEAD, GET, PUT and DELETE of objects),
// answering like S3 does (404 NoSuchKey with an XML body, 204 on delete), keeping objects in memory. It checks that
// every request is signed (AWS4-HMAC-SHA256) with the expected access key; it does not verify the signature itself.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { buffer } from 'node:stream/consumers';

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  objects: Map<string, Buffer>;
  /** The next n requests answer 500 InternalError (a failing service). */
  failNext(n: number): void;
  /** Requests seen, as "METHOD key". */
  log: string[];
  close(): Promise<void>;
}

const xmlError = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startFakeS3(bucket = 'crm-files', accessKeyId = 'test-key'): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const log: string[] = [];
  let failing = 0;
  const handle = async (req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, b, ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    log.push(`${req.method} ${key}`);
    const body = await buffer(req);
    if (!String(req.headers.authorization ?? '').startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`)) return { status: 403, body: xmlError('InvalidAccessKeyId', 'unknown key') };
    if (failing > 0) {
      failing--;
      return { status: 500, body: xmlError('InternalError', 'We encountered an internal error') };
    }
    if (b !== bucket) return { status: 404, body: xmlError('NoSuchBucket', 'The specified bucket does not exist') };
    const found = objects.get(key);
    switch (req.method) {
      case 'PUT':
        objects.set(key, body);
        return { status: 200, body: '', headers: { etag: '"x"' } };
      case 'HEAD':
        return found ? { status: 200, body: '', headers: { 'content-length': String(found.length) } } : { status: 404, body: '' };
      case 'GET':
        return found ? { status: 200, body: found, headers: { 'content-type': 'application/octet-stream' } } : { status: 404, body: xmlError('NoSuchKey', 'The specified key does not exist.') };
      case 'DELETE':
        objects.delete(key);
        return { status: 204, body: '' };
      default:
        return { status: 405, body: xmlError('MethodNotAllowed', 'not supported here') };
    }
  };
  const server: Server = createServer((req, res) => {
    handle(req).then(
      (r) => {
        res.writeHead(r.status, { 'content-type': 'application/xml', ...(r.headers ?? {}) });
        res.end(req.method === 'HEAD' ? undefined : r.body);
      },
      (e: unknown) => {
        res.writeHead(500);
        res.end(String(e));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    objects,
    log,
    failNext: (n) => (failing = n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The server settings (environment) that put a tenant's attachments into this bucket. */
export function fakeS3Env(s3: FakeS3, prefix?: string): NodeJS.ProcessEnv {
  return {
    CRM_S3_BUCKET: s3.bucket,
    CRM_S3_ENDPOINT: s3.endpoint,
    CRM_S3_ACCESS_KEY_ID: s3.accessKeyId,
    CRM_S3_SECRET_ACCESS_KEY: 'test-secret',
    ...(prefix ? { CRM_S3_PREFIX: prefix } : {}),
  };
}
