// The tenant admin's own fields (and indexes, rules) on any entity, added from the UI and live at once: checked
// like any metadata, applied with the schema in one transaction, kept in the admin layer that plugin upgrades
// never touch. Removing them archives the columns; the data stays.
import { EngineError, type Actor } from '../core/index.ts';
import { formulaFiller } from '../data/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { validateDocument, type MetadataSource } from '../metadata/index.ts';
import { applySchemaIn, type SchemaPlan } from '../schema/index.ts';
import { assembleModel } from './assemble-model.ts';
import type { PluginHost } from './plugin-lifecycle.ts';
import { readBundles } from './read-bundle.ts';
import { installedPlugins } from './tenant-layers.ts';

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

export async function putAdminExtension(host: PluginHost, entity: string, doc: unknown, actor: Actor): Promise<SchemaPlan> {
  if (!NAME.test(entity) || !host.assembled().model.entities.has(entity)) throw new EngineError('NOT_FOUND', `Unknown entity "${entity}"`);
  const file = `admin:extensions/${entity}`;
  const problems = validateDocument('extension', file, doc);
  if (!problems.length && (doc as { extends: string }).extends !== entity) problems.push({ file, pointer: '/extends', message: `must be "${entity}"` });
  // Plugin prefixes stay the plugins' own, installed or not (a bundle in plugins/, one uninstalled with its data
  // kept): an admin field named like one would collide with a later install or upgrade.
  const prefixes = new Map<string, string>();
  for (const b of [...readBundles(host.rootDir).bundles, ...host.assembled().plugins]) prefixes.set(b.manifest.prefix, b.manifest.name);
  for (const row of await installedPlugins(host.db.knex, host.tenant)) prefixes.set(row.prefix, row.name);
  for (const name of Object.keys((doc as { fields?: object })?.fields ?? {})) {
    const prefix = [...prefixes.keys()].find((p) => name.startsWith(`${p}_`));
    if (prefix) problems.push({ file, pointer: `/fields/${name}`, message: `the prefix "${prefix}_" belongs to plugin ${prefixes.get(prefix)}` });
  }
  if (problems.length) throw new EngineError('VALIDATION_FAILED', 'The field definitions are not valid', problems.map((p) => ({ ...p, path: p.pointer })));
  // The document as jsonb will give it back (its own key order): this process then builds the very Model that
  // every other process, and this one after a restart, builds from the database.
  const [stored] = await queryRows<{ doc: unknown }>(host.db.knex, 'select ?::jsonb as doc', [JSON.stringify(doc)]);
  return apply(host, entity, stored!.doc, actor);
}

export async function deleteAdminExtension(host: PluginHost, entity: string, actor: Actor): Promise<SchemaPlan> {
  // Removing what is not there would still be a model change in the audit log; the name is not echoed back.
  const file = `admin:extensions/${entity}`;
  if (!(host.assembled().admin?.docs?.extensions ?? []).some((f) => f.file === file)) throw new EngineError('NOT_FOUND', 'No fields of yours on this entity', [{ path: 'entity', message: 'no admin fields' }]);
  return apply(host, entity, undefined, actor);
}

export function adminExtensions(host: PluginHost): unknown[] {
  return (host.assembled().admin?.docs?.extensions ?? []).map((f) => f.json);
}

async function apply(host: PluginHost, entity: string, doc: unknown, actor: Actor): Promise<SchemaPlan> {
  const current = host.assembled();
  const others = (current.admin?.docs?.extensions ?? []).filter((f) => f.file !== `admin:extensions/${entity}`);
  const admin: MetadataSource = {
    docs: { ...current.admin?.docs, extensions: doc === undefined ? others : [...others, { file: `admin:extensions/${entity}`, json: doc }] },
    dormantExtensions: true,
  };
  const next = assembleModel(host.rootDir, current.plugins, { coreGrants: current.coreGrants, admin });
  const plan = await host.db.knex.transaction(async (trx) => {
    const applied = await applySchemaIn(trx, host.tenant, next.model, formulaFiller(host.tenant));
    const table = qualified(host.tenant, 'crm_metadata_overlay');
    if (doc === undefined) await queryRows(trx, `delete from ${table} where kind = 'extensions' and name = ?`, [entity]);
    else {
      await queryRows(
        trx,
        `insert into ${table} (kind, name, doc, updated_by) values ('extensions', ?, ?::jsonb, ?)
         on conflict (kind, name) do update set doc = excluded.doc, updated_by = excluded.updated_by, updated_at = now()`,
        [entity, JSON.stringify(doc), actor.id],
      );
    }
    await queryRows(trx, `insert into ${qualified(host.tenant, 'crm_setting')} (key, value) values ('model_state', gen_random_uuid()::text) on conflict (key) do update set value = excluded.value`);
    return applied;
  });
  host.replace(next);
  return plan;
}
