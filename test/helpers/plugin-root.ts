// A temporary project root for plugin tests: a copy of the project's metadata/ plus the bundles a test needs in
// plugins/, taken from the shipped plugins/ or from test/fixtures/plugins/<case>/<bundle>. Tests replace a bundle in
// place (an upgrade ships a new folder) or add one while the server runs, exactly as an implementer would.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PLUGIN_FIXTURES = join(PROJECT_ROOT, 'test/fixtures/plugins');

export interface PluginRoot {
  dir: string;
  pluginsDir: string;
  /** Copies a shipped bundle (plugins/<name>) into this root. */
  addShipped(name: string): void;
  /** Copies test/fixtures/plugins/<case>/<bundle> into this root's plugins/<bundle>, replacing what was there. */
  addFixture(fixtureCase: string, bundle: string): void;
  /** Removes plugins/<name> from this root (a bundle the implementer took away). */
  removeBundle(name: string): void;
  /** Deletes the whole temporary root. */
  remove(): void;
}

export function createPluginRoot(options: { shipped?: string[]; fixtures?: [fixtureCase: string, bundle: string][] } = {}): PluginRoot {
  const dir = mkdtempSync(join(tmpdir(), 'crm-plugins-'));
  const pluginsDir = join(dir, 'plugins');
  cpSync(join(PROJECT_ROOT, 'metadata'), join(dir, 'metadata'), { recursive: true });
  mkdirSync(pluginsDir);
  const place = (from: string, name: string) => {
    rmSync(join(pluginsDir, name), { recursive: true, force: true });
    cpSync(from, join(pluginsDir, name), { recursive: true });
  };
  const root: PluginRoot = {
    dir,
    pluginsDir,
    addShipped: (name) => place(join(PROJECT_ROOT, 'plugins', name), name),
    addFixture: (fixtureCase, bundle) => place(join(PLUGIN_FIXTURES, fixtureCase, bundle), bundle),
    removeBundle: (name) => rmSync(join(pluginsDir, name), { recursive: true, force: true }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const name of options.shipped ?? []) root.addShipped(name);
  for (const [c, b] of options.fixtures ?? []) root.addFixture(c, b);
  return root;
}
