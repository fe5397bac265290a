// Starts the real CRM (core metadata, built-in roles, demo company) on a fresh tenant schema and a random port, with
// every demo user signed in once, for the access suites. openEngine opens its own database: PGlite in a temporary
// DATA_DIR (configFromEnv always resolves one, so openEngine cannot run in memory) filled from the process's demo
// template (pglite-template.ts), or the server in TEST_DATABASE_URL when CRM_TEST_DB=postgres.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAuditBuffer, type AuditBuffer } from '../../engine/audit/index.ts';
import type { RequestContext } from '../../engine/core/index.ts';
import { openDatabase, qualified, queryRows, quoteIdent } from '../../engine/db/index.ts';
import { createApp, keepConnectionsAlive } from '../../engine/http/index.ts';
import { configFromEnv, openEngine, type Engine, type ServerConfig } from '../../engine/server/index.ts';
import { copyDemoDataDir, TEMPLATE_SCHEMA } from './pglite-template.ts';
import { testDatabaseKind } from './test-database.ts';
import type { Reply } from './test-server.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEMO_PASSWORD = 'demo1234';
export const DEMO_USERS = ['admin', 'gm', 'sales_director', 'sales_mgr1', 'sales1', 'sales2', 'sales3', 'service_mgr', 'service1', 'finance1'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

export interface DemoUserRow {
  id: string;
  username: string;
  dept: string | null;
  manager: string | null;
  active: boolean;
}

export interface SendOptions {
  /** Signed-in demo user whose bearer token is sent (default: none). */
  as?: DemoUser;
  token?: string;
  headers?: Record<string, string>;
}

export interface DemoApp {
  engine: Engine;
  config: ServerConfig;
  url: string;
  /** The record-view buffer the app logs GET-by-id into; flush() before reading the audit log. */
  views: AuditBuffer;
  /** Bearer token of each demo user's one sign-in. */
  tokens: Record<DemoUser, string>;
  users: Record<DemoUser, DemoUserRow>;
  /** Department ids by name (销售一部 …). */
  departments: Record<string, string>;
  /** Environment for the `crm` command against this tenant (DATA_DIR or DATABASE_URL, CRM_SCHEMA). */
  cliEnv: NodeJS.ProcessEnv;
  send(method: string, path: string, body?: unknown, options?: SendOptions): Promise<Reply>;
  /** Shorthands: `as(user).get(path)` … */
  as(user: DemoUser): {
    get(path: string): Promise<Reply>;
    post(path: string, body?: unknown): Promise<Reply>;
    patch(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
    delete(path: string): Promise<Reply>;
  };
  login(username: string, password?: string, headers?: Record<string, string>): Promise<Reply>;
  /** Reads as the database owner (no access policy), for expectations computed independently of the engine. */
  sql<T = Record<string, unknown>>(text: string, bindings?: unknown[]): Promise<T[]>;
  /** Schema-qualified, quoted table name of this tenant. */
  table(name: string): string;
  systemContext(): RequestContext;
  /** Stops HTTP and closes the engine's database, keeping the data (PGlite: so the CLI can open the folder). */
  stop(): Promise<void>;
  /** stop(), then removes the tenant (drops the schema, deletes the temporary folder). */
  close(): Promise<void>;
}

/**
 * `rootDir`: the project root holding metadata/ and plugins/ (default: this project; tests of plugins pass a temporary
 * copy). `extraEnv`: more server settings (e.g. CRM_S3_BUCKET to keep attachments in a bucket).
 */
export async function startDemoApp(rootDir: string = ROOT, extraEnv: NodeJS.ProcessEnv = {}): Promise<DemoApp> {
  const postgres = testDatabaseKind() === 'postgres';
  if (postgres && !process.env.TEST_DATABASE_URL) throw new Error('CRM_TEST_DB=postgres needs TEST_DATABASE_URL');
  const schema = postgres ? `acc_${randomBytes(5).toString('hex')}` : TEMPLATE_SCHEMA;
  // Also with PostgreSQL: the attachments (DATA_DIR/files) and the lock file stay out of the project folder.
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-access-'));
  if (!postgres) await copyDemoDataDir(rootDir, dataDir);
  const env: NodeJS.ProcessEnv = { CRM_SCHEMA: schema, PORT: '0', HOST: '127.0.0.1', CRM_MODE: 'demo', DATA_DIR: dataDir, ...extraEnv };
  if (postgres) env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  const config = configFromEnv(rootDir, env);
  const engine = await openEngine(config);
  let server: Server | undefined;
  let stopped = false;
  const views = createAuditBuffer(engine.db.knex, engine.tenant, { flushMs: 100, onError: (e) => console.error('audit views:', e) });
  /** No more requests, every queued view written. */
  const quiesce = async () => {
    if (server) {
      const s = server;
      server = undefined;
      const closed = new Promise<void>((r) => s.close(() => r()));
      s.closeAllConnections();
      await closed;
    }
    await views.close().catch((e: unknown) => console.error('audit views:', e));
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await quiesce();
    await engine.close();
  };
  try {
    await engine.seedDemo();
    const app = createApp({ db: engine.db, tenant: engine.tenant, model: engine.model, views, files: engine.files });
    server = await new Promise<Server>((resolve, reject) => {
      const s = keepConnectionsAlive(app.listen(0, '127.0.0.1', () => resolve(s)));
      s.once('error', reject);
    });
  } catch (e) {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const tokens = {} as Record<DemoUser, string>;

  const send = async (method: string, path: string, body?: unknown, options: SendOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const token = options.token ?? (options.as ? tokens[options.as] : undefined);
    if (token && !('authorization' in headers)) headers.authorization = `Bearer ${token}`;
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  const login = (username: string, password = DEMO_PASSWORD, headers: Record<string, string> = {}) => send('POST', '/api/auth/login', { username, password }, { headers });
  const sql = <T>(text: string, bindings: unknown[] = []) => queryRows<T>(engine.db.knex, text, bindings);
  const table = (name: string) => qualified(engine.tenant, name);

  const userRows = await sql<DemoUserRow>(`select id, username, dept, manager, active from ${table('app_user')}`);
  const users = {} as Record<DemoUser, DemoUserRow>;
  for (const name of DEMO_USERS) {
    const row = userRows.find((u) => u.username === name);
    if (!row) throw new Error(`the demo seed has no user "${name}"`);
    users[name] = row;
  }
  const departments: Record<string, string> = {};
  for (const d of await sql<{ id: string; name: string }>(`select id, name from ${table('department')}`)) departments[d.name] = d.id;
  // In parallel: argon2 runs on the libuv pool.
  await Promise.all(
    DEMO_USERS.map(async (name) => {
      const r = await login(name);
      if (r.status !== 200) throw new Error(`demo sign-in of ${name} failed: ${r.status} ${JSON.stringify(r.body)}`);
      tokens[name] = String(r.body.token);
    }),
  );

  return {
    engine,
    config,
    url,
    views,
    tokens,
    users,
    departments,
    cliEnv: { ...env, CRM_ROOT: rootDir },
    send,
    as: (user) => ({
      get: (path) => send('GET', path, undefined, { as: user }),
      post: (path, body) => send('POST', path, body ?? {}, { as: user }),
      patch: (path, body, headers) => send('PATCH', path, body ?? {}, { as: user, headers }),
      delete: (path) => send('DELETE', path, undefined, { as: user }),
    }),
    login,
    sql,
    table,
    systemContext: () => engine.systemContext(),
    stop,
    async close() {
      const wasStopped = stopped;
      if (postgres && !wasStopped) {
        await quiesce();
        await engine.db.knex.raw(`drop schema if exists ${quoteIdent(schema)} cascade`);
      }
      await stop();
      if (postgres && wasStopped) {
        // Stopped earlier (e.g. for the CLI): drop the schema through a short-lived connection.
        const db = await openDatabase({ url: process.env.TEST_DATABASE_URL });
        await db.knex.raw(`drop schema if exists ${quoteIdent(schema)} cascade`);
        await db.close();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
