// `crm restore FILE` and `crm restore --check FILE`. Both start by reading the whole archive and checking every
// entry against the manifest (a damaged file is refused before anything is touched), then restore the database
// somewhere to the side and compare every table's row count and checksum with the manifest:
// - --check: a scratch copy (PGlite: a temporary folder; PostgreSQL: a scratch database, dropped afterwards);
// - restore: PGlite into a staging folder inside DATA_DIR, swapped in by renames once it compares equal;
//   PostgreSQL: the live schema is renamed aside, pg_restore recreates it in one transaction, and the old one is put
//   back if that fails or does not compare equal. Attachments (files/<schema>) are swapped in last, or put into
//   the S3 bucket when the server keeps them there.
// The caller makes sure no server runs on the database (engine/cli takes the data folder's lock first).
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { EngineError } from '../core/index.ts';
import { openDatabase, quoteIdent, type DatabaseKind } from '../db/index.ts';
import { s3FileStore, type FileStore, type S3Settings } from '../files/index.ts';
import { verifyBackup, type BackupManifest } from './backup-manifest.ts';
import { isRestoreLeftover, NOT_DATABASE_FILES } from './create-backup.ts';
import { findPgTools, runPgTool, toolEnvironment } from './pg-tools.ts';
import { compareChecksums, tableChecksums, type ChecksumDifference } from './table-checksums.ts';
import { readTar } from './tar-archive.ts';

export interface RestoreTarget {
  kind: DatabaseKind;
  schema: string;
  dataDir: string;
  databaseUrl?: string;
  /** Attachments go back into this bucket instead of DATA_DIR/files. */
  s3?: S3Settings;
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** Tables whose restored row count or checksum differ from the manifest (empty: equal). */
  differences: ChecksumDifference[];
  files: number;
}

export async function checkBackup(file: string, target: Pick<RestoreTarget, 'databaseUrl'>): Promise<RestoreReport> {
  const manifest = await verifyBackup(file);
  const work = mkdtempSync(join(tmpdir(), 'crm-restore-check-'));
  try {
    const differences =
      manifest.database.kind === 'pglite' ? await restorePgliteInto(file, manifest, join(work, 'pgdata')) : await checkPostgres(file, manifest, work, target.databaseUrl);
    return { manifest, differences, files: countFiles(manifest) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function restoreBackup(file: string, target: RestoreTarget): Promise<RestoreReport> {
  const manifest = await verifyBackup(file);
  const { kind, schema } = manifest.database;
  if (kind !== target.kind) {
    throw new EngineError('BAD_REQUEST', kind === 'pglite'
      ? 'This backup is of an embedded (PGlite) database: restore it without DATABASE_URL, with DATA_DIR naming the folder to restore into. Nothing was changed.'
      : 'This backup is of a PostgreSQL database (pg_dump): restore it with DATABASE_URL set. Nothing was changed.');
  }
  if (schema !== target.schema) throw new EngineError('BAD_REQUEST', `This backup holds the tenant schema "${schema}", not "${target.schema}": set CRM_SCHEMA=${schema}. Nothing was changed.`);
  const dataDir = resolve(target.dataDir);
  const staging = join(dataDir, `.restore-${Date.now()}-${randomBytes(3).toString('hex')}`);
  mkdirSync(staging, { recursive: true });
  try {
    await extract(file, (name) => (name.startsWith(`files/${schema}/`) ? join(staging, name) : undefined));
    let differences: ChecksumDifference[];
    if (kind === 'pglite') {
      differences = await restorePgliteInto(file, manifest, join(staging, 'pgdata'));
      if (!differences.length) swapPgliteFolder(dataDir, staging);
    } else {
      differences = await restorePostgresInPlace(file, manifest, staging, target.databaseUrl!);
    }
    if (differences.length) throw mismatch(differences);
    // The database is in; now the attachments, so that the records and their files match again.
    const restored = join(staging, 'files', schema);
    if (target.s3) await uploadFiles(restored, s3FileStore(target.s3, join(staging, 'upload')));
    else {
      const live = join(dataDir, 'files', schema);
      if (existsSync(live)) renameSync(live, join(staging, 'previous-files'));
      mkdirSync(dirname(live), { recursive: true });
      if (existsSync(restored)) renameSync(restored, live);
    }
    return { manifest, differences, files: countFiles(manifest) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Puts the backup's blobs into the bucket. Content-addressed, so a blob already there is left alone, and blobs the
 * restored database no longer refers to are not removed (a bucket is never emptied by a restore).
 */
async function uploadFiles(folder: string, store: FileStore): Promise<void> {
  if (!existsSync(folder)) return;
  for (const sub of readdirSync(folder)) {
    for (const name of readdirSync(join(folder, sub))) {
      const blob = await store.put(createReadStream(join(folder, sub, name)), Number.MAX_SAFE_INTEGER);
      if (blob.key !== `${sub}/${name}`) throw new EngineError('CONFLICT', `The backup's file ${sub}/${name} does not hold the content its name says; the attachments were not all restored`);
    }
  }
}

function countFiles(manifest: BackupManifest): number {
  return manifest.entries.filter((e) => e.path.startsWith('files/')).length;
}

function mismatch(differences: ChecksumDifference[]): EngineError {
  return new EngineError('CONFLICT', 'The restored database does not match the backup\'s manifest; the database was left as it was', differences.map((d) => ({
    path: d.table,
    message: `expected ${d.expected ? `${d.expected.rows} rows` : 'no table'}, restored ${d.actual ? `${d.actual.rows} rows` : 'no table'}${d.expected && d.actual && d.expected.rows === d.actual.rows ? ' with other values' : ''}`,
  })));
}

/** Writes the entries `place` names to disk (a second pass: the first one checked them all). */
async function extract(file: string, place: (name: string) => string | undefined): Promise<void> {
  await readTar(file, ({ name, content }) => {
    const to = place(name);
    if (!to) return;
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, content, { mode: 0o600 });
  });
}

/** Unpacks the PGlite folder into `folder`, opens it there and compares it with the manifest. */
async function restorePgliteInto(file: string, manifest: BackupManifest, folder: string): Promise<ChecksumDifference[]> {
  for (const sub of manifest.database.folders ?? []) mkdirSync(join(folder, sub), { recursive: true, mode: 0o700 });
  await extract(file, (name) => (name.startsWith('database/pgdata/') ? join(folder, name.slice('database/pgdata/'.length)) : undefined));
  const db = await openDatabase({ dataDir: folder });
  try {
    return compareChecksums(manifest.tables, await tableChecksums(db.knex, manifest.database.schema));
  } finally {
    await db.close();
  }
}

/** Moves the database files now in DATA_DIR aside and the restored ones in, by renames within the one folder. */
function swapPgliteFolder(dataDir: string, staging: string): void {
  const previous = join(staging, 'previous');
  mkdirSync(previous);
  for (const name of readdirSync(dataDir)) {
    if (NOT_DATABASE_FILES.has(name) || isRestoreLeftover(name)) continue;
    renameSync(join(dataDir, name), join(previous, name));
  }
  for (const name of readdirSync(join(staging, 'pgdata'))) renameSync(join(staging, 'pgdata', name), join(dataDir, name));
}

function toolsFor(serverVersion: string) {
  const major = Number(/^\d+/.exec(serverVersion)?.[0]);
  const tools = findPgTools(major);
  if (!tools) throw new EngineError('BAD_REQUEST', `pg_restore ${major} or newer was not found (PATH, /usr/lib/postgresql/${major}/bin): install the PostgreSQL ${major} client tools. Nothing was changed.`);
  return tools;
}

async function serverVersionOf(url: string): Promise<string> {
  const db = await openDatabase({ url, poolMax: 1 });
  try {
    return ((await db.knex.raw('show server_version')) as { rows: { server_version: string }[] }).rows[0]!.server_version;
  } finally {
    await db.close();
  }
}

async function checkPostgres(file: string, manifest: BackupManifest, work: string, url: string | undefined): Promise<ChecksumDifference[]> {
  if (!url) throw new EngineError('BAD_REQUEST', 'This backup is of a PostgreSQL database: set DATABASE_URL to the server the check may create a scratch database on.');
  const dump = join(work, 'dump');
  await extract(file, (name) => (name === `database/${manifest.database.schema}.dump` ? dump : undefined));
  const admin = await openDatabase({ url, poolMax: 1 });
  const scratch = `crm_check_${randomBytes(5).toString('hex')}`;
  try {
    const tools = toolsFor(((await admin.knex.raw('show server_version')) as { rows: { server_version: string }[] }).rows[0]!.server_version);
    await admin.knex.raw(`create database ${quoteIdent(scratch)}`);
    const scratchUrl = new URL(url);
    scratchUrl.pathname = `/${scratch}`;
    const { url: toolUrl, env } = toolEnvironment(scratchUrl.toString());
    await runPgTool(tools.restore, ['--no-owner', '--single-transaction', '--dbname', toolUrl, dump], env);
    const db = await openDatabase({ url: scratchUrl.toString(), poolMax: 1 });
    try {
      return compareChecksums(manifest.tables, await tableChecksums(db.knex, manifest.database.schema));
    } finally {
      await db.close();
    }
  } finally {
    await admin.knex.raw(`drop database if exists ${quoteIdent(scratch)}`).catch(() => undefined);
    await admin.close();
  }
}

async function restorePostgresInPlace(file: string, manifest: BackupManifest, staging: string, url: string): Promise<ChecksumDifference[]> {
  const schema = manifest.database.schema;
  const tools = toolsFor(await serverVersionOf(url));
  const dump = join(staging, 'dump');
  await extract(file, (name) => (name === `database/${schema}.dump` ? dump : undefined));
  const db = await openDatabase({ url, poolMax: 1 });
  const aside = `${schema}_before_restore_${randomBytes(4).toString('hex')}`.slice(0, 63);
  try {
    const exists = ((await db.knex.raw('select 1 from pg_namespace where nspname = ?', [schema])) as { rows: unknown[] }).rows.length > 0;
    if (exists) await db.knex.raw(`alter schema ${quoteIdent(schema)} rename to ${quoteIdent(aside)}`);
    const putBack = async () => {
      await db.knex.raw(`drop schema if exists ${quoteIdent(schema)} cascade`);
      if (exists) await db.knex.raw(`alter schema ${quoteIdent(aside)} rename to ${quoteIdent(schema)}`);
    };
    try {
      const { url: toolUrl, env } = toolEnvironment(url);
      await runPgTool(tools.restore, ['--no-owner', '--single-transaction', '--dbname', toolUrl, dump], env);
      const differences = compareChecksums(manifest.tables, await tableChecksums(db.knex, schema));
      if (differences.length) await putBack();
      else if (exists) await db.knex.raw(`drop schema ${quoteIdent(aside)} cascade`);
      return differences;
    } catch (e) {
      await putBack();
      throw e;
    }
  } finally {
    await db.close();
  }
}
