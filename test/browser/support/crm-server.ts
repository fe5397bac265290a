// Runs the real `crm serve` for the browser tests: UI built once (only when stale), demo company seeded into a
// fresh PGlite folder, or into a fresh schema of TEST_DATABASE_URL when CRM_TEST_DB=postgres.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUi, uiIsStale } from '../../../scripts/build-ui.mjs';
import { quoteIdent } from '../../../engine/db/index.ts';
import { getTestDatabase, testDatabaseKind } from '../../helpers/test-database.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface CrmServer {
  url: string;
  stop(): Promise<void>;
}

export async function startCrmServer(): Promise<CrmServer> {
  if (uiIsStale()) await buildUi({ quiet: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-browser-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CRM_MODE: 'demo' };
  delete env.DATABASE_URL;
  let schema: string | undefined;
  if (testDatabaseKind() === 'postgres') {
    if (!process.env.TEST_DATABASE_URL) throw new Error('CRM_TEST_DB=postgres needs TEST_DATABASE_URL');
    schema = `ui_${randomBytes(5).toString('hex')}`;
    env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    env.CRM_SCHEMA = schema;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'engine/cli/main.ts'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await waitForUrl(child);
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      if (schema) await (await getTestDatabase()).knex.raw(`drop schema if exists ${quoteIdent(schema)} cascade`);
    },
  };
}

/** Resolves with the URL the server prints once it listens; rejects with its output if it exits first. */
function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /CRM is running at (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`crm serve exited (${code}) before listening:\n${output}`)));
  });
}
