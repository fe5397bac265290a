// PGlite allows one process per data folder. The server holds a lock file there naming its pid, port and the
// admin token, so a second server refuses to start and the CLI can work through the running one instead.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  kind: 'server' | 'cli';
  port?: number;
  token?: string;
  startedAt: string;
}

const LOCK_FILE = 'crm.lock.json';

export function lockPath(dataDir: string): string {
  return join(dataDir, LOCK_FILE);
}

/** The live holder of the lock, if any; a lock left by a dead process is removed. */
export function currentHolder(dataDir: string): LockInfo | undefined {
  let info: LockInfo;
  try {
    info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
  if (isAlive(info.pid)) return info;
  rmSync(lockPath(dataDir), { force: true });
  return undefined;
}

/** Takes the lock atomically or returns the live holder. */
export function acquireLock(dataDir: string, kind: LockInfo['kind']): { lock: LockInfo } | { heldBy: LockInfo } {
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    const lock: LockInfo = { pid: process.pid, kind, startedAt: new Date().toISOString() };
    if (kind === 'server') lock.token = randomBytes(24).toString('base64url');
    try {
      writeFileSync(lockPath(dataDir), JSON.stringify(lock), { flag: 'wx', mode: 0o600 });
      return { lock };
    } catch {
      const holder = currentHolder(dataDir);
      if (holder) return { heldBy: holder };
    }
  }
  throw new Error(`cannot take the lock in ${dataDir}`);
}

/** Records the port once the server listens, so the CLI knows where to call. */
export function updateLock(dataDir: string, lock: LockInfo): void {
  writeFileSync(lockPath(dataDir), JSON.stringify(lock), { mode: 0o600 });
}

export function releaseLock(dataDir: string): void {
  const holder = currentHolder(dataDir);
  if (holder?.pid === process.pid) rmSync(lockPath(dataDir), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
