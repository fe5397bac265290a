// `crm backup`: one archive (gzipped tar) with the database, the tenant's attachment files and a manifest of
// per-table row counts and checksums taken from the very state that was saved:
// - PGlite: inside one transaction, which holds the only connection so nothing else runs, CHECKPOINT writes every
//   change to the folder, the checksums are taken, and the folder's files are copied (the lock file, attachments,
//   backups and restore leftovers are not database files and are skipped);
// - PostgreSQL: a repeatable-read transaction exports its snapshot, the checksums read it, and pg_dump (custom
//   format, the tenant schema) dumps that same snapshot while the transaction is still open.
import { buffer } from 'node:stream/consumers';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { EngineError } from '../core/index.ts';
import { qualified, queryRows, type Database } from '../db/index.ts';
import type { FileStore } from '../files/index.ts';
import { appVersion, BACKUP_FORMAT, BACKUP_FORMAT_VERSION, MANIFEST_ENTRY, sha256, type BackupEntry, type BackupManifest } from './backup-manifest.ts';
import { findPgTools, runPgTool, toolEnvironment } from './pg-tools.ts';
import { tableChecksums } from './table-checksums.ts';
import { writeTar, type TarWriter } from './tar-archive.ts';

export interface BackupSource {
  db: Database;
  schema: string;
  /** The attachments' store: the blobs the saved file rows refer to are read from it. */
  files: FileStore;
  /** PGlite's folder. */
  dataDir: string;
  databaseUrl?: string;
}

/** Entries of a PGlite folder that are not the database's own files. */
export const NOT_DATABASE_FILES = new Set(['files', 'backups', 'crm.lock.json']);
export const isRestoreLeftover = (name: string) => name.startsWith('.restore-');

export async function createBackup(source: BackupSource, file: string): Promise<BackupManifest> {
  const target = resolve(file);
  await mkdir(dirname(target), { recursive: true });
  // Written beside the target and renamed at the end: a backup cut short never looks like a complete one.
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const tar = writeTar(partial);
  const entries: BackupEntry[] = [];
  const add = async (path: string, content: Buffer) => {
    entries.push({ path, size: content.length, sha256: sha256(content) });
    await tar.add(path, content);
  };
  try {
    const serverVersion = ((await source.db.knex.raw('show server_version')) as { rows: { server_version: string }[] }).rows[0]!.server_version;
    const { tables, fileKeys, ...how } =
      source.db.kind === 'pglite' ? await copyPgliteFolder(source, add, [target, partial]) : await dumpPostgres(source, add, serverVersion);
    await addAttachments(source, fileKeys, add);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: appVersion(),
      createdAt: new Date().toISOString(),
      database: { kind: source.db.kind, schema: source.schema, serverVersion, ...how },
      tables,
      entries,
    };
    await tar.add(MANIFEST_ENTRY, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await tar.finish();
    renameSync(partial, target);
    return manifest;
  } catch (e) {
    tar.abort();
    rmSync(partial, { force: true });
    throw e;
  }
}

type Add = (path: string, content: Buffer) => Promise<void>;
type Dumped = Pick<BackupManifest, 'tables'> & Pick<BackupManifest['database'], 'method' | 'tool' | 'folders'> & { fileKeys: string[] };

/** The blobs the saved state refers to, read in the same transaction as the saved state itself. */
async function storedFileKeys(trx: Database['knex'], schema: string): Promise<string[]> {
  const rows = await queryRows<{ storage_key: string }>(trx, `select distinct storage_key from ${qualified({ schema }, 'crm_file')} order by storage_key`);
  return rows.map((r) => r.storage_key);
}

async function copyPgliteFolder(source: BackupSource, add: Add, skip: string[]): Promise<Dumped> {
  if (source.db.location === 'memory') throw new EngineError('BAD_REQUEST', 'An in-memory database cannot be backed up: set DATA_DIR');
  const root = resolve(source.dataDir);
  return source.db.knex.transaction(async (trx) => {
    await trx.raw('checkpoint');
    const tables = await tableChecksums(trx, source.schema);
    const fileKeys = await storedFileKeys(trx, source.schema);
    const folders: string[] = [];
    const rel = (path: string) => relative(root, path).split(sep).join('/');
    for (const name of readdirSync(root)) {
      if (NOT_DATABASE_FILES.has(name) || isRestoreLeftover(name)) continue;
      for (const path of walk(join(root, name), (dir) => folders.push(rel(dir)))) {
        if (skip.includes(path)) continue;
        await add(`database/pgdata/${rel(path)}`, readFileSync(path));
      }
    }
    return { method: 'pglite-files' as const, tables, folders, fileKeys };
  });
}

async function dumpPostgres(source: BackupSource, add: Add, serverVersion: string): Promise<Dumped> {
  const major = Number(/^\d+/.exec(serverVersion)?.[0]);
  const tools = findPgTools(major);
  if (!tools || !source.databaseUrl) {
    throw new EngineError('BAD_REQUEST', `pg_dump ${major} or newer was not found (PATH, /usr/lib/postgresql/${major}/bin): install the PostgreSQL ${major} client tools (Debian: postgresql-client-${major})`);
  }
  const work = mkdtempSync(join(tmpdir(), 'crm-backup-'));
  try {
    return await source.db.knex.transaction(
      async (trx) => {
        const snapshot = ((await trx.raw('select pg_export_snapshot() as id')) as { rows: { id: string }[] }).rows[0]!.id;
        const tables = await tableChecksums(trx, source.schema);
        const fileKeys = await storedFileKeys(trx, source.schema);
        const out = join(work, 'dump');
        const { url, env } = toolEnvironment(source.databaseUrl!);
        await runPgTool(tools.dump, ['--format=custom', `--schema=${source.schema}`, `--snapshot=${snapshot}`, '--file', out, '--dbname', url], env);
        await add(`database/${source.schema}.dump`, readFileSync(out));
        return { method: 'pg_dump' as const, tool: tools.version, tables, fileKeys };
      },
      { isolationLevel: 'repeatable read' },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The attachments the saved file rows refer to, from whichever store holds them (a folder or a bucket), as
 * `files/<schema>/<key>`. A blob removed since the snapshot (its file deleted meanwhile) is left out: its row, if
 * restored, answers "content missing" like any lost blob.
 */
async function addAttachments(source: BackupSource, keys: string[], add: Add): Promise<void> {
  for (const key of keys) {
    let content: Buffer;
    try {
      content = await buffer(await source.files.open(key));
    } catch (e) {
      if (e instanceof EngineError && e.code === 'NOT_FOUND') continue;
      throw e;
    }
    await add(`files/${source.schema}/${key}`, content);
  }
}

function* walk(path: string, onFolder?: (path: string) => void): Generator<string> {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  if (stat.isFile()) yield path;
  else if (stat.isDirectory()) {
    onFolder?.(path);
    for (const name of readdirSync(path).sort()) yield* walk(join(path, name), onFolder);
  }
}
