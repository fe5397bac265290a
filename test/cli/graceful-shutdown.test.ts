// `crm serve` on SIGTERM: stops taking connections, lets the request in flight finish, releases the data folder
// and exits 0. The request in flight is a sign-in whose body is still arriving when the signal comes.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteIdent } from '../../engine/db/index.ts';
import { spawnCrm } from '../helpers/crm-cli.ts';
import { getTestDatabase, testDatabaseKind } from '../helpers/test-database.ts';

/** Resolves when `pattern` appears in what `read` returns (polled as output arrives). */
function waitFor(source: NodeJS.ReadableStream, read: () => string, pattern: RegExp, what: string, ms = 150_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms:\n${read()}`)), ms);
    const check = () => {
      const m = pattern.exec(read());
      if (!m) return;
      clearTimeout(timer);
      source.off('data', check);
      resolve(m);
    };
    source.on('data', check);
    check();
  });
}

function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('cli/crm serve: graceful shutdown', function () {
  this.timeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-stop-'));
  const schema = `stop_${randomBytes(4).toString('hex')}`;
  after(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (testDatabaseKind() === 'postgres') await (await getTestDatabase()).knex.raw(`drop schema if exists ${quoteIdent(schema)} cascade`);
  });

  it('finishes the request in flight after SIGTERM, refuses new connections, releases the data folder and exits 0', async () => {
    const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', CRM_SCHEMA: schema, LOG_LEVEL: 'info' };
    if (testDatabaseKind() === 'postgres') env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    const child = spawnCrm(env, ['serve']);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const port = Number((await waitFor(child.stdout!, () => out, /running at http:\/\/localhost:(\d+)/, 'start-up line'))[1]);

      // A sign-in whose body is half sent: the server has the request (it answered 100 Continue) and waits for the rest.
      const body = JSON.stringify({ username: 'admin', password: 'demo1234' });
      const socket = await connectTo(port);
      let reply = '';
      socket.on('data', (d) => (reply += d));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`);
      await waitFor(socket, () => reply, /100 Continue/, '100 Continue', 30_000);
      socket.write(body.slice(0, 10));

      child.kill('SIGTERM');
      await waitFor(child.stdout!, () => out, /Shutting down/, 'shutdown line', 30_000);
      await assert.rejects(connectTo(port), /ECONNREFUSED/, `a new connection is refused:\n${out}`);
      assert.equal(child.exitCode, null, 'still running while the request is in flight');

      socket.write(body.slice(10)); // not end(): a client's half-close would abort its own request
      await closed;
      assert.match(reply, /HTTP\/1\.1 200 OK/);
      assert.match(reply, /connection: close/i);
      assert.match(reply, /"token":"[^"]+"/);

      assert.equal(await exited, 0, out);
      assert.ok(!existsSync(join(dataDir, 'crm.lock.json')), 'the data folder is released');
      assert.match(out, /"msg":"Stopped"/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
