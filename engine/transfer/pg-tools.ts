// PostgreSQL's own pg_dump / pg_restore for a server, when they are installed: a pg_dump older than the server
// refuses to dump it, so the tools are taken from PATH only when their major version is at least the server's, else
// from Debian's /usr/lib/postgresql/<major>/bin. The password travels in PGPASSWORD, never on the command line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { EngineError } from '../core/index.ts';

export interface PgTools {
  dump: string;
  restore: string;
  version: string;
}

export function findPgTools(serverMajor: number, env: NodeJS.ProcessEnv = process.env): PgTools | undefined {
  const candidates = ['', `/usr/lib/postgresql/${serverMajor}/bin/`];
  for (const dir of candidates) {
    const dump = `${dir}pg_dump`;
    const restore = `${dir}pg_restore`;
    if (dir && !(existsSync(dump) && existsSync(restore))) continue;
    const probe = spawnSync(dump, ['--version'], { encoding: 'utf8', env });
    const match = /(\d+)(?:\.\d+)?/.exec(probe.stdout ?? '');
    if (probe.status === 0 && match && Number(match[1]) >= serverMajor) return { dump, restore, version: probe.stdout.trim() };
  }
  return undefined;
}

/** Connection settings for the tools: the URL without its password, and the password in the environment. */
export function toolEnvironment(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs a tool; its stderr becomes the error message when it fails. */
export function runPgTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (status) => {
      if (status === 0) return resolve();
      const tool = command.split('/').pop();
      reject(new EngineError('INTERNAL_ERROR', `${tool} failed (exit ${status}): ${stderr.trim().split('\n').slice(0, 5).join(' | ')}`));
    });
  });
}
