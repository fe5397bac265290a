// The `crm` command: serve, schema plan|apply, seed demo, audit verify|anchor, plugin …, config export|import, user add. With PGlite a running server
// owns the data folder, so commands then go through that server; otherwise they open the database themselves.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import type { AuditHead, VerifyResult } from '../audit/index.ts';
import { EngineError, isEngineError } from '../core/index.ts';
import { formatProblems } from '../metadata/index.ts';
import type { LifecycleResult, PluginEntry, PurgeResult } from '../plugins/index.ts';
import { formatPlan, type SchemaPlan } from '../schema/index.ts';
import { configFromEnv, startServer, type ServerConfig } from '../server/index.ts';
import { appendAnchor, parseAnchor, readAnchorFile } from './audit-anchor.ts';
import { configCommand } from './config-command.ts';
import { backupCommand, restoreCommand } from './backup-command.ts';
import { importCommand } from './import-command.ts';
import { readPassword } from './read-password.ts';
import { runOperation } from './run-operation.ts';

const HELP = `Usage: crm <command> [options]

Commands:
  serve                         Start the web server (UI + API) on PORT (default 3000)
  schema plan                   Show what the metadata would change in the database, step by step
  schema apply                  Apply the metadata to the database (refuses anything that would lose data)
  seed demo                     Load the demo company into an empty database
  audit verify [--anchor S:H | --anchor-file FILE]
                                Check the audit log's hash chain, and that it still holds an anchor recorded
                                earlier (the newest in FILE); prints the head. Exit 0 intact, 1 broken, 2 usage
  audit anchor --out FILE       Verify the chain (against FILE's newest anchor if it has one), then append the
                                head to FILE: keep FILE off the database host (see engine/audit/README.md)
  plugin list                   Plugins in plugins/ and what is installed
  plugin install NAME [--grant-core]
                                Install a plugin on the running system (--grant-core: allow its roles rights
                                on entities outside the plugin)
  plugin upgrade NAME           Upgrade an installed plugin to the version in plugins/ (keeps data and admin edits)
  plugin uninstall NAME [--purge --confirm NAME]
                                Disable a plugin: its menus and API go, its tables and data stay. With --purge
                                (and its name again after --confirm) its data is then deleted for good, after a
                                backup to CRM_BACKUP_DIR
  plugin purge NAME --confirm NAME
                                Delete an uninstalled plugin's tables, fields, roles and flows, after a backup
  import ENTITY FILE [--user NAME] [--mapping FILE] [--key FIELD[,FIELD]] [--on-duplicate skip|update|create]
         [--mode all|valid] [--dry-run] [--errors FILE] [--encoding utf8|gbk]
                                Import a CSV (UTF-8 or GBK) or XLSX file as NAME (default admin), with that user's
                                rights; headers are field codes or labels, or mapped in FILE. Duplicates are found
                                on --key after normalisation; --mode all lands every row or none, valid (default)
                                lands the valid rows and writes the others with reasons to --errors. Run again after
                                an interruption: rows already landed are not imported twice. Exit 0 all landed or
                                skipped, 1 rows rejected, 2 usage
  config export FILE [--user NAME]
                                Write the configuration (admin fields, entities, forms, menus, flows, roles) to FILE
                                as a bundle in the plugin format, read with NAME's rights (default admin)
  config import FILE [--dry-run] [--user NAME]
                                Show per file create / replace / unchanged and the schema steps, then (without
                                --dry-run) apply the bundle in one transaction; a refusal names file and pointer
  backup [FILE]                 Write the database (tenant schema CRM_SCHEMA), its attachments and a manifest of
                                per-table row counts and checksums to one .tar.gz (default CRM_BACKUP_DIR/crm-…);
                                PostgreSQL through pg_dump. Works while a server runs
  restore FILE                  Replace the database and attachments with the backup's, once the restored copy
                                matches the manifest (refused while a server runs on it; nothing changes on failure)
  restore --check FILE          Restore into a scratch copy and compare row counts and checksums per table with the
                                manifest; exit 0 equal, 1 different or damaged
  user add --username NAME [--name DISPLAY] [--admin]
                                Create a user; the password is read from CRM_NEW_PASSWORD or the terminal

Environment:
  PORT, HOST         where to listen
  DATA_DIR           embedded database folder (default ./data)
  DATABASE_URL       use this PostgreSQL server instead (postgres://user:pass@host:5432/db)
  CRM_MODE           demo (default) or production
  CRM_SCHEMA         Postgres schema of the tenant (default crm)
  CRM_TIMEZONE       business time zone (default Asia/Shanghai)
  CRM_ROOT           folder holding metadata/ (default: this project)
  CRM_BACKUP_DIR     where a purge writes its backup (default DATA_DIR/backups)
  LOG_LEVEL          server log level (default info; the log is JSON lines on stdout)
  METRICS_TOKEN      bearer token GET /metrics asks for (open when unset)
  SHUTDOWN_GRACE_SECONDS
                     how long SIGTERM waits for requests in flight (default 10)

Options:
  -h, --help         show this help`;

// The project folder; CRM_ROOT points a server at another copy of metadata/ (implementers' staging copies, tests).
const ROOT = process.env.CRM_ROOT ? resolve(process.env.CRM_ROOT) : fileURLToPath(new URL('../../', import.meta.url));

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { help: { type: 'boolean', short: 'h' }, anchor: { type: 'string' }, 'anchor-file': { type: 'string' }, out: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean' }, 'grant-core': { type: 'boolean' }, purge: { type: 'boolean' }, confirm: { type: 'string' },
      user: { type: 'string' }, mapping: { type: 'string' }, key: { type: 'string' }, 'on-duplicate': { type: 'string' }, mode: { type: 'string' }, 'dry-run': { type: 'boolean' }, errors: { type: 'string' }, encoding: { type: 'string' }, check: { type: 'boolean' } },
  });
  const [first, second, ...rest] = positionals;
  const command = (first === 'plugin' || first === 'config') && second ? `${first} ${second}` : first === 'import' || first === 'backup' || first === 'restore' ? first : positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    console.log(HELP);
    return 0;
  }
  const config = configFromEnv(ROOT);
  switch (command) {
    case 'serve':
      return serve(config);
    case 'schema plan':
    case 'schema apply': {
      const plan = (await runOperation(config, command)) as SchemaPlan;
      console.log(command === 'schema apply' && plan.steps.length ? `Applied:\n${formatPlan(plan)}` : formatPlan(plan));
      return plan.refused ? 1 : 0;
    }
    case 'seed demo': {
      const { created } = (await runOperation(config, command)) as { created: number };
      console.log(created ? `Loaded ${created} demo records.` : 'Demo data is already loaded; nothing to do.');
      return 0;
    }
    case 'audit verify':
      return auditVerify(config, values.anchor, values['anchor-file']);
    case 'audit anchor':
      return auditAnchor(config, values.out);
    case 'plugin list':
      return pluginList(config);
    case 'plugin install':
    case 'plugin upgrade':
    case 'plugin uninstall': {
      if (rest.length !== 1) throw new EngineError('BAD_REQUEST', `${command} needs the plugin's name`);
      if (values.purge && command !== 'plugin uninstall') throw new EngineError('BAD_REQUEST', '--purge goes with plugin uninstall');
      // Checked before uninstalling, so that a missing confirmation does not leave the uninstall half of the request done.
      if (values.purge && values.confirm !== rest[0]) throw new EngineError('BAD_REQUEST', `--purge deletes the plugin's data for good: add --confirm ${rest[0]}`);
      const result = (await runOperation(config, command, { name: rest[0], grantCore: values['grant-core'] === true })) as LifecycleResult;
      console.log(`${result.name} ${result.version}: ${result.status}.`);
      for (const note of result.notes ?? []) console.log(`Note: ${note}`);
      if (result.plan.steps.length) console.log(formatPlan(result.plan));
      return values.purge ? purge(config, rest[0]!, values.confirm) : 0;
    }
    case 'plugin purge':
      if (rest.length !== 1) throw new EngineError('BAD_REQUEST', 'plugin purge needs the plugin\'s name');
      return purge(config, rest[0]!, values.confirm);
    case 'import':
      return importCommand(config, positionals.slice(1), values, reportError);
    case 'config export':
    case 'config import':
      return configCommand(config, command, rest, values);
    case 'backup':
      return backupCommand(config, positionals.slice(1));
    case 'restore':
      return restoreCommand(config, positionals.slice(1), values.check === true);
    case 'user add': {
      if (!values.username) throw new EngineError('BAD_REQUEST', 'user add needs --username');
      const password = process.env.CRM_NEW_PASSWORD ?? (await readPassword(`Password for ${values.username}: `));
      const { id } = (await runOperation(config, command, { username: values.username, displayName: values.name, password, admin: values.admin === true })) as { id: string };
      console.log(`Created user ${values.username}${values.admin ? ' with the admin role' : ''} (${id}).`);
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

async function purge(config: ServerConfig, name: string, confirm: string | undefined): Promise<number> {
  const result = (await runOperation(config, 'plugin purge', { name, confirm })) as PurgeResult;
  console.log(`${result.name} ${result.version}: purged. Backup of ${result.rows} rows: ${result.backup}`);
  if (result.dropped.tables.length) console.log(`Dropped tables: ${result.dropped.tables.join(', ')}`);
  if (result.dropped.columns.length) console.log(`Dropped columns: ${result.dropped.columns.join(', ')}`);
  return 0;
}

async function auditVerify(config: ServerConfig, anchorText?: string, anchorFile?: string): Promise<number> {
  let anchor: AuditHead | undefined;
  try {
    if (anchorText !== undefined && anchorFile !== undefined) throw new EngineError('BAD_REQUEST', 'Give --anchor or --anchor-file, not both');
    anchor = anchorFile !== undefined ? readAnchorFile(anchorFile) : anchorText !== undefined ? parseAnchor(anchorText) : undefined;
  } catch (e) {
    reportError(e);
    return 2;
  }
  const result = (await runOperation(config, 'audit verify', { anchor })) as VerifyResult;
  if (!result.ok) {
    console.error(`Audit log BROKEN at entry ${result.firstBrokenSeq}: ${result.reason}`);
    return 1;
  }
  console.log(`Audit log intact: ${result.checked} entries checked${anchor ? `, including the anchor ${anchor.seq}:${anchor.hash}` : ''}.`);
  if (result.head) console.log(`Head: ${result.head.seq}:${result.head.hash}  (record it elsewhere: crm audit anchor --out FILE)`);
  return 0;
}

async function auditAnchor(config: ServerConfig, file?: string): Promise<number> {
  if (!file) {
    reportError(new EngineError('BAD_REQUEST', 'audit anchor needs --out FILE (the file the head is appended to)'));
    return 2;
  }
  let anchor: AuditHead | undefined;
  try {
    anchor = existsSync(file) && readFileSync(file, 'utf8').trim() ? readAnchorFile(file) : undefined;
  } catch (e) {
    reportError(e);
    return 2;
  }
  // Never record the head of a chain that no longer holds the previous anchor: that would bless the rewrite.
  const result = (await runOperation(config, 'audit verify', { anchor })) as VerifyResult;
  if (!result.ok) {
    console.error(`Audit log BROKEN at entry ${result.firstBrokenSeq}: ${result.reason}. Nothing was written to ${file}.`);
    return 1;
  }
  if (!result.head) {
    console.log(`The audit log is empty: nothing to anchor; ${file} unchanged.`);
    return 0;
  }
  appendAnchor(file, result.head);
  console.log(`Appended ${result.head.seq}:${result.head.hash} to ${file} (${result.checked} entries verified).`);
  return 0;
}

async function pluginList(config: ServerConfig): Promise<number> {
  const entries = (await runOperation(config, 'plugin list')) as PluginEntry[];
  if (!entries.length) console.log('No plugins in plugins/.');
  for (const e of entries) {
    const state = e.installed ? `${e.installed.status} ${e.installed.version}` : 'not installed';
    console.log(`${e.name.padEnd(28)} ${(e.available ?? '-').padEnd(10)} ${state.padEnd(20)} ${e.labels?.['zh-CN'] ?? ''}`);
    for (const p of e.problems) console.log(`    ${p.file} ${p.pointer || '/'}: ${p.message}`);
  }
  return entries.some((e) => e.problems.length) ? 1 : 0;
}

async function serve(config: ServerConfig): Promise<number> {
  const running = await startServer(config);
  if (config.mode === 'demo') console.log('Demo mode: sign in as admin, gm, sales_director, sales_mgr1, sales1, sales2, sales3, service_mgr or service1 with password demo1234.');
  await new Promise<void>((resolveStop) => {
    const shutdown = () => void running.stop().then(resolveStop);
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
