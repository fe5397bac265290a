// Embedded database only: a suite's server starts from a copy of a data folder that already holds the demo tenant
// (schema synced, built-in roles, flows published, demo company seeded) instead of running initdb, the schema sync and
// the seed in WASM each time (about 10 s a suite). One such folder is made per mocha process and per content of the
// root's metadata/, by the same openEngine + seedDemo a fresh start runs; a start on the copy then syncs to its
// root's model (nothing to do) and finds the company seeded. Each copy is its own cluster, so every suite's tenant
// can have the same schema name.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { configFromEnv, openEngine } from '../../engine/server/index.ts';

/** The tenant schema of every copied data folder. */
export const TEMPLATE_SCHEMA = 'demo';

const templates = new Map<string, Promise<string>>();
const made: string[] = [];
process.once('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Fills `dataDir` (absent or empty) with a demo tenant for `rootDir`'s metadata, schema TEMPLATE_SCHEMA. */
export async function copyDemoDataDir(rootDir: string, dataDir: string): Promise<void> {
  const key = metadataFingerprint(join(rootDir, 'metadata'));
  let template = templates.get(key);
  if (!template) {
    template = makeTemplate(rootDir);
    templates.set(key, template);
    template.catch(() => templates.delete(key));
  }
  cpSync(await template, dataDir, { recursive: true });
}

async function makeTemplate(rootDir: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-template-'));
  made.push(dir);
  const engine = await openEngine(configFromEnv(rootDir, { CRM_SCHEMA: TEMPLATE_SCHEMA, DATA_DIR: dir, CRM_MODE: 'demo', PORT: '0' }));
  try {
    await engine.seedDemo();
  } finally {
    await engine.close();
  }
  return dir;
}

function metadataFingerprint(dir: string): string {
  const hash = createHash('sha256');
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(relative(dir, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}
