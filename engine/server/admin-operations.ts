// The engine's administration, as the HTTP layer offers it to signed-in admins.
import type { AdminOperations } from '../http/index.ts';
import { adminDocuments, adminExtensions, changeAdminDocument, changeAdminDocumentsTogether, deleteAdminExtension, exportConfigBundle, importConfigBundle, installPlugin, listPlugins, purgePlugin, putAdminExtension, uninstallPlugin, upgradePlugin } from '../plugins/index.ts';
import type { MetadataKind } from '../metadata/index.ts';
import type { Engine } from './open-engine.ts';

export function adminOperations(engine: Engine): AdminOperations {
  const lifecycle = { install: installPlugin, upgrade: upgradePlugin, uninstall: uninstallPlugin };
  return {
    listPlugins: () => listPlugins(engine),
    plugin: (action, name, options) => lifecycle[action](engine, name, options),
    purgePlugin: (name, confirm) => purgePlugin(engine, name, { confirm }),
    extensions: () => adminExtensions(engine),
    putExtension: (entity, doc, actor) => putAdminExtension(engine, entity, doc, actor),
    deleteExtension: (entity, actor) => deleteAdminExtension(engine, entity, actor),
    adminDocuments: (kind) => adminDocuments(engine, kind as MetadataKind),
    changeAdminDocument: (kind, name, doc, actor, options) => changeAdminDocument(engine, { kind: kind as MetadataKind, name, doc }, actor, options),
    changeAdminDocuments: (changes, actor, options) => changeAdminDocumentsTogether(engine, changes.map((c) => ({ ...c, kind: c.kind as MetadataKind })), actor, options),
    exportConfigBundle: (ctx) => exportConfigBundle(engine, ctx),
    importConfigBundle: (ctx, bundle, options) => importConfigBundle(engine, ctx, bundle, options),
  };
}
