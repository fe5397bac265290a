// `crm config export FILE` / `crm config import FILE [--dry-run]`: the configuration bundle (engine/plugins/config-bundle.ts)
// from the command line. The import prints its plan (per file, then the schema steps) before saying whether it applied.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EngineError } from '../core/index.ts';
import type { ConfigBundle, ConfigImportResult } from '../plugins/index.ts';
import { formatPlan } from '../schema/index.ts';
import type { ServerConfig } from '../server/index.ts';
import { runOperation } from './run-operation.ts';

const ACTION = { create: 'create   ', replace: 'replace  ', unchanged: 'unchanged' } as const;

export async function configCommand(config: ServerConfig, command: 'config export' | 'config import', args: string[], flags: { 'dry-run'?: boolean; user?: string }): Promise<number> {
  if (args.length !== 1) throw new EngineError('BAD_REQUEST', `Usage: crm ${command} FILE${command === 'config import' ? ' [--dry-run]' : ''} [--user NAME]`);
  const file = resolve(args[0]!);
  if (command === 'config export') {
    const bundle = (await runOperation(config, command, { user: flags.user })) as ConfigBundle;
    writeFileSync(file, `${JSON.stringify(bundle, null, 2)}\n`);
    console.log(`Wrote ${Object.keys(bundle).length - 1} configuration files to ${file}.`);
    return 0;
  }
  const result = (await runOperation(config, command, { user: flags.user, file, dryRun: flags['dry-run'] === true })) as ConfigImportResult;
  for (const d of result.documents) console.log(`${ACTION[d.action]}  ${d.file}`);
  if (result.plan.steps.length) console.log(formatPlan(result.plan));
  console.log(result.applied ? 'Applied.' : 'Dry run: nothing was changed.');
  return 0;
}
