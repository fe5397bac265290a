// Opens the engine for one tenant: check the project's metadata (stop on any problem, before touching the
// database), open the database, assemble the tenant's Model (its plugins and admin edits), bring the schema in line,
// and seed demo data on an empty demo install. The Model can be replaced while the server runs.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Knex } from 'knex';
import { handleRecordChange, RECORD_CHANGE_AUDIT, setDemoPasswords, syncBuiltinRoles } from '../access/index.ts';
import { ALLOW_ALL, SYSTEM_ACTOR, type RequestContext } from '../core/index.ts';
import { formulaFiller } from '../data/index.ts';
import { openDatabase, queryRows, qualified, type Database, type Tenant } from '../db/index.ts';
import type { Model } from '../metadata/index.ts';
import { recordModelReload } from '../observe/index.ts';
import { assembleModel, loadTenantModel, type AssembledModel, type PluginHost } from '../plugins/index.ts';
import { applySchema, bumpModelState, runEngineMigrations, type SchemaPlan } from '../schema/index.ts';
import { seedRecords, type SeedDocument } from '../seed/index.ts';
import { openFileStore, registerTenantFiles, type FileStore } from '../files/index.ts';
import { registerBackupHost } from '../transfer/index.ts';
import { publishedVersion } from '../workflow/index.ts';
import type { ServerConfig } from './config.ts';

export interface Engine extends PluginHost {
  config: ServerConfig;
  /** Where the tenant's attachments are kept (DATA_DIR/files or the S3 bucket). */
  files: FileStore;
  model(): Model;
  /**
   * Rebuilds the Model from the files and what the database says is installed (throws with every problem); `state`:
   * the model state token read before, which the rebuilt Model stands for.
   */
  reloadModel(state?: string): Promise<Model>;
  /** The model state token this process's Model stands for, when this process wrote or read it (model-watcher.ts). */
  modelState(): string | undefined;
  /**
   * Applies a Model's schema (the current one, or `next`, e.g. files edited under a running server) and built-in
   * roles; this process runs on `next` only once its schema is in: a refused or failed apply leaves the running
   * Model exactly as it was, and other processes are told through the model state only after success.
   */
  syncSchema(next?: AssembledModel): Promise<SchemaPlan>;
  /** The Model the files and the database describe now, without running on it. */
  loadModel(): Promise<AssembledModel>;
  seedDemo(): Promise<{ created: number }>;
  systemContext(knex?: Knex, model?: Model): RequestContext;
  close(): Promise<void>;
}

export const DEMO_PASSWORD = 'demo1234';

export async function openEngine(config: ServerConfig, options: { sync?: boolean } = {}): Promise<Engine> {
  // The project's own metadata is checked before the database is opened: a broken file changes nothing.
  assembleModel(config.rootDir, []);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const tenant: Tenant = { schema: config.schema, timeZone: config.timeZone };
  let assembled: AssembledModel;
  let ownState: string | undefined;
  try {
    assembled = await loadTenantModel(db.knex, tenant, config.rootDir);
  } catch (e) {
    await db.close();
    throw e;
  }
  const engine: Engine = {
    config,
    files: openFileStore(config, config.schema),
    db,
    tenant,
    rootDir: config.rootDir,
    demo: config.mode === 'demo',
    backupDir: config.backupDir,
    model: () => assembled.model,
    assembled: () => assembled,
    replace(next, state) {
      assembled = next;
      ownState = state;
      recordModelReload();
    },
    modelState: () => ownState,
    async reloadModel(state) {
      assembled = await engine.loadModel();
      ownState = state;
      recordModelReload();
      return assembled.model;
    },
    async loadModel() {
      await runEngineMigrations(db.knex, tenant);
      return loadTenantModel(db.knex, tenant, config.rootDir);
    },
    async syncSchema(next) {
      const plan = await applySchema(db.knex, tenant, (next ?? assembled).model, formulaFiller(tenant));
      if (next) engine.replace(next, await bumpModelState(db.knex, tenant));
      // Publishing now lets an admin see each flow's version before anyone submits.
      await db.knex.transaction(async (trx) => {
        for (const wf of assembled.model.workflows.values()) await publishedVersion(trx, tenant, wf);
      });
      const { kept } = await syncBuiltinRoles(engine.systemContext(), assembled.roles);
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
    systemContext: (knex = db.knex, model = assembled.model) => ({
      actor: SYSTEM_ACTOR,
      access: ALLOW_ALL,
      tenant,
      model,
      knex,
      locale: 'zh-CN',
      requestId: 'system',
      onChange: handleRecordChange,
      changeAudit: RECORD_CHANGE_AUDIT,
    }),
    close: () => db.close(),
  };
  registerTenantFiles(tenant, { store: engine.files, keepDeletedDays: config.fileRetentionDays });
  // Scheduled backups and 立即备份 run in the process that opened the database, through its connection.
  registerBackupHost(tenant, { db, files: engine.files, dataDir: config.dataDir, databaseUrl: config.databaseUrl, backupDir: config.backupDir, rootDir: config.rootDir });
  try {
    if (options.sync !== false) await engine.syncSchema();
  } catch (e) {
    await db.close();
    throw e;
  }
  return engine;
}
