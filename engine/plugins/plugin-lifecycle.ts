// Install, upgrade and uninstall a plugin on a running system. Each is validated in full first (bundle, dependencies,
// the whole resulting Model), then schema, roles, seed data, data migrations and the registry change happen in one
// transaction: a failure at any step, or a killed process, leaves the tenant exactly as it was.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Knex } from 'knex';
import semver from 'semver';
import { assertMayGrant, bumpAccessVersion, syncBuiltinRoles } from '../access/index.ts';
import { EngineError, type AccessPolicy, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { formulaFiller } from '../data/index.ts';
import { qualified, queryRows, type Database, type Tenant } from '../db/index.ts';
import { applySchemaIn, bumpModelState, type SchemaPlan } from '../schema/index.ts';
import { seedRecords, type SeedDocument } from '../seed/index.ts';
import { publishedVersion } from '../workflow/index.ts';
import { assembleModel, insidePlugin, type AssembledModel } from './assemble-model.ts';
import { runDataMigrations } from './data-migrations.ts';
import { installedBundles, snapshotBundle } from './bundle-snapshot.ts';
import { readBundles, type Bundle } from './read-bundle.ts';
import { resolvePlugins } from './resolve-plugins.ts';
import { installedPlugins, type InstalledPlugin } from './tenant-layers.ts';

export interface PluginHost {
  db: Database;
  tenant: Tenant;
  rootDir: string;
  /** Demo installs load a plugin's demo data on first install. */
  demo: boolean;
  /** Where a purge writes its backup before removing anything. */
  backupDir: string;
  assembled(): AssembledModel;
  /** Runs on `next` from now on; `state`: the model state token the change wrote (see bumpModelState). */
  replace(next: AssembledModel, state?: string): void;
  /** The system actor's context on `model`, its knex being `trx`. */
  systemContext(trx: Knex, model: AssembledModel['model']): RequestContext;
}

export type PluginStep = 'schema' | 'roles' | 'seed' | 'migrations' | 'record';

export interface LifecycleOptions {
  /** The admin's consent to the bundle's role grants on entities outside the plugin. */
  grantCore?: boolean;
  /** Who gives that consent, when a signed-in user does (not the operator at the CLI): they must hold those rights. */
  grantor?: AccessPolicy;
  /** Tests: fail right after this step, inside the transaction. */
  failAfter?: PluginStep;
}

export interface LifecycleResult {
  name: string;
  version: string;
  status: 'installed' | 'disabled';
  plan: SchemaPlan;
  /** What the operator should know that did not stop the operation (demo data not loaded, and why). */
  notes?: string[];
}

export async function installPlugin(host: PluginHost, name: string, options: LifecycleOptions = {}): Promise<LifecycleResult> {
  const rows = await installedPlugins(host.db.knex, host.tenant);
  const row = rows.find((r) => r.name === name);
  if (row?.status === 'installed') throw new EngineError('CONFLICT', `Plugin "${name}" is already installed (version ${row.version}); use upgrade`);
  const next = plan(host, rows, name, 'add', options.grantCore === true || row?.core_grants === true);
  const bundle = next.plugins.find((b) => b.manifest.name === name)!;
  assertConsentHeld(host, next, bundle, options, options.grantCore === true || row?.core_grants === true);
  const notes: string[] = [];
  const result = await commit(host, next, bundle, options, async (trx, step) => {
    // Seed only on the first install: a reinstall finds the old data still there. A plugin's demo data builds on the
    // demo company (its customers, users, products), so it is loaded only where that is.
    if (!row && host.demo && hasDemoSeed(bundle)) {
      if (await demoCompanyLoaded(trx, host.tenant)) await seed(host, next, bundle, trx);
      else notes.push(`Its demo data (seed/demo.json) was not loaded: it builds on the demo company, which this database does not hold (crm seed demo loads it into an empty database; install the plugin after that to get both).`);
    }
    await step('seed');
    await runDataMigrations(trx, host.tenant, next.model, bundle);
    await step('migrations');
    await queryRows(
      trx,
      `insert into ${qualified(host.tenant, 'crm_plugin')} (name, version, prefix, status, core_grants, manifest, metadata) values (?, ?, ?, 'installed', ?, ?::jsonb, ?::json)
       on conflict (name) do update set version = excluded.version, status = 'installed', core_grants = excluded.core_grants, manifest = excluded.manifest,
         metadata = excluded.metadata, updated_at = now()`,
      [name, bundle.manifest.version, bundle.manifest.prefix, options.grantCore === true || row?.core_grants === true, JSON.stringify(bundle.manifest), JSON.stringify(bundle.docs)],
    );
  });
  return notes.length ? { ...result, notes } : result;
}

export async function upgradePlugin(host: PluginHost, name: string, options: LifecycleOptions = {}): Promise<LifecycleResult> {
  const rows = await installedPlugins(host.db.knex, host.tenant);
  const row = rows.find((r) => r.name === name && r.status === 'installed');
  if (!row) throw new EngineError('NOT_FOUND', `Plugin "${name}" is not installed`);
  const next = plan(host, rows, name, 'keep', options.grantCore === true || row.core_grants);
  const bundle = next.plugins.find((b) => b.manifest.name === name)!;
  assertConsentHeld(host, next, bundle, options, options.grantCore === true || row.core_grants);
  if (!semver.gt(bundle.manifest.version, row.version)) {
    throw new EngineError('CONFLICT', `plugins/${name} holds version ${bundle.manifest.version}; version ${row.version} is installed, so there is nothing to upgrade to`);
  }
  if (bundle.manifest.prefix !== row.prefix) {
    // The prefix names the plugin's tables and fields: changing it would orphan every row written so far.
    throw new EngineError('CONFLICT', `plugins/${name} changes its prefix; nothing was changed`, [
      { file: `plugins/${name}/plugin.json`, pointer: '/prefix', message: `the installed version uses prefix "${row.prefix}"; an upgrade may not change it to "${bundle.manifest.prefix}"` },
    ]);
  }
  return commit(host, next, bundle, options, async (trx, step) => {
    await step('seed');
    await runDataMigrations(trx, host.tenant, next.model, bundle);
    await step('migrations');
    await queryRows(trx, `update ${qualified(host.tenant, 'crm_plugin')} set version = ?, manifest = ?::jsonb, metadata = ?::json, core_grants = ?, updated_at = now() where name = ?`, [
      bundle.manifest.version,
      JSON.stringify(bundle.manifest),
      JSON.stringify(bundle.docs),
      options.grantCore === true || row.core_grants,
      name,
    ]);
  });
}

/** Disables the plugin: its menus and API go, its tables and data stay and come back on reinstall. */
export async function uninstallPlugin(host: PluginHost, name: string, options: LifecycleOptions = {}): Promise<LifecycleResult> {
  const rows = await installedPlugins(host.db.knex, host.tenant);
  const row = rows.find((r) => r.name === name && r.status === 'installed');
  if (!row) throw new EngineError('NOT_FOUND', `Plugin "${name}" is not installed`);
  const dependants = rows.filter((r) => r.status === 'installed' && r.name !== name && r.manifest.dependencies?.[name] !== undefined);
  if (dependants.length) throw new EngineError('CONFLICT', `Uninstall ${dependants.map((d) => d.name).join(', ')} first: they depend on "${name}"`);
  const next = plan(host, rows, name, 'remove', false);
  return commit(host, next, undefined, options, async (trx) => {
    await queryRows(trx, `update ${qualified(host.tenant, 'crm_plugin')} set status = 'disabled', updated_at = now() where name = ?`, [name]);
  }, { name, version: row.version, status: 'disabled' });
}

/**
 * Consent to core grants is a grant by whoever gives it, held to the one grant rule (engine/access): the rights the
 * plugin's roles get outside the plugin, beyond what the installed version already had, must be the grantor's own
 * unless they manage users. Consent recorded earlier covers an upgrade only as far as the earlier version went.
 */
function assertConsentHeld(host: PluginHost, next: AssembledModel, bundle: Bundle, options: LifecycleOptions, consented: boolean): void {
  if (!consented || !options.grantor) return;
  const installed = host.assembled().roles;
  for (const role of next.roles.filter((r) => r.plugin === bundle.manifest.name)) {
    const old = installed.find((r) => r.plugin === role.plugin && r.code === role.code);
    try {
      assertMayGrant(options.grantor, next.model, { rights: { after: role.permissions, before: [insidePlugin(role.permissions, bundle), ...(old ? [old.permissions] : [])] } });
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      throw new EngineError(e.code, `Plugin "${bundle.manifest.name}", role "${role.code}": ${e.message}`, e.details.map((d) => ({ file: role.file, pointer: d.path, message: d.message })));
    }
  }
}

/**
 * Resolves and assembles the Model the change would produce, reporting every problem before anything is written.
 * The other installed plugins take part as installed (their recorded metadata); only the plugin being installed or
 * upgraded is read from plugins/.
 */
function plan(host: PluginHost, rows: InstalledPlugin[], name: string, change: 'add' | 'keep' | 'remove', grantCore: boolean): AssembledModel {
  const enabled = rows.filter((r) => r.status === 'installed' && r.name !== name);
  const { bundles, problems } = installedBundles(host.rootDir, enabled);
  if (problems.length) throw new EngineError('METADATA_INVALID', 'An installed plugin cannot be loaded', problems);
  const wanted = enabled.map((r) => r.name);
  // Bundles on disk that are not installed only help explain a refusal ("install it first", a cycle through them).
  const candidates = new Set<string>();
  if (change !== 'remove') {
    wanted.push(name);
    const disk = readBundles(host.rootDir);
    const target = disk.bundles.find((b) => b.manifest.name === name);
    const snapshot = target && snapshotBundle(host.rootDir, target);
    const own = [...disk.problems.filter((p) => p.file?.startsWith(`plugins/${name}/`)), ...(snapshot?.problems ?? [])];
    if (own.length) throw new EngineError('METADATA_INVALID', `The bundle plugins/${name} is not valid`, own);
    if (snapshot) bundles.push(snapshot.bundle);
    for (const b of disk.bundles) {
      if (b === target || wanted.includes(b.manifest.name)) continue;
      candidates.add(b.manifest.name);
      bundles.push(b);
    }
  }
  const { order, problems: resolution } = resolvePlugins(bundles, wanted, candidates);
  if (resolution.length) throw new EngineError('METADATA_INVALID', 'The plugin cannot be resolved against what is installed', resolution);
  // An uninstalled plugin keeps its prefix: its tables and data are still there and come back on reinstall.
  const prefix = order.find((b) => b.manifest.name === name)?.manifest.prefix;
  const holder = change !== 'remove' ? rows.find((r) => r.name !== name && r.status === 'disabled' && r.prefix === prefix) : undefined;
  if (holder) {
    throw new EngineError('CONFLICT', `The prefix "${prefix}" belongs to the uninstalled plugin ${holder.name}; nothing was changed`, [
      { file: `plugins/${name}/plugin.json`, pointer: '/prefix', message: `prefix "${prefix}" belongs to plugin "${holder.name}" (uninstalled, its tables and data are kept)` },
    ]);
  }
  const coreGrants = new Set(rows.filter((r) => r.core_grants && r.name !== name).map((r) => r.name));
  if (grantCore) coreGrants.add(name);
  const admin = host.assembled().admin;
  try {
    return assembleModel(host.rootDir, order, { coreGrants, admin });
  } catch (e) {
    throw adminConflicts(host, order, coreGrants, admin) ?? e;
  }
}

/**
 * Fields the administrator added that the plugins now define too (an upgrade adding a field the admin already
 * added): a conflict for the admin to resolve, never settled by overwriting one of them.
 */
function adminConflicts(host: PluginHost, order: Bundle[], coreGrants: ReadonlySet<string>, admin: AssembledModel['admin']): EngineError | undefined {
  const extensions = admin?.docs?.extensions ?? [];
  if (!extensions.length) return undefined;
  let base: AssembledModel;
  try {
    base = assembleModel(host.rootDir, order, { coreGrants });
  } catch {
    return undefined;
  }
  const details: ErrorDetail[] = [];
  for (const { file, json } of extensions) {
    const doc = json as { extends: string; fields?: Record<string, unknown> };
    for (const field of Object.keys(doc.fields ?? {})) {
      const taken = base.model.entities.get(doc.extends)?.fields.get(field);
      if (taken) {
        details.push({ file, pointer: `/fields/${field}`, message: `the administrator's field "${doc.extends}.${field}" is also defined by ${taken.source.file} ${taken.source.pointer}; remove or rename the administrator's field first` });
      }
    }
  }
  return details.length ? new EngineError('CONFLICT', `The plugins define ${details.length} field(s) the administrator already added; nothing was changed`, details) : undefined;
}

async function commit(
  host: PluginHost,
  next: AssembledModel,
  bundle: Bundle | undefined,
  options: LifecycleOptions,
  work: (trx: Knex.Transaction, step: (s: PluginStep) => Promise<void>) => Promise<void>,
  result?: Omit<LifecycleResult, 'plan'>,
): Promise<LifecycleResult> {
  const step = async (s: PluginStep) => {
    if (options.failAfter === s) throw new Error(`injected failure after the ${s} step`);
    // Tests kill the process here to prove an interrupted install leaves nothing behind.
    if (process.env.CRM_TEST_PAUSE_AFTER === s) await new Promise((r) => setTimeout(r, 60_000));
  };
  let state: string | undefined;
  const applied = await host.db.knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`crm-plugins:${host.tenant.schema}`]);
    const schemaPlan = await applySchemaIn(trx, host.tenant, next.model, formulaFiller(host.tenant));
    await step('schema');
    for (const wf of next.model.workflows.values()) await publishedVersion(trx, host.tenant, wf);
    if (bundle) await syncBuiltinRoles(host.systemContext(trx, next.model), next.roles.filter((r) => r.plugin === bundle.manifest.name));
    await step('roles');
    await work(trx, step);
    await step('record');
    await bumpAccessVersion(trx, host.tenant);
    state = await bumpModelState(trx, host.tenant);
    return schemaPlan;
  });
  host.replace(next, state);
  const manifest = bundle?.manifest;
  return { ...(result ?? { name: manifest!.name, version: manifest!.version, status: 'installed' }), plan: applied };
}

const demoSeedFile = (bundle: Bundle) => join(bundle.dir, 'seed', 'demo.json');
const hasDemoSeed = (bundle: Bundle) => existsSync(demoSeedFile(bundle));

// The flag the core demo seed sets (engine/server/open-engine.ts, seedDemo).
async function demoCompanyLoaded(trx: Knex.Transaction, tenant: Tenant): Promise<boolean> {
  return (await queryRows(trx, `select 1 from ${qualified(tenant, 'crm_setting')} where key = 'demo_seeded'`)).length > 0;
}

async function seed(host: PluginHost, next: AssembledModel, bundle: Bundle, trx: Knex.Transaction): Promise<void> {
  const file = demoSeedFile(bundle);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as SeedDocument;
  // Records the seed puts into entities the plugin does not own (e.g. the configurator's templates) outlive a purge,
  // which drops only the plugin's own tables: a later install keeps those instead of refusing them as duplicates.
  const own = `plugins/${bundle.manifest.name}/`;
  await seedRecords(host.systemContext(trx, next.model), doc, relative(host.rootDir, file), { keepExisting: (entity) => !entity.source.file.startsWith(own) });
}
