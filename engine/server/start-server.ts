// `crm serve`: take the data folder, open the engine, seed a demo install, listen, and shut down cleanly: stop taking
// requests, let those in flight finish (up to a deadline), stop the job runner, close the pools, release the lock.
import type { Server, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditBuffer } from '../audit/index.ts';
import { createApp, keepConnectionsAlive } from '../http/index.ts';
import { startJobRunner } from '../jobs/index.ts';
import { configureMailer } from '../notify/index.ts';
import { rootLogger, type Logger } from '../observe/index.ts';
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
function uiDirOf(rootDir: string, logger: Logger): string | undefined {
  const built = join(rootDir, 'ui', 'dist');
  if (existsSync(join(built, 'index.html'))) return built;
  logger.warn('The web UI is not built (ui/dist): serving the API only. `npm start` builds it.');
  return undefined;
}

export async function startServer(config: ServerConfig, logger: Logger = rootLogger()): Promise<RunningServer> {
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
      if (seeded.created) logger.info({ records: seeded.created }, `Loaded the demo company: ${seeded.created} records.`);
    } else {
      // Production never runs with the published demo password on any account.
      const demo = await usersWithPassword(engine.db.knex, engine.tenant, DEMO_PASSWORD);
      if (demo.length) throw new Error(`Production mode refuses to start: users ${demo.join(', ')} still have the demo password. Change their passwords or disable them first.`);
    }
    const opened = engine;
    configureMailer(config.mail);
    const watcher = watchModel(opened, { onError: (err) => logger.error({ err }, 'model reload failed') });
    const jobs = startJobRunner(() => opened.systemContext(), { onError: (err) => logger.error({ err }, 'job run failed') });
    const views = createAuditBuffer(engine.db.knex, engine.tenant, { onError: (err) => logger.error({ err }, 'could not log record views') });
    const app = createApp(
      {
        db: engine.db,
        tenant: engine.tenant,
        model: engine.model,
        adminToken: lock.token,
        runLocal: (op, args) => runLocalOperation(opened, op, args),
        views,
        mode: config.mode,
        admin: adminOperations(opened),
        logger,
        metricsToken: config.metricsToken,
        files: engine.files,
      },
      { uiDir: uiDirOf(config.rootDir, logger) },
    );
    const server = await new Promise<Server>((resolveListen, reject) => {
      const s = keepConnectionsAlive(app.listen(config.port, config.host, () => resolveListen(s)));
      s.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    updateLock(config.dataDir, { ...lock, port });
    const url = `http://localhost:${port}`;
    let stopping: Promise<void> | undefined;
    // Answers still to come when stopping close their connection, so keep-alive clients go elsewhere instead of
    // reusing it; the responses in flight are tracked for that.
    const inFlight = new Set<ServerResponse>();
    server.prependListener('request', (_req, res: ServerResponse) => {
      inFlight.add(res);
      res.once('close', () => inFlight.delete(res));
    });
    const stop = () =>
      (stopping ??= (async () => {
        // close() refuses new connections and drops idle ones; requests in flight run on until the deadline. Logged
        // after, so whoever reads the line can count on the port being shut.
        const closed = new Promise<void>((r) => server.close(() => r()));
        for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
        logger.info({ graceSeconds: config.shutdownGraceSeconds }, 'Shutting down: no new connections; finishing the requests in flight');
        const deadline = setTimeout(() => {
          logger.warn('Requests still running at the shutdown deadline: closing their connections');
          server.closeAllConnections();
        }, config.shutdownGraceSeconds * 1000);
        await closed;
        clearTimeout(deadline);
        watcher.stop();
        await jobs.stop();
        await views.close();
        await opened.close();
        releaseLock(config.dataDir);
        logger.info('Stopped');
      })());
    logger.info({ url, database: engine.db.kind, model: engine.model().version }, `CRM is running at ${url}  (database: ${engine.db.kind} ${engine.db.location}, model ${engine.model().version})`);
    return { engine, server, url, stop };
  } catch (e) {
    await engine?.close();
    releaseLock(config.dataDir);
    throw e;
  }
}
