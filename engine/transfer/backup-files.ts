// The backup folder: file names (`crm-<schema>-<stamp>.tar.gz` as `crm backup` writes them, and
// `crm-<schema>-scheduled-<stamp>.tar.gz` for the schedule's), the list of a tenant's backups, retention (only files
// named as the schedule names them are ever deleted), and the check that the server can write to a folder.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BackupHost } from './backup-host.ts';

export interface BackupFile {
  name: string;
  size: number;
  /** When it was taken: the stamp in its name, else the file's modification time. */
  created_at: string;
  kind: 'scheduled' | 'manual';
}

export interface Retention {
  keep_count: number | null;
  keep_days: number | null;
}

const STAMP = /(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.tar\.gz$/;

/** UTC `yyyymmdd-hhmmss`, the stamp `crm backup` puts in its default file name. */
export function backupStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

export const manualBackupName = (schema: string, at: Date) => `crm-${schema}-${backupStamp(at)}.tar.gz`;
export const scheduledBackupName = (schema: string, at: Date) => `crm-${schema}-scheduled-${backupStamp(at)}.tar.gz`;

// Schema names are identifiers ([a-z0-9_]), nothing to escape.
const isScheduled = (schema: string, name: string) => new RegExp(`^crm-${schema}-scheduled-\\d{8}-\\d{6}\\.tar\\.gz$`).test(name);

function stampTime(name: string): Date | undefined {
  const m = STAMP.exec(name);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}

/** The tenant's backups in the folder (`crm-<schema>-….tar.gz`, regular files), newest first; none when it does not exist. */
export function listBackupFiles(folder: string, schema: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    if (!name.startsWith(`crm-${schema}-`) || !name.endsWith('.tar.gz')) continue;
    const stat = statSync(join(folder, name), { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    out.push({ name, size: stat.size, created_at: (stampTime(name) ?? stat.mtime).toISOString(), kind: isScheduled(schema, name) ? 'scheduled' : 'manual' });
  }
  return out.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.name.localeCompare(a.name));
}

/**
 * Deletes the schedule's own backups that neither rule keeps: the newest `keep_count`, and those taken within
 * `keep_days` of `now`. Answers the names deleted and those that could not be.
 */
export function pruneScheduledBackups(folder: string, schema: string, retention: Retention, now: Date): { deleted: string[]; failed: string[] } {
  const scheduled = listBackupFiles(folder, schema).filter((f) => f.kind === 'scheduled');
  const since = retention.keep_days === null ? undefined : now.getTime() - retention.keep_days * 86_400_000;
  const deleted: string[] = [];
  const failed: string[] = [];
  scheduled.forEach((f, i) => {
    const keptByCount = retention.keep_count !== null && i < retention.keep_count;
    const keptByDays = since !== undefined && new Date(f.created_at).getTime() >= since;
    if (keptByCount || keptByDays) return;
    try {
      rmSync(join(folder, f.name));
      deleted.push(f.name);
    } catch {
      failed.push(f.name);
    }
  });
  return { deleted, failed };
}

/** The path's stat, or undefined when nothing is there (also when a parent on the way is a file). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** The folder a setting names, read against the project folder when relative; the server's own when none. */
export function resolveBackupFolder(host: BackupHost, folder: string | null): string {
  return folder === null ? host.backupDir : resolve(host.rootDir, folder);
}

export interface FolderProblem {
  why: 'attachments' | 'database' | 'uncreatable' | 'file' | 'unwritable';
  /** The folder concerned: the one given, the database's, or the existing one above it that was tried. */
  at: string;
  /** The system's error code when writing failed (EACCES, EROFS…). */
  code?: string;
}

/**
 * Why the server cannot keep backups in `folder`, or undefined when it can: it must be (or be creatable in) a
 * folder the server writes to (tried with a probe file, which root's permission bits would not show), and not inside
 * what a backup copies (the embedded database's folder other than its backups/, the attachments), or every backup
 * would carry the ones before it.
 */
export function backupFolderProblem(host: BackupHost, folder: string): FolderProblem | undefined {
  const within = (parent: string) => {
    const rel = relative(resolve(parent), folder);
    return !isAbsolute(rel) && rel.split(sep)[0] !== '..';
  };
  if (within(join(host.dataDir, 'files'))) return { why: 'attachments', at: folder };
  if (host.db.kind === 'pglite' && within(host.dataDir) && !within(join(host.dataDir, 'backups'))) return { why: 'database', at: resolve(host.dataDir) };
  let existing = folder;
  for (;;) {
    const stat = statOf(existing);
    if (stat) {
      if (!stat.isDirectory()) return { why: 'file', at: existing };
      break;
    }
    const parent = dirname(existing);
    if (parent === existing) return { why: 'uncreatable', at: folder };
    existing = parent;
  }
  const probe = join(existing, `.crm-write-check-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (e) {
    return { why: 'unwritable', at: existing, code: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
  return undefined;
}
