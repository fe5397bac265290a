// A plugin runs on the metadata of the version installed, kept in its crm_plugin row: the bundle in plugins/ is read
// only by install and upgrade. So a newer bundle copied onto the server changes nothing until an admin upgrades
// (which runs its data migrations), and a bundle removed from disk does not take the tenant's model down with it.
import { join } from 'node:path';
import type { ErrorDetail } from '../core/index.ts';
import { METADATA_KINDS, sourceFiles } from '../metadata/index.ts';
import { readBundle, type Bundle, type MetadataDocs } from './read-bundle.ts';
import type { InstalledPlugin } from './tenant-layers.ts';

/** The bundle with its metadata documents read from disk, as they will be recorded at install or upgrade. */
export function snapshotBundle(rootDir: string, bundle: Bundle): { bundle: Bundle; problems: ErrorDetail[] } {
  const docs: MetadataDocs = {};
  const problems: ErrorDetail[] = [];
  for (const kind of METADATA_KINDS) {
    const read = sourceFiles({ dir: join(bundle.dir, 'metadata') }, kind, rootDir);
    problems.push(...read.problems);
    if (read.files.length) docs[kind] = read.files;
  }
  return { bundle: { ...bundle, docs }, problems };
}

/** The installed plugins as bundles: their recorded metadata, or (installed before snapshots) their bundle on disk. */
export function installedBundles(rootDir: string, rows: readonly InstalledPlugin[]): { bundles: Bundle[]; problems: ErrorDetail[] } {
  const bundles: Bundle[] = [];
  const problems: ErrorDetail[] = [];
  for (const row of rows) {
    if (row.metadata) {
      bundles.push({ dir: join(rootDir, 'plugins', row.name), manifest: row.manifest, docs: row.metadata });
      continue;
    }
    const read = readBundle(rootDir, row.name);
    problems.push(...read.problems);
    if (read.bundle) bundles.push(read.bundle);
  }
  return { bundles, problems };
}
