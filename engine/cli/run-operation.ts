// Runs a CLI operation either through the running server (PGlite: the server owns the data folder) or directly.
import { formatPlan, planSchema, type SchemaPlan } from '../schema/index.ts';
import { acquireLock, currentHolder, openEngine, releaseLock, type LockInfo, type ServerConfig } from '../server/index.ts';

type Operation = 'schema plan' | 'schema apply' | 'seed demo';

export async function runOperation(config: ServerConfig, op: Operation): Promise<number> {
  if (!config.databaseUrl) {
    const holder = currentHolder(config.dataDir);
    if (holder?.kind === 'server' && holder.port && holder.token) return viaServer(holder, op);
    const taken = acquireLock(config.dataDir, 'cli');
    if ('heldBy' in taken) {
      console.error(`Another crm ${taken.heldBy.kind} (pid ${taken.heldBy.pid}) is using ${config.dataDir}; try again when it has finished.`);
      return 1;
    }
    try {
      return await direct(config, op);
    } finally {
      releaseLock(config.dataDir);
    }
  }
  return direct(config, op);
}

async function direct(config: ServerConfig, op: Operation): Promise<number> {
  const engine = await openEngine(config, { sync: op === 'seed demo' });
  try {
    if (op === 'schema plan') {
      const plan = await planSchema(engine.db.knex, engine.tenant, engine.model());
      console.log(formatPlan(plan));
      return plan.refused ? 1 : 0;
    }
    if (op === 'schema apply') {
      const applied = await engine.syncSchema();
      console.log(applied.steps.length ? `Applied:\n${formatPlan(applied)}` : formatPlan(applied));
      return 0;
    }
    const seeded = await engine.seedDemo();
    console.log(seeded.created ? `Loaded ${seeded.created} demo records.` : 'Demo data is already loaded; nothing to do.');
    return 0;
  } finally {
    await engine.close();
  }
}

async function viaServer(server: LockInfo, op: Operation): Promise<number> {
  const path = { 'schema plan': ['GET', '/api/local/schema/plan'], 'schema apply': ['POST', '/api/local/schema/apply'], 'seed demo': ['POST', '/api/local/seed/demo'] }[op];
  console.error(`(working through the running server, pid ${server.pid}, port ${server.port})`);
  const res = await fetch(`http://127.0.0.1:${server.port}${path[1]}`, { method: path[0], headers: { 'x-crm-admin-token': server.token! } });
  const body = (await res.json()) as SchemaPlan & { created?: number; error?: { message: string; details: { path?: string; message: string }[] } };
  if (!res.ok) {
    console.error(`Error: ${body.error?.message}`);
    for (const d of body.error?.details ?? []) console.error(`  ${d.path ?? ''}: ${d.message}`);
    return 1;
  }
  if (op === 'seed demo') console.log(body.created ? `Loaded ${body.created} demo records.` : 'Demo data is already loaded; nothing to do.');
  else console.log(formatPlan(body));
  return body.refused ? 1 : 0;
}
