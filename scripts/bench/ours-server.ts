// Benchmark child: the engine's own HTTP app (createApp, as `crm serve` builds it) on a PostgreSQL tenant schema.
// The schema was applied by setup.ts, so this process does not sync it. Reports its port to the parent over IPC and
// exits cleanly on "stop" (so `node --cpu-prof` can write its profile).
//   DATABASE_URL=… CRM_SCHEMA=bench node --import tsx scripts/bench/ours-server.ts
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createAuditBuffer } from '../../engine/audit/index.ts';
import { createApp } from '../../engine/http/index.ts';
import { configFromEnv, openEngine } from '../../engine/server/index.ts';

const root = resolve(import.meta.dirname, '../..');
const config = configFromEnv(root, process.env);
if (!config.databaseUrl) throw new Error('DATABASE_URL is required: the benchmark runs on PostgreSQL');
const engine = await openEngine(config, { sync: false });
// As engine/server/start-server.ts builds it (minus the CLI's admin token and the web UI): record views are logged
// through the same batching audit buffer.
const views = createAuditBuffer(engine.db.knex, engine.tenant, { onError: (e) => console.error('audit: could not log record views:', e) });
const app = createApp({ db: engine.db, tenant: engine.tenant, model: engine.model, views });
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ ready: true, port, pid: process.pid });
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const closed = new Promise<void>((r) => server.close(() => r()));
  server.closeAllConnections();
  await closed;
  await views.close();
  await engine.close();
  process.exit(0);
}
process.on('message', (m) => {
  if (m === 'stop') void stop();
});
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());
