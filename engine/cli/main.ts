// The `crm` command: serve, schema plan|apply, seed demo. With PGlite a running server owns the data folder, so
// commands then go through that server; otherwise they open the database themselves.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EngineError, isEngineError } from '../core/index.ts';
import { formatProblems } from '../metadata/index.ts';
import { configFromEnv, startServer, type ServerConfig } from '../server/index.ts';
import { runOperation } from './run-operation.ts';

const HELP = `Usage: crm <command> [options]

Commands:
  serve              Start the web server (UI + API) on PORT (default 3000)
  schema plan        Show what the metadata would change in the database, step by step
  schema apply       Apply the metadata to the database (refuses anything that would lose data)
  seed demo          Load the demo company into an empty database

Environment:
  PORT, HOST         where to listen
  DATA_DIR           embedded database folder (default ./data)
  DATABASE_URL       use this PostgreSQL server instead (postgres://user:pass@host:5432/db)
  CRM_MODE           demo (default) or production
  CRM_SCHEMA         Postgres schema of the tenant (default crm)
  CRM_TIMEZONE       business time zone (default Asia/Shanghai)
  CRM_ROOT           folder holding metadata/ (default: this project)

Options:
  -h, --help         show this help`;

// The project folder; CRM_ROOT points a server at another copy of metadata/ (implementers' staging copies, tests).
const ROOT = process.env.CRM_ROOT ? resolve(process.env.CRM_ROOT) : fileURLToPath(new URL('../../', import.meta.url));

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { help: { type: 'boolean', short: 'h' } } });
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    console.log(HELP);
    return 0;
  }
  const config = configFromEnv(ROOT);
  switch (command) {
    case 'serve':
      return serve(config);
    case 'schema plan':
    case 'schema apply':
    case 'seed demo':
      return runOperation(config, command);
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

async function serve(config: ServerConfig): Promise<number> {
  const running = await startServer(config);
  if (config.mode === 'demo') console.log('Demo mode: sample data loaded for 华东精机有限公司.');
  await new Promise<void>((resolve) => {
    const shutdown = () => void running.stop().then(resolve);
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  return 0;
}

export function reportError(e: unknown): void {
  if (isEngineError(e)) {
    console.error(`Error: ${e.message}`);
    if (e.details.length) console.error(e.code === 'METADATA_INVALID' ? formatProblems(e.details) : e.details.map((d) => `  ${d.path ?? d.file ?? ''}: ${d.message}`).join('\n'));
  } else {
    console.error(e instanceof Error ? `Error: ${e.message}` : e);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      reportError(e);
      process.exit(e instanceof EngineError && e.code === 'METADATA_INVALID' ? 3 : 1);
    },
  );
}
