// `crm serve`: take the data folder, open the engine, seed a demo install, listen, and clean up on exit.
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditBuffer } from '../audit/index.ts';
import { createApp } from '../http/index.ts';
import { startJobRunner } from '../jobs/index.ts';
import { configureMailer } from '../notify/index.ts';
import type { ServerConfig } from './config.ts';
import { acquireLock, releaseLock, updateLock } from './data-dir-lock.ts';
import { adminOperations } from './admin-operations.ts';
import { runLocalOperation } from './local-operations.ts';
import { watchModel } from './model-watcher.ts';
import { DEMO_PASSWORD, openEngine, type Engine } from './open-engine.ts';
import { usersWithPassword } from '../access/index.ts';

export interface RunningServer {
  engine: Engine;
  server: Server;
  url: string;
  stop(): Promise<void>;
}

// The built React app (`npm start` builds it when missing or stale; `crm serve` alone serves only the API then).
function uiDirOf(rootDir: string, log: (line: string) => void): string | undefined {
  const built = join(rootDir, 'ui', 'dist');
  if (existsSync(join(built, 'index.html'))) return built;
  log('The web UI is not built (ui/dist): serving the API only. `npm start` builds it.');
  return undefined;
}

export async function startServer(config: ServerConfig, log: (line: string) => void = console.log): Promise<RunningServer> {
  const taken = acquireLock(config.dataDir, 'server');
  if ('heldBy' in taken) {
    const h = taken.heldBy;
    throw new Error(`Another crm ${h.kind} (pid ${h.pid}${h.port ? `, port ${h.port}` : ''}) is using ${config.dataDir}; stop it first.`);
  }
  const lock = taken.lock;
  let engine: Engine | undefined;
  try {
    engine = await openEngine(config);
    if (config.mode === 'demo') {
      const seeded = await engine.seedDemo();
      if (seeded.created) log(`Loaded the demo company: ${seeded.created} records.`);
    } else {
      // Production never runs with the published demo password on any account.
      const demo = await usersWithPassword(engine.db.knex, engine.tenant, DEMO_PASSWORD);
      if (demo.length) throw new Error(`Production mode refuses to start: users ${demo.join(', ')} still have the demo password. Change their passwords or disable them first.`);
    }
    const opened = engine;
    configureMailer(config.mail);
    const watcher = watchModel(opened);
    const jobs = startJobRunner(() => opened.systemContext(), { onError: (e) => console.error('jobs:', e) });
    const views = createAuditBuffer(engine.db.knex, engine.tenant, { onError: (e) => console.error('audit: could not log record views:', e) });
    const app = createApp(
      { db: engine.db, tenant: engine.tenant, model: engine.model, adminToken: lock.token, runLocal: (op, args) => runLocalOperation(opened, op, args), views, mode: config.mode, admin: adminOperations(opened) },
      { uiDir: uiDirOf(config.rootDir, log) },
    );
    const server = await new Promise<Server>((resolveListen, reject) => {
      const s = app.listen(config.port, config.host, () => resolveListen(s));
      s.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    updateLock(config.dataDir, { ...lock, port });
    const url = `http://localhost:${port}`;
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections();
        await closed;
        watcher.stop();
        await jobs.stop();
        await views.close();
        await opened.close();
        releaseLock(config.dataDir);
      })());
    log(`CRM is running at ${url}  (database: ${engine.db.kind} ${engine.db.location}, model ${engine.model().version})`);
    return { engine, server, url, stop };
  } catch (e) {
    await engine?.close();
    releaseLock(config.dataDir);
    throw e;
  }
}
