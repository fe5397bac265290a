// The tenant admin's own fields (and indexes, rules) on any entity, added from the UI and live at once: an
// `extensions` document of the admin layer (see admin-documents.ts), which plugin upgrades never touch. Removing
// them archives the columns; the data stays.
import { EngineError, type Actor, type ErrorDetail } from '../core/index.ts';
import type { SchemaPlan } from '../schema/index.ts';
import { adminDocuments, adminFile, changeAdminDocument } from './admin-documents.ts';
import type { PluginHost } from './plugin-lifecycle.ts';
import { readBundles } from './read-bundle.ts';
import { installedPlugins } from './tenant-layers.ts';

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

export async function putAdminExtension(host: PluginHost, entity: string, doc: unknown, actor: Actor): Promise<SchemaPlan> {
  if (!NAME.test(entity) || !host.assembled().model.entities.has(entity)) throw new EngineError('NOT_FOUND', `Unknown entity "${entity}"`);
  const problems = await extensionProblems(host, entity, doc, adminFile('extensions', entity));
  return (await changeAdminDocument(host, { kind: 'extensions', name: entity, doc }, actor, { extraProblems: problems, reason: `fields of ${entity}` })).plan;
}

/** An admin extension's own rules, named at `file`: it extends the entity it is stored for, and uses no plugin's prefix. */
export async function extensionProblems(host: PluginHost, entity: string, doc: unknown, file: string): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  if (doc && typeof doc === 'object' && (doc as { extends?: unknown }).extends !== entity) problems.push({ file, pointer: '/extends', message: `must be "${entity}"` });
  // Plugin prefixes stay the plugins' own, installed or not (a bundle in plugins/, one uninstalled with its data
  // kept): an admin field named like one would collide with a later install or upgrade.
  const prefixes = new Map<string, string>();
  for (const b of [...readBundles(host.rootDir).bundles, ...host.assembled().plugins]) prefixes.set(b.manifest.prefix, b.manifest.name);
  for (const row of await installedPlugins(host.db.knex, host.tenant)) prefixes.set(row.prefix, row.name);
  for (const name of Object.keys((doc as { fields?: object })?.fields ?? {})) {
    const prefix = [...prefixes.keys()].find((p) => name.startsWith(`${p}_`));
    if (prefix) problems.push({ file, pointer: `/fields/${name}`, message: `the prefix "${prefix}_" belongs to plugin ${prefixes.get(prefix)}` });
  }
  return problems;
}

export async function deleteAdminExtension(host: PluginHost, entity: string, actor: Actor): Promise<SchemaPlan> {
  // Removing what is not there would still be a model change in the audit log; the name is not echoed back.
  if (!adminDocuments(host, 'extensions').some((d) => d.name === entity)) throw new EngineError('NOT_FOUND', 'No fields of yours on this entity', [{ path: 'entity', message: 'no admin fields' }]);
  return (await changeAdminDocument(host, { kind: 'extensions', name: entity, doc: undefined }, actor, { reason: `fields of ${entity} removed` })).plan;
}

export function adminExtensions(host: PluginHost): unknown[] {
  return adminDocuments(host, 'extensions').map((d) => d.doc);
}
