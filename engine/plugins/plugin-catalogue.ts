// What an admin sees before deciding: every bundle in plugins/ (with its problems, if any) and what the tenant has
// installed, in which version and state.
import type { ErrorDetail } from '../core/index.ts';
import type { PluginHost } from './plugin-lifecycle.ts';
import { readBundles, type PluginManifest } from './read-bundle.ts';
import { installedPlugins } from './tenant-layers.ts';

export interface PluginEntry {
  name: string;
  labels?: PluginManifest['labels'];
  description?: PluginManifest['description'];
  /** Version of the bundle in plugins/, if one is there. */
  available?: string;
  installed?: { version: string; status: 'installed' | 'disabled'; coreGrants: boolean };
  dependencies?: Record<string, string>;
  problems: ErrorDetail[];
}

export async function listPlugins(host: PluginHost): Promise<PluginEntry[]> {
  const { bundles, problems } = readBundles(host.rootDir);
  const rows = await installedPlugins(host.db.knex, host.tenant);
  const names = [...new Set([...bundles.map((b) => b.manifest.name), ...rows.map((r) => r.name), ...problems.map((p) => /^plugins\/([^/]+)\//.exec(p.file ?? '')?.[1]).filter((n): n is string => !!n)])].sort();
  return names.map((name) => {
    const bundle = bundles.find((b) => b.manifest.name === name);
    const row = rows.find((r) => r.name === name);
    const manifest = bundle?.manifest ?? row?.manifest;
    return {
      name,
      labels: manifest?.labels,
      description: manifest?.description,
      available: bundle?.manifest.version,
      installed: row ? { version: row.version, status: row.status, coreGrants: row.core_grants } : undefined,
      dependencies: manifest?.dependencies,
      problems: problems.filter((p) => p.file?.startsWith(`plugins/${name}/`)),
    };
  });
}
