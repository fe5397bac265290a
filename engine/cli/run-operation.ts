// Runs an operator command either through the running server (PGlite: the server owns the data folder) or in
// this process; either way the same operation from engine/server/local-operations does the work.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../core/index.ts';
import { acquireLock, currentHolder, openEngine, releaseLock, runLocalOperation, type LocalOperation, type LockInfo, type ServerConfig } from '../server/index.ts';

export async function runOperation(config: ServerConfig, op: LocalOperation, args: unknown = {}): Promise<unknown> {
  if (!config.databaseUrl) {
    const holder = currentHolder(config.dataDir);
    if (holder?.kind === 'server' && holder.port && holder.token) return viaServer(holder, op, args);
    const taken = acquireLock(config.dataDir, 'cli');
    if ('heldBy' in taken) throw new Error(`Another crm ${taken.heldBy.kind} (pid ${taken.heldBy.pid}) is using ${config.dataDir}; try again when it has finished.`);
    try {
      return await direct(config, op, args);
    } finally {
      releaseLock(config.dataDir);
    }
  }
  return direct(config, op, args);
}

async function direct(config: ServerConfig, op: LocalOperation, args: unknown): Promise<unknown> {
  console.error(databaseNote(config));
  // A plan or a check must change nothing; apply does its own sync; the rest need the schema in place first.
  const engine = await openEngine(config, { sync: !['schema plan', 'schema apply', 'audit verify', 'plugin list', 'backup'].includes(op) });
  try {
    return await runLocalOperation(engine, op, args);
  } finally {
    await engine.close();
  }
}

async function viaServer(server: LockInfo, op: LocalOperation, args: unknown): Promise<unknown> {
  console.error(`(working through the running server, pid ${server.pid}, port ${server.port})`);
  const res = await fetch(`http://127.0.0.1:${server.port}/api/local/run`, {
    method: 'POST',
    headers: { 'x-crm-admin-token': server.token!, 'content-type': 'application/json' },
    body: JSON.stringify({ operation: op, args }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { code: string; message: string; details: { path?: string; message: string }[] } };
  if (!res.ok) {
    throw new EngineError((body.error?.code ?? 'INTERNAL_ERROR') as never, body.error?.message ?? `server answered ${res.status}`, body.error?.details ?? []);
  }
  return body.result;
}

/** Which database a command opens, so that a wrong DATA_DIR or DATABASE_URL shows before anything is done to it. */
function databaseNote(config: ServerConfig): string {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    return `(database: PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}, schema ${config.schema})`;
  }
  // PGlite creates a missing folder as an empty database: say so, or a mistyped DATA_DIR looks like lost data.
  const exists = existsSync(join(config.dataDir, 'PG_VERSION'));
  return exists
    ? `(database: embedded PGlite in ${config.dataDir}, schema ${config.schema})`
    : `(database: none in ${config.dataDir}; creating an empty embedded PGlite database there. Set DATA_DIR or DATABASE_URL to use an existing one)`;
}
