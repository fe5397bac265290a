// Reads a plugin bundle from plugins/<name>/: its manifest, checked like any metadata, and a check that nothing in
// the bundle points outside its folder (a bundle is data; a symlink to /etc or ../metadata is refused).
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ErrorDetail } from '../core/index.ts';
import { validateDocument, type MetadataFile, type MetadataKind } from '../metadata/index.ts';

export type MetadataDocs = Partial<Record<MetadataKind, MetadataFile[]>>;

export interface PluginManifest {
  name: string;
  version: string;
  prefix: string;
  labels: { 'zh-CN': string; en: string };
  description?: { 'zh-CN': string; en: string };
  engine: string;
  dependencies?: Record<string, string>;
}

export interface Bundle {
  dir: string;
  manifest: PluginManifest;
  /** The bundle's metadata documents as installed (see bundle-snapshot.ts); read from dir/metadata when absent. */
  docs?: MetadataDocs;
}

export function pluginsDir(rootDir: string): string {
  return join(rootDir, 'plugins');
}

/** Every bundle in plugins/ with its problems; a broken bundle is listed with its problems, not thrown. */
export function readBundles(rootDir: string): { bundles: Bundle[]; problems: ErrorDetail[] } {
  const dir = pluginsDir(rootDir);
  const bundles: Bundle[] = [];
  const problems: ErrorDetail[] = [];
  if (!existsSync(dir)) return { bundles, problems };
  for (const name of readdirSync(dir).sort()) {
    if (!lstatSync(join(dir, name)).isDirectory()) continue;
    const read = readBundle(rootDir, name);
    problems.push(...read.problems);
    if (read.bundle) bundles.push(read.bundle);
  }
  return { bundles, problems };
}

export function readBundle(rootDir: string, name: string): { bundle?: Bundle; problems: ErrorDetail[] } {
  const dir = join(pluginsDir(rootDir), name);
  const manifestFile = relative(rootDir, join(dir, 'plugin.json'));
  if (!existsSync(join(dir, 'plugin.json'))) return { problems: [{ file: manifestFile, pointer: '', message: 'the bundle has no plugin.json' }] };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(dir, 'plugin.json'), 'utf8'));
  } catch (e) {
    return { problems: [{ file: manifestFile, pointer: '', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  const problems = checkManifest(manifestFile, json);
  if (problems.length) return { problems };
  const manifest = json as PluginManifest;
  if (manifest.name !== name) problems.push({ file: manifestFile, pointer: '/name', message: `the bundle in plugins/${name} must be named "${name}"` });
  problems.push(...escapes(rootDir, dir));
  return problems.length ? { problems } : { bundle: { dir, manifest }, problems };
}

/** A manifest checked as the installer checks it (its engine range and dependencies are resolve-plugins' job). */
export function checkManifest(file: string, json: unknown): ErrorDetail[] {
  return validateDocument('plugin', file, json);
}

/** Where a bundle keeps a metadata document: metadata/<kind>/<name>.json, `kind` one of METADATA_KINDS. */
export function bundleDocumentPath(kind: MetadataKind, name: string): string {
  return `metadata/${kind}/${name}.json`;
}

/** Files and links in the bundle whose real location is outside it. */
function escapes(rootDir: string, bundleDir: string): ErrorDetail[] {
  const root = realpathSync(bundleDir);
  const problems: ErrorDetail[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8) {
      problems.push({ file: relative(rootDir, dir), pointer: '', message: 'the bundle nests folders too deeply' });
      return;
    }
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) {
        let target = '';
        try {
          target = realpathSync(path);
        } catch {
          // a dangling link is refused below like an escaping one
        }
        if (!target || (target !== root && !target.startsWith(root + sep))) {
          problems.push({ file: relative(rootDir, path), pointer: '', message: 'links outside the bundle are not allowed' });
        }
        continue;
      }
      if (stat.isDirectory()) walk(path, depth + 1);
    }
  };
  walk(bundleDir, 0);
  return problems;
}
