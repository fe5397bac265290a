// `crm import <entity> <file>`: reads the file where the engine runs (this process, or the running server that owns
// the embedded database), prints a summary, and writes rejected rows to --errors in the input's format.
// Exit status: 0 every row landed or was skipped, 1 rows were rejected, 2 a usage error (nothing imported).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EngineError, isEngineError } from '../core/index.ts';
import type { ImportArgs, ServerConfig } from '../server/index.ts';
import { formatOf, writeErrorFile, type ImportMapping, type ImportResult } from '../transfer/index.ts';
import { runOperation } from './run-operation.ts';

export interface ImportFlags {
  mapping?: string;
  key?: string;
  'on-duplicate'?: string;
  mode?: string;
  'dry-run'?: boolean;
  errors?: string;
  user?: string;
  encoding?: string;
}

export async function importCommand(config: ServerConfig, positionals: string[], flags: ImportFlags, report: (e: unknown) => void): Promise<number> {
  let args: ImportArgs;
  try {
    args = importArgs(positionals, flags);
  } catch (e) {
    report(e);
    return 2;
  }
  let result: ImportResult;
  try {
    result = (await runOperation(config, 'import', { ...args, onProgress: progressBar() })) as ImportResult;
  } catch (e) {
    if (isEngineError(e) && (e.status === 400 || e.status === 404)) {
      report(e);
      return 2;
    }
    throw e;
  }
  process.stderr.write('\n');
  const verb = result.dryRun ? 'would be ' : '';
  console.log(
    `${result.file.name}: read ${result.read} rows; ${verb}created ${result.created}, ${verb}updated ${result.updated}, skipped as duplicates ${result.skipped}, rejected ${result.rejected}` +
      (result.resumed ? `; ${result.resumed} had landed in an earlier run` : '') +
      (result.rejected && args.mode === 'all' && !result.dryRun ? ' (--mode all: nothing was imported)' : ''),
  );
  for (const e of result.errors.slice(0, 20)) console.log(`  row ${e.row}${e.column ? ` [${e.column}]` : ''}: ${e.message}`);
  if (result.errors.length > 20) console.log(`  … ${result.errors.length - 20} more`);
  if (flags.errors && result.rejected) {
    writeFileSync(flags.errors, await writeErrorFile(result, formatOf(flags.errors) ?? formatOf(args.file)!));
    console.log(`Rejected rows with their reasons: ${flags.errors}`);
  }
  return result.rejected ? 1 : 0;
}

function importArgs([entity, file, ...extra]: string[], flags: ImportFlags): ImportArgs {
  if (!entity || !file || extra.length) throw new EngineError('BAD_REQUEST', 'Usage: crm import <entity> <file> [--user NAME] [--mapping FILE] [--key FIELD[,FIELD]] [--on-duplicate skip|update|create] [--mode all|valid] [--dry-run] [--errors FILE] [--encoding utf8|gbk]');
  if (!formatOf(file)) throw new EngineError('BAD_REQUEST', `${file}: import reads .csv and .xlsx files`);
  if (!existsSync(file)) throw new EngineError('BAD_REQUEST', `${file}: no such file`);
  const oneOf = <T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined => {
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T)) throw new EngineError('BAD_REQUEST', `--${name} is one of ${allowed.join(', ')}`);
    return value as T;
  };
  if (flags.errors && !formatOf(flags.errors)) throw new EngineError('BAD_REQUEST', '--errors names a .csv or .xlsx file');
  const encoding = oneOf('encoding', flags.encoding, ['utf8', 'utf-8', 'gbk', 'gb18030'] as const);
  return {
    user: flags.user ?? 'admin',
    entity,
    file: resolve(file),
    mapping: flags.mapping ? readMapping(flags.mapping) : undefined,
    key: flags.key ? flags.key.split(',').map((k) => k.trim()).filter(Boolean) : undefined,
    onDuplicate: oneOf('on-duplicate', flags['on-duplicate'], ['skip', 'update', 'create'] as const),
    mode: oneOf('mode', flags.mode, ['all', 'valid'] as const) ?? 'valid',
    dryRun: flags['dry-run'] === true,
    encoding: encoding === undefined ? undefined : encoding.startsWith('utf') ? 'utf8' : 'gb18030',
  };
}

function readMapping(file: string): ImportMapping {
  try {
    const mapping = JSON.parse(readFileSync(file, 'utf8')) as ImportMapping;
    if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) throw new Error('not a JSON object');
    return mapping;
  } catch (e) {
    throw new EngineError('BAD_REQUEST', `--mapping ${file}: ${(e as Error).message} (expected {"columns": {"表头": "field"}, "values": {"field": {"是": true}}})`);
  }
}

/**
 * A one-line bar on a terminal; elsewhere (a log, a pipe) a line at every tenth. Only when the import runs in this
 * process: through a server there is one answer at the end.
 */
function progressBar(): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (!process.stderr.isTTY) {
      if (Math.floor(pct / 10) > Math.floor(last / 10)) process.stderr.write(`imported ${done} of ${total} rows\n`);
      last = pct;
      return;
    }
    if (pct === last) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% (${done}/${total})`);
  };
}
