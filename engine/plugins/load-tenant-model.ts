// The tenant's Model from what the database says is installed and edited: enabled plugins (at the versions
// installed, from their recorded metadata) and the admin layer.
import type { Knex } from 'knex';
import { EngineError } from '../core/index.ts';
import type { Tenant } from '../db/index.ts';
import { assembleModel, type AssembledModel } from './assemble-model.ts';
import { installedBundles } from './bundle-snapshot.ts';
import { resolvePlugins } from './resolve-plugins.ts';
import { adminLayer, installedPlugins } from './tenant-layers.ts';

export async function loadTenantModel(knex: Knex, tenant: Tenant, rootDir: string): Promise<AssembledModel> {
  const installed = (await installedPlugins(knex, tenant)).filter((p) => p.status === 'installed');
  const admin = await adminLayer(knex, tenant);
  if (!installed.length) return assembleModel(rootDir, [], { admin });
  const { bundles, problems } = installedBundles(rootDir, installed);
  const { order, problems: resolution } = resolvePlugins(bundles, installed.map((p) => p.name));
  const relevant = [...problems, ...resolution];
  if (relevant.length) throw new EngineError('METADATA_INVALID', `An installed plugin cannot be loaded (${relevant.length} problem(s))`, relevant);
  return assembleModel(rootDir, order, { coreGrants: new Set(installed.filter((p) => p.core_grants).map((p) => p.name)), admin });
}
