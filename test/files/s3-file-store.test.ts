// The S3 file store against an S3-compatible server: content-addressed puts (once per content), reads, removal,
// the field's size limit, a missing object as 404 and a failing service as 503 with nothing kept; and the settings
// read from the environment.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { EngineError } from '../../engine/core/index.ts';
import { s3FileStore, s3SettingsFromEnv, type FileStore } from '../../engine/files/index.ts';
import { configFromEnv } from '../../engine/server/index.ts';
import { fakeS3Env, startFakeS3, type FakeS3 } from '../helpers/fake-s3.ts';

const rejectsWith = async (p: Promise<unknown>, code: string) => {
  await assert.rejects(p, (e: unknown) => e instanceof EngineError && e.code === code);
};

describe('files/S3 store (S3-compatible server)', function () {
  this.timeout(30_000);
  let s3: FakeS3;
  let tmp: string;
  let store: FileStore;

  before(async () => {
    s3 = await startFakeS3();
    tmp = mkdtempSync(join(tmpdir(), 'crm-s3-'));
    store = s3FileStore(s3SettingsFromEnv(fakeS3Env(s3), 'crm', [])!, tmp);
  });
  after(async () => {
    await s3.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('puts a blob under the tenant prefix and its SHA-256, reads it back, uploads the same content only once', async () => {
    const content = Buffer.from('出厂检验报告 v1');
    const sha = createHash('sha256').update(content).digest('hex');
    const blob = await store.put(Readable.from([content]), 1024);
    assert.deepEqual(blob, { key: `${sha.slice(0, 2)}/${sha}`, size: content.length, sha256: sha });
    assert.deepEqual(s3.objects.get(`crm/${blob.key}`), content);
    assert.deepEqual(await buffer(await store.open(blob.key)), content);
    const puts = () => s3.log.filter((l) => l.startsWith('PUT ')).length;
    const before = puts();
    await store.put(Readable.from([content]), 1024);
    assert.equal(puts(), before, 'the same content is not uploaded again');
    assert.deepEqual(readdirSync(tmp), [], 'no temporary file is left behind');
    await store.remove(blob.key);
    assert.equal(s3.objects.has(`crm/${blob.key}`), false);
    await store.remove(blob.key); // a missing blob is not an error
  });

  it('refuses a blob over the limit (413) and uploads nothing', async () => {
    const count = s3.objects.size;
    await rejectsWith(store.put(Readable.from([Buffer.alloc(2048, 1)]), 1024), 'PAYLOAD_TOO_LARGE');
    assert.equal(s3.objects.size, count);
    assert.deepEqual(readdirSync(tmp), []);
  });

  it('answers 404 for a missing object and for a key that is not a content address, without asking the service for the latter', async () => {
    await rejectsWith(store.open(`ab/${'a'.repeat(64)}`), 'NOT_FOUND');
    const asked = s3.log.length;
    await rejectsWith(store.open('../../etc/passwd'), 'NOT_FOUND');
    assert.equal(s3.log.length, asked);
  });

  it('answers 503 FILE_STORAGE_UNAVAILABLE when the service fails, and keeps nothing', async () => {
    s3.failNext(20); // the SDK retries a 500 a few times before giving up
    const count = s3.objects.size;
    await rejectsWith(store.put(Readable.from([Buffer.from('x')]), 1024), 'FILE_STORAGE_UNAVAILABLE');
    s3.failNext(0);
    assert.equal(s3.objects.size, count);
    assert.deepEqual(readdirSync(tmp), []);
  });

  it('reads the settings from the environment and names each bad variable', () => {
    assert.equal(configFromEnv('/x', {}).s3, undefined);
    const ok = configFromEnv('/x', { CRM_SCHEMA: 'acme', CRM_S3_BUCKET: 'crm-files', CRM_S3_ENDPOINT: 'http://minio:9000' }).s3!;
    assert.deepEqual({ ...ok }, { bucket: 'crm-files', prefix: 'acme/', region: 'us-east-1', endpoint: 'http://minio:9000', forcePathStyle: true, credentials: undefined });
    assert.equal(configFromEnv('/x', { CRM_S3_BUCKET: 'crm-files' }).s3!.forcePathStyle, false, 'AWS itself: virtual-host addressing');
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        configFromEnv('/x', env);
        return [];
      } catch (e) {
        return (e as EngineError).details.map((d) => d.path);
      }
    };
    assert.deepEqual(problems({ CRM_S3_ENDPOINT: 'http://minio:9000' }), ['CRM_S3_ENDPOINT'], 'an endpoint without a bucket');
    assert.deepEqual(problems({ CRM_S3_BUCKET: 'Bad_Bucket' }), ['CRM_S3_BUCKET']);
    assert.deepEqual(problems({ CRM_S3_BUCKET: 'ok-bucket', CRM_S3_ENDPOINT: 'minio:9000', CRM_S3_ACCESS_KEY_ID: 'k', CRM_S3_PREFIX: 'no-slash', CRM_S3_FORCE_PATH_STYLE: 'yes' }), [
      'CRM_S3_ENDPOINT',
      'CRM_S3_PREFIX',
      'CRM_S3_SECRET_ACCESS_KEY',
      'CRM_S3_FORCE_PATH_STYLE',
    ]);
    assert.deepEqual(problems({ CRM_FILE_RETENTION_DAYS: '-1' }), ['CRM_FILE_RETENTION_DAYS']);
  });
});
