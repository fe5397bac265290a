// What a backup archive holds (manifest.json, the archive's last entry, written once every other entry's checksum is
// known) and the one check every restore starts with: the whole archive is read and each entry's SHA-256 compared
// with the manifest before anything is changed, so a damaged or truncated file is refused and nothing is touched.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EngineError } from '../core/index.ts';
import type { DatabaseKind } from '../db/index.ts';
import type { TableChecksum } from './table-checksums.ts';
import { readTar } from './tar-archive.ts';

export const BACKUP_FORMAT = 'crm-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';

/**
 * `pglite-files`: the embedded database's folder, copied after a CHECKPOINT while no other statement ran (entries
 * under database/pgdata/; `folders` lists its folders, empty ones included, which Postgres needs). `pg_dump`: PostgreSQL's custom format of the tenant schema (database/<schema>.dump).
 */
export type BackupMethod = 'pglite-files' | 'pg_dump';

export interface BackupEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  database: { kind: DatabaseKind; method: BackupMethod; schema: string; serverVersion: string; tool?: string; folders?: string[] };
  /** Every table of the tenant schema: engine tables (admin layers, plugins, audit chain, jobs …) and entity tables. */
  tables: TableChecksum[];
  /** Every other entry of the archive, attachments included (files/…). */
  entries: BackupEntry[];
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Reads the archive once end to end; answers its manifest when every entry is present and intact. */
export async function verifyBackup(file: string): Promise<BackupManifest> {
  const seen = new Map<string, BackupEntry>();
  let manifestText: Buffer | undefined;
  await readTar(file, ({ name, content }) => {
    if (name === MANIFEST_ENTRY) manifestText = content;
    else seen.set(name, { path: name, size: content.length, sha256: sha256(content) });
  });
  const refuse = (why: string) => new EngineError('BAD_REQUEST', `${file} cannot be restored: ${why}. Nothing was changed.`, [{ path: 'FILE', message: why }]);
  if (!manifestText) throw refuse('it has no manifest.json (not a crm backup, or cut short)');
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(manifestText.toString('utf8')) as BackupManifest;
  } catch {
    throw refuse('its manifest.json is not valid JSON');
  }
  if (manifest.format !== BACKUP_FORMAT) throw refuse('it is not a crm backup');
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) throw refuse(`it was written in backup format ${manifest.formatVersion}, newer than this version reads (${BACKUP_FORMAT_VERSION})`);
  for (const entry of manifest.entries) {
    const got = seen.get(entry.path);
    if (!got) throw refuse(`${entry.path} is missing`);
    if (got.sha256 !== entry.sha256 || got.size !== entry.size) throw refuse(`${entry.path} is damaged (its checksum differs from the manifest)`);
    seen.delete(entry.path);
  }
  if (seen.size) throw refuse(`${[...seen.keys()][0]} is not listed in the manifest`);
  return manifest;
}
