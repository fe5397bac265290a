// Operator commands (crm schema plan|apply, seed demo, audit verify, user add, config export|import) as one list, run either in the CLI's
// own process or, when a server owns the embedded database, inside that server through its local route.
import { addUser } from '../access/index.ts';
import { verifyAudit } from '../audit/index.ts';
import { badRequest, EngineError } from '../core/index.ts';
import { exportConfigBundle, importConfigBundle, installPlugin, listPlugins, purgePlugin, uninstallPlugin, upgradePlugin } from '../plugins/index.ts';
import { readFileSync } from 'node:fs';
import { planSchema } from '../schema/index.ts';
import { createBackup, importTable, type ImportMapping, type ImportResult, type SheetEncoding } from '../transfer/index.ts';
import type { Engine } from './open-engine.ts';
import { contextForUser } from './user-context.ts';

export const LOCAL_OPERATIONS = {
  'schema plan': (engine: Engine) => planSchema(engine.db.knex, engine.tenant, engine.model()),
  'schema apply': async (engine: Engine) => engine.syncSchema(await engine.loadModel()),
  'seed demo': (engine: Engine) => engine.seedDemo(),
  'audit verify': (engine: Engine, args: { anchor?: { seq: number; hash: string } }) => verifyAudit(engine.db.knex, engine.tenant, { anchor: args.anchor }),
  'plugin list': (engine: Engine) => listPlugins(engine),
  'plugin install': (engine: Engine, args: { name: string; grantCore?: boolean }) => installPlugin(engine, args.name, { grantCore: args.grantCore }),
  'plugin upgrade': (engine: Engine, args: { name: string; grantCore?: boolean }) => upgradePlugin(engine, args.name, { grantCore: args.grantCore }),
  'plugin uninstall': (engine: Engine, args: { name: string }) => uninstallPlugin(engine, args.name),
  'plugin purge': (engine: Engine, args: { name: string; confirm?: string }) => purgePlugin(engine, args.name, { confirm: args.confirm }),
  'user add': async (engine: Engine, args: { username: string; displayName?: string; password: string; admin: boolean }) => ({
    id: await addUser(engine.systemContext(), args),
  }),
  // The file is read where the engine runs: the CLI and a server it works through share this machine.
  import: async (engine: Engine, args: ImportArgs): Promise<ImportResult> =>
    importTable(await contextForUser(engine, args.user), args.entity, { ...args, fileName: args.file, bytes: readFileSync(args.file) }),
  // Configuration bundles act as the named user (default admin), with that user's rights on role records.
  'config export': async (engine: Engine, args: { user?: string }) => exportConfigBundle(engine, await contextForUser(engine, args.user ?? 'admin')),
  'config import': async (engine: Engine, args: { user?: string; file: string; dryRun?: boolean }) =>
    importConfigBundle(engine, await contextForUser(engine, args.user ?? 'admin'), readJsonFile(args.file), { dryRun: args.dryRun === true }),
  // The file is written where the engine runs; the CLI passes an absolute path.
  backup: (engine: Engine, args: { file: string }) =>
    createBackup({ db: engine.db, files: engine.files, schema: engine.tenant.schema, dataDir: engine.config.dataDir, databaseUrl: engine.config.databaseUrl }, args.file),
} as const;

function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new EngineError('BAD_REQUEST', `${file}: ${(e as Error).message}`, [{ path: 'file', message: 'not a readable JSON file' }]);
  }
}

export interface ImportArgs {
  user: string;
  entity: string;
  file: string;
  encoding?: SheetEncoding;
  mapping?: ImportMapping;
  key?: string[];
  onDuplicate?: 'skip' | 'update' | 'create';
  mode?: 'all' | 'valid';
  dryRun?: boolean;
}

export type LocalOperation = keyof typeof LOCAL_OPERATIONS;

export function isLocalOperation(name: string): name is LocalOperation {
  return Object.hasOwn(LOCAL_OPERATIONS, name);
}

export async function runLocalOperation(engine: Engine, name: string, args: unknown): Promise<unknown> {
  if (!isLocalOperation(name)) throw badRequest(`Unknown operation "${name}"`);
  const op = LOCAL_OPERATIONS[name] as (engine: Engine, args: unknown) => Promise<unknown>;
  return op(engine, args ?? {});
}
