// Runs the `crm` command in a child process, asynchronously: with PGlite a running server in this very process may
// have to answer the command (it works through the server), so the test's event loop must keep turning.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from './plugin-root.ts';

const MAIN = join(PROJECT_ROOT, 'engine/cli/main.ts');

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment for the CLI: this process's, minus anything that would point it elsewhere, plus `env`. */
export function cliEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const key of ['DATABASE_URL', 'DATA_DIR', 'CRM_ROOT', 'CRM_SCHEMA', 'CRM_TEST_PAUSE_AFTER', 'PORT', 'CRM_MODE']) delete base[key];
  return { ...base, ...env };
}

export function spawnCrm(env: NodeJS.ProcessEnv, args: string[], options: { preload?: string } = {}): ChildProcess {
  const imports = ['--import', 'tsx', ...(options.preload ? ['--import', options.preload] : [])];
  return spawn(process.execPath, [...imports, MAIN, ...args], { env: cliEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The exit of a spawned `crm`, with its output. */
export function finished(child: ChildProcess, timeoutMs = 60_000): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`crm did not finish within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

export function runCrm(env: NodeJS.ProcessEnv, args: string[], timeoutMs?: number): Promise<CliResult> {
  return finished(spawnCrm(env, args), timeoutMs);
}
