// `crm backup [FILE]`, `crm restore FILE` and `crm restore --check FILE`. A backup may run while a server does (with
// PGlite it then runs inside that server, which owns the folder); a restore replaces the database under a server, so
// it takes the data folder's lock itself and refuses while a server holds it.
import { join, resolve } from 'node:path';
import { EngineError } from '../core/index.ts';
import { acquireLock, releaseLock, type ServerConfig } from '../server/index.ts';
import { checkBackup, manualBackupName, restoreBackup, type BackupManifest, type RestoreReport } from '../transfer/index.ts';
import { runOperation } from './run-operation.ts';

export async function backupCommand(config: ServerConfig, args: string[]): Promise<number> {
  if (args.length > 1) throw new EngineError('BAD_REQUEST', 'backup takes at most one FILE');
  const file = resolve(args[0] ?? join(config.backupDir, manualBackupName(config.schema, new Date())));
  const manifest = (await runOperation(config, 'backup', { file })) as BackupManifest;
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  const files = manifest.entries.filter((e) => e.path.startsWith('files/')).length;
  console.log(`Backup written to ${file}`);
  console.log(`  ${describe(manifest)}; ${manifest.tables.length} tables, ${rows} rows, ${files} attachment files.`);
  return 0;
}

export async function restoreCommand(config: ServerConfig, args: string[], check: boolean): Promise<number> {
  if (args.length !== 1) throw new EngineError('BAD_REQUEST', `restore needs exactly one FILE (crm restore ${check ? '--check ' : ''}FILE)`);
  const file = resolve(args[0]!);
  if (check) {
    const report = await checkBackup(file, config);
    printReport(report, 'restored copy');
    return report.differences.length ? 1 : 0;
  }
  const taken = acquireLock(config.dataDir, 'cli');
  if ('heldBy' in taken) {
    const h = taken.heldBy;
    throw new EngineError('CONFLICT', h.kind === 'server'
      ? `A crm server (pid ${h.pid}${h.port ? `, port ${h.port}` : ''}) is running on this database: stop it before restoring, a restore replaces the database under it. Nothing was changed.`
      : `Another crm command (pid ${h.pid}) is using ${config.dataDir}; try again when it has finished. Nothing was changed.`);
  }
  try {
    const report = await restoreBackup(file, { kind: config.databaseUrl ? 'postgres' : 'pglite', schema: config.schema, dataDir: config.dataDir, databaseUrl: config.databaseUrl, s3: config.s3 });
    printReport(report, 'restored');
    console.log(`Restored ${file}. Run \`crm audit verify\` to check the audit chain.`);
    return 0;
  } finally {
    releaseLock(config.dataDir);
  }
}

function describe(m: BackupManifest): string {
  const db = m.database.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL';
  const how = m.database.method === 'pg_dump' ? `pg_dump custom format (${m.database.tool})` : 'copy of the database folder';
  return `${db} ${m.database.serverVersion}, schema ${m.database.schema}, ${how}, taken ${m.createdAt} by version ${m.appVersion}`;
}

function printReport({ manifest, differences, files }: RestoreReport, side: string): void {
  console.log(`Backup: ${describe(manifest)}`);
  const differing = new Map(differences.map((d) => [d.table, d]));
  const width = Math.max(5, ...manifest.tables.map((t) => t.table.length), ...differences.map((d) => d.table.length));
  console.log(`${'table'.padEnd(width)}  ${'backup rows'.padStart(11)}  ${`${side} rows`.padStart(side.length + 5)}  checksum`);
  const line = (table: string, expected: number | undefined, actual: number | undefined, status: string) =>
    console.log(`${table.padEnd(width)}  ${String(expected ?? '-').padStart(11)}  ${String(actual ?? '-').padStart(side.length + 5)}  ${status}`);
  for (const t of manifest.tables) {
    const d = differing.get(t.table);
    line(t.table, t.rows, d ? d.actual?.rows : t.rows, d ? (d.actual ? 'DIFFERENT' : 'MISSING') : 'equal');
  }
  for (const d of differences) if (!d.expected) line(d.table, undefined, d.actual?.rows, 'NOT IN BACKUP');
  console.log(differences.length
    ? `${differences.length} of ${manifest.tables.length} tables differ from the backup.`
    : `All ${manifest.tables.length} tables equal (row counts and checksums); ${files} attachment files intact.`);
}
