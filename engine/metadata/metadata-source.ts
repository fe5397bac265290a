// A layer of metadata: the engine's own, the project's core, an installed plugin (whose names are namespaced), or
// the tenant admin's own edits.
import { join } from 'node:path';
import type { ErrorDetail } from '../core/index.ts';
import { readMetadataFiles, type MetadataFile } from './read-metadata-files.ts';
export const METADATA_KINDS = ['entities', 'extensions', 'menus', 'workflows', 'roles', 'forms', 'reports'] as const;
export type MetadataKind = (typeof METADATA_KINDS)[number];

export interface MetadataSource {
  /** Folder holding entities/, extensions/, menus/, workflows/, roles/ (a project's or a plugin's metadata/). */
  dir?: string;
  /** Documents held elsewhere (the tenant admin's edits, stored in the database), by kind. */
  docs?: Partial<Record<MetadataKind, MetadataFile[]>>;
  /** Set for a plugin's layer: every name it adds must start with its prefix. */
  plugin?: { name: string; prefix: string };
  /**
   * Set for the tenant admin's layer: an extension of an entity the Model does not have (its plugin was uninstalled)
   * waits, unapplied, and applies again when the entity comes back, instead of failing the whole Model.
   */
  dormantExtensions?: boolean;
  /** Set for the tenant admin's layer: its extensions may override fields defined elsewhere and archive its own. */
  admin?: boolean;
}

/** The documents of one kind in a layer: its folder's files, or the documents it holds. */
export function sourceFiles(source: MetadataSource, kind: MetadataKind, rootDir: string): { files: MetadataFile[]; problems: ErrorDetail[] } {
  if (source.docs) return { files: source.docs[kind] ?? [], problems: [] };
  return source.dir ? readMetadataFiles(join(source.dir, kind), rootDir) : { files: [], problems: [] };
}

/** Why `name` breaks the layer's namespace, or undefined. Plugin names are `<prefix>_…`; ids may use `<prefix>.…`. */
export function namespaceProblem(source: MetadataSource, name: string, kind: string): string | undefined {
  if (!source.plugin) return undefined;
  const { prefix, name: plugin } = source.plugin;
  if (name.startsWith(`${prefix}_`) || name === prefix || name.startsWith(`${prefix}.`)) return undefined;
  return `${kind} "${name}" of plugin ${plugin} must start with its prefix "${prefix}_"`;
}

/** Whether a document named `name` sits where its name says: `<name>.json`, or the admin layer's `admin:<kind>/<name>`. */
export function namedLikeItsFile(file: string, name: string): boolean {
  return file === `${name}.json` || file.endsWith(`/${name}.json`) || (file.startsWith('admin:') && file.endsWith(`/${name}`));
}

/**
 * Whether a document comes from the tenant admin's layer (stored in the database as `admin:<kind>/<name>`). Its
 * forms replace an entity's layout and its menus arrange the menu, where other layers only add (docs/metadata.md).
 */
export function isAdminFile(file: string): boolean {
  return file.startsWith('admin:');
}
