// Door of engine/plugins: metadata bundles in plugins/, layered over the project's metadata; their lifecycle.
export { readBundles, readBundle, pluginsDir, type Bundle, type PluginManifest } from './read-bundle.ts';
export { resolvePlugins, ENGINE_VERSION } from './resolve-plugins.ts';
export { assembleModel, sourcesOf, type AssembledModel, type AssembleOptions } from './assemble-model.ts';
export { loadTenantModel } from './load-tenant-model.ts';
export { installedPlugins, adminLayer, type InstalledPlugin } from './tenant-layers.ts';
export { installPlugin, upgradePlugin, uninstallPlugin, type PluginHost, type PluginStep, type LifecycleOptions, type LifecycleResult } from './plugin-lifecycle.ts';
export { listPlugins, type PluginEntry } from './plugin-catalogue.ts';
export { putAdminExtension, deleteAdminExtension, adminExtensions } from './admin-extensions.ts';
export { adminDocument, adminDocuments, adminFile, changeAdminDocument, changeAdminDocumentsTogether, type AdminChangeResult, type AdminChangesResult, type AdminDocumentChange } from './admin-documents.ts';
export { exportConfigBundle, importConfigBundle, type ConfigBundle, type ConfigImportResult } from './config-bundle.ts';
export { purgePlugin, type PurgeOptions, type PurgeResult } from './purge-plugin.ts';
