// Builds the React app in ui/ into ui/dist with Vite (no network needed) and prints the gzipped JavaScript a first
// visit downloads. `uiIsStale` lets `npm start` and the browser tests build only when the sources changed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const UI_DIR = join(ROOT, 'ui');
export const DIST_DIR = join(UI_DIR, 'dist');

/** Newest modification time under a folder (files only). */
function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when ui/dist is missing or older than anything the build reads. */
export function uiIsStale() {
  const index = join(DIST_DIR, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const inputs = [join(UI_DIR, 'src'), join(UI_DIR, 'index.html'), join(UI_DIR, 'tsconfig.json'), fileURLToPath(import.meta.url), join(ROOT, 'package-lock.json')];
  return inputs.some((p) => existsSync(p) && newestMtime(p) > built);
}

export async function buildUi({ quiet = false } = {}) {
  // Imported here so `npm start` with a fresh dist never loads Vite at all.
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({
    root: UI_DIR,
    base: './',
    logLevel: quiet ? 'warn' : 'info',
    plugins: [react()],
    build: {
      outDir: DIST_DIR,
      emptyOutDir: true,
      // The first load is measured below; a warning per large lazy chunk says nothing new.
      chunkSizeWarningLimit: 2000,
    },
  });
  const size = firstLoadSize();
  console.log(`UI built: first load ${kb(size.firstLoad)} KB gzipped JavaScript (${size.files.length} files); all chunks ${kb(size.total)} KB gzipped.`);
  return size;
}

/** Gzipped bytes of the scripts index.html loads up front (entry + modulepreloads), and of every chunk. */
export function firstLoadSize() {
  const html = readFileSync(join(DIST_DIR, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]);
  const gz = (file) => gzipSync(readFileSync(resolve(DIST_DIR, file))).length;
  const firstLoad = files.reduce((sum, f) => sum + gz(f), 0);
  const assets = join(DIST_DIR, 'assets');
  const total = readdirSync(assets).filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gz(join('assets', f)), 0);
  return { firstLoad, total, files };
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildUi();
}
