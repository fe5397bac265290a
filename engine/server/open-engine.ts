// Opens the engine for one tenant: build the Model from metadata (stop on any problem, before touching the
// database), open the database, bring the schema in line, and seed demo data on an empty demo install.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadRoleFiles, setDemoPasswords, syncBuiltinRoles, handleRecordChange, type RoleFile } from '../access/index.ts';
import { ALLOW_ALL, EngineError, SYSTEM_ACTOR, type RequestContext } from '../core/index.ts';
import { openDatabase, queryRows, qualified, type Database, type Tenant } from '../db/index.ts';
import { compiledEntity } from '../data/index.ts';
import { loadModelOrThrow, type Model } from '../metadata/index.ts';
import { applySchema, type SchemaPlan } from '../schema/index.ts';
import { checkWorkflowRoles, publishedVersion } from '../workflow/index.ts';
import { seedRecords, type SeedDocument } from '../seed/index.ts';
import type { ServerConfig } from './config.ts';

export interface Engine {
  db: Database;
  tenant: Tenant;
  model(): Model;
  /** Rebuilds the Model from the metadata files (throws with every problem when they are broken). */
  reloadModel(): Promise<Model>;
  /** Applies the current Model's schema; returns what was done. */
  syncSchema(): Promise<SchemaPlan>;
  seedDemo(): Promise<{ created: number }>;
  systemContext(): RequestContext;
  close(): Promise<void>;
}

export function metadataSources(config: ServerConfig) {
  return [{ dir: join(config.rootDir, 'metadata') }];
}

export const DEMO_PASSWORD = 'demo1234';

/**
 * Builds the Model, checks the built-in roles against it and compiles its validators now, so a broken definition
 * fails at start (with every problem listed), not on a request, and before the database is touched.
 */
function buildModel(config: ServerConfig): { model: Model; roles: RoleFile[] } {
  const model = loadModelOrThrow(metadataSources(config), config.rootDir);
  const { roles, problems } = loadRoleFiles(metadataSources(config), config.rootDir, model);
  problems.push(...checkWorkflowRoles(model, new Set(roles.map((r) => r.code))));
  if (problems.length) throw new EngineError('METADATA_INVALID', `The metadata has ${problems.length} problem(s); nothing was changed`, problems);
  for (const name of model.entities.keys()) compiledEntity(model, name);
  return { model, roles };
}

export async function openEngine(config: ServerConfig, options: { sync?: boolean } = {}): Promise<Engine> {
  let { model, roles } = buildModel(config);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const tenant: Tenant = { schema: config.schema, timeZone: config.timeZone };
  const engine: Engine = {
    db,
    tenant,
    model: () => model,
    async reloadModel() {
      ({ model, roles } = buildModel(config));
      return model;
    },
    async syncSchema() {
      const plan = await applySchema(db.knex, tenant, model);
      // Publishing now lets an admin see each flow's version before anyone submits.
      await db.knex.transaction(async (trx) => {
        for (const wf of model.workflows.values()) await publishedVersion(trx, tenant, wf);
      });
      const { kept } = await syncBuiltinRoles(engine.systemContext(), roles);
      for (const code of kept) console.warn(`Role "${code}" was edited by an administrator; the changes in its metadata file were not applied.`);
      return plan;
    },
    async seedDemo() {
      const file = join(config.rootDir, 'metadata', 'seed', 'demo.json');
      if (!existsSync(file)) return { created: 0 };
      const settings = qualified(tenant, 'crm_setting');
      const done = await queryRows(db.knex, `select 1 from ${settings} where key = 'demo_seeded'`);
      if (done.length) return { created: 0 };
      const doc = JSON.parse(readFileSync(file, 'utf8')) as SeedDocument;
      const result = await seedRecords(engine.systemContext(), doc, relative(config.rootDir, file));
      await setDemoPasswords(db.knex, tenant, DEMO_PASSWORD);
      await queryRows(db.knex, `insert into ${settings} (key, value) values ('demo_seeded', ?) on conflict (key) do nothing`, [new Date().toISOString()]);
      return result;
    },
    systemContext: () => ({ actor: SYSTEM_ACTOR, access: ALLOW_ALL, tenant, model, knex: db.knex, locale: 'zh-CN', requestId: 'system', onChange: handleRecordChange }),
    close: () => db.close(),
  };
  try {
    if (options.sync !== false) await engine.syncSchema();
  } catch (e) {
    await db.close();
    throw e;
  }
  return engine;
}
