// Starts the real HTTP app on a fresh tenant schema and a random port, with a small fetch wrapper for tests.
import type { Server } from 'node:http';
import { createApp, keepConnectionsAlive, type AppState } from '../../engine/http/index.ts';
import { applySchema } from '../../engine/schema/index.ts';
import { formulaFiller } from '../../engine/data/index.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';
import type { Model } from '../../engine/metadata/index.ts';
import { createTestAdmin, TEST_ADMIN } from './test-admin.ts';
import { createTestTenant, dropTestTenant } from './test-database.ts';

export interface Reply {
  status: number;
  headers: Headers;
  // Tests read arbitrary JSON shapes; `any` keeps assertions short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestServer {
  url: string;
  /** Bearer token of the signed-in test administrator, sent by `request` unless an authorization header is given. */
  token: string;
  db: Database;
  tenant: Tenant;
  model: Model;
  setModel(model: Model): void;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Signs in and returns the bearer token. */
  login(username: string, password: string): Promise<string>;
  /** The admin creates a user (app_user fields) with an initial password; the user signs in and replaces it. */
  addUser(record: Record<string, unknown>): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

/** `extra` adds to the app's state (a logger to read, a runLocal, a metrics token). */
export async function startTestServer(initial: Model, prefix = 'api', extra: Partial<AppState> = {}): Promise<TestServer> {
  const { db, tenant } = await createTestTenant(prefix);
  let model = initial;
  await applySchema(db.knex, tenant, model, formulaFiller(tenant));
  await createTestAdmin(db, tenant, model);
  const app = createApp({ db, tenant, model: () => model, adminToken: 'test-admin-token', ...extra });
  const server = await new Promise<Server>((resolve) => {
    const s = keepConnectionsAlive(app.listen(0, '127.0.0.1', () => resolve(s)));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
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
  const login = async (username: string, password: string) => {
    const r = await send('POST', '/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return String(r.body.token);
  };
  const token = await login(TEST_ADMIN.username, TEST_ADMIN.password);
  const addUser = async (record: Record<string, unknown>) => {
    const created = await send('POST', '/api/users', { ...record, password: 'Quartz-Lamp-88' }, { authorization: `Bearer ${token}` });
    if (created.status !== 201) throw new Error(`creating ${String(record.username)} failed: ${created.status} ${JSON.stringify(created.body)}`);
    const own = await login(String(record.username), 'Quartz-Lamp-88');
    const changed = await send('POST', '/api/me/password', { current_password: 'Quartz-Lamp-88', new_password: 'Quartz-Lamp-99' }, { authorization: `Bearer ${own}` });
    if (changed.status !== 204) throw new Error(`changing the initial password failed: ${changed.status} ${JSON.stringify(changed.body)}`);
    return { id: String(created.body.id), token: own };
  };
  return {
    url,
    token,
    login,
    addUser,
    db,
    tenant,
    get model() {
      return model;
    },
    setModel(m: Model) {
      model = m;
    },
    request(method, path, body, headers = {}) {
      return send(method, path, body, 'authorization' in headers ? headers : { authorization: `Bearer ${token}`, ...headers });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await dropTestTenant(tenant);
    },
  };
}
