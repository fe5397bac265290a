// Which plugins a set of installed ones needs, in load order: every dependency present in a version its dependant
// accepts, the engine within each bundle's range, no dependency cycle, no two plugins sharing a prefix.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import type { ErrorDetail } from '../core/index.ts';
import type { Bundle } from './read-bundle.ts';

export const ENGINE_VERSION: string = (JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string }).version;

/**
 * Orders `wanted` (names) with their dependencies first; problems name the manifest and pointer at fault.
 * `candidates` are bundles that are there but not installed: a dependency on one is refused ("install it first"),
 * and it is still followed so that a cycle through it is reported as one.
 */
export function resolvePlugins(
  bundles: readonly Bundle[],
  wanted: readonly string[],
  candidates: ReadonlySet<string> = new Set(),
): { order: Bundle[]; problems: ErrorDetail[] } {
  const byName = new Map(bundles.map((b) => [b.manifest.name, b]));
  const problems: ErrorDetail[] = [];
  const order: Bundle[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const file = (b: Bundle) => `plugins/${b.manifest.name}/plugin.json`;
  const visit = (name: string, path: string[]) => {
    const bundle = byName.get(name)!;
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      problems.push({ file: file(bundle), pointer: '/dependencies', message: `dependency cycle: ${[...path, name].join(' → ')}` });
      return;
    }
    state.set(name, 'visiting');
    if (!semver.satisfies(ENGINE_VERSION, bundle.manifest.engine, { includePrerelease: true })) {
      problems.push({ file: file(bundle), pointer: '/engine', message: `needs engine ${bundle.manifest.engine}, this is ${ENGINE_VERSION}` });
    }
    for (const [dep, range] of Object.entries(bundle.manifest.dependencies ?? {})) {
      const found = byName.get(dep);
      if (!found) {
        problems.push({ file: file(bundle), pointer: `/dependencies/${dep}`, message: `needs plugin "${dep}" ${range}, which is not available` });
        continue;
      }
      if (candidates.has(dep)) problems.push({ file: file(bundle), pointer: `/dependencies/${dep}`, message: `needs plugin "${dep}" ${range}, which is not installed: install it first` });
      if (!semver.validRange(range)) problems.push({ file: file(bundle), pointer: `/dependencies/${dep}`, message: `"${range}" is not a version range` });
      else if (!semver.satisfies(found.manifest.version, range)) {
        problems.push({ file: file(bundle), pointer: `/dependencies/${dep}`, message: `needs "${dep}" ${range}, but ${found.manifest.version} is available` });
      }
      visit(dep, [...path, name]);
    }
    state.set(name, 'done');
    order.push(bundle);
  };
  for (const name of wanted) {
    if (!byName.has(name)) problems.push({ file: `plugins/${name}/plugin.json`, pointer: '', message: `no plugin "${name}" in plugins/` });
    else visit(name, []);
  }
  const prefixes = new Map<string, string>();
  for (const b of order) {
    const other = prefixes.get(b.manifest.prefix);
    if (other) problems.push({ file: file(b), pointer: '/prefix', message: `prefix "${b.manifest.prefix}" is already used by plugin "${other}"` });
    prefixes.set(b.manifest.prefix, b.manifest.name);
  }
  return { order, problems };
}
