// `npm start`: build the web UI when ui/dist is missing or older than its sources, then run `crm serve`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildUi, uiIsStale } from './build-ui.mjs';

if (uiIsStale()) {
  console.log('Building the web UI (ui/ → ui/dist)…');
  await buildUi({ quiet: true });
}
const main = fileURLToPath(new URL('../engine/cli/main.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches the server directly (same process group), so a second SIGINT from here would cut its clean
// shutdown short; SIGTERM (a supervisor's stop) is sent to this process only and is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
