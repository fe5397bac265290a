// The real server (`crm serve`'s start-up: data-folder lock, admin API, the CLI's local route, model watcher, job
// runner) on a temporary project root and a fresh tenant, in demo mode, with the demo admin signed in. PGlite gets a
// data folder inside the root, filled from the process's demo template (the CLI then works through this server);
// PostgreSQL the server in TEST_DATABASE_URL (the CLI then opens the database itself and this server notices the
// change through its model watcher).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase, qualified, queryRows, quoteIdent } from '../../engine/db/index.ts';
import { runDueJobs } from '../../engine/jobs/index.ts';
import { configFromEnv, startServer, type Engine, type RunningServer, type ServerConfig } from '../../engine/server/index.ts';
import { runCrm, type CliResult } from './crm-cli.ts';
import type { PluginRoot } from './plugin-root.ts';
import { copyDemoDataDir, TEMPLATE_SCHEMA } from './pglite-template.ts';
import { tenantState, type TenantState } from './tenant-state.ts';
import { testDatabaseKind } from './test-database.ts';
import type { Reply } from './test-server.ts';

export interface PluginServer {
  root: PluginRoot;
  engine: Engine;
  config: ServerConfig;
  url: string;
  /** Bearer token of the demo admin's session. */
  token: string;
  /** A request as the demo admin (or with `token`). */
  send(method: string, path: string, body?: unknown, token?: string): Promise<Reply>;
  get(path: string): Promise<Reply>;
  post(path: string, body?: unknown): Promise<Reply>;
  sql<T = Record<string, unknown>>(text: string, bindings?: unknown[]): Promise<T[]>;
  table(name: string): string;
  state(): Promise<TenantState>;
  /** Environment for `crm` against this tenant and root. */
  cliEnv: NodeJS.ProcessEnv;
  crm(...args: string[]): Promise<CliResult>;
  /** Uploads a small PDF into an attachment field of a record, as the demo admin; asserts it landed. */
  upload(entity: string, id: string, field: string, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startPluginServer(root: PluginRoot): Promise<PluginServer> {
  const postgres = testDatabaseKind() === 'postgres';
  if (postgres && !process.env.TEST_DATABASE_URL) throw new Error('CRM_TEST_DB=postgres needs TEST_DATABASE_URL');
  const schema = postgres ? `plg_${randomBytes(5).toString('hex')}` : TEMPLATE_SCHEMA;
  const env: NodeJS.ProcessEnv = { CRM_SCHEMA: schema, PORT: '0', HOST: '127.0.0.1', CRM_MODE: 'demo', DATA_DIR: join(root.dir, 'data') };
  if (postgres) env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  else await copyDemoDataDir(root.dir, env.DATA_DIR!);
  const config = configFromEnv(root.dir, env);
  const running: RunningServer = await startServer(config);
  const url = running.url.replace('localhost', '127.0.0.1');
  const send = async (method: string, path: string, body?: unknown, token?: string): Promise<Reply> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] = 'application/json';
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
  const login = await send('POST', '/api/auth/login', { username: 'admin', password: 'demo1234' });
  if (login.status !== 200) {
    await running.stop();
    throw new Error(`demo admin sign-in failed: ${login.status} ${JSON.stringify(login.body)}`);
  }
  const token = String(login.body.token);
  const engine = running.engine;
  // The demo data's timers that are already due (expired quotes, stalled opportunities) run now, not in the middle
  // of a test comparing the tenant before and after.
  while ((await runDueJobs(engine.systemContext())) > 0);
  const cliEnv: NodeJS.ProcessEnv = { ...env, CRM_ROOT: root.dir };
  return {
    root,
    engine,
    config,
    url,
    token,
    send: (method, path, body, as = token) => send(method, path, body, as),
    get: (path) => send('GET', path, undefined, token),
    post: (path, body) => send('POST', path, body ?? {}, token),
    sql: <T>(text: string, bindings: unknown[] = []) => queryRows<T>(engine.db.knex, text, bindings),
    table: (name) => qualified(engine.tenant, name),
    state: () => tenantState(engine.db.knex, engine.tenant),
    cliEnv,
    crm: (...args) => runCrm(cliEnv, args),
    async upload(entity, id, field, name) {
      const res = await fetch(`${url}/api/records/${entity}/${id}/files/${field}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) },
        body: Buffer.from('%PDF-1.4\n% signed scan\n'),
      });
      if (res.status !== 201) throw new Error(`upload of ${name} into ${entity}.${field}: ${res.status} ${await res.text()}`);
    },
    async close() {
      await running.stop();
      if (postgres) {
        const db = await openDatabase({ url: process.env.TEST_DATABASE_URL });
        await db.knex.raw(`drop schema if exists ${quoteIdent(schema)} cascade`);
        await db.close();
      }
      root.remove();
    },
  };
}
