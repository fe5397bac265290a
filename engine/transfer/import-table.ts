// Import of a spreadsheet into an entity, every row through the record service, so every row meets the same
// validation, rules, numbering, workflow start and permissions as a create by hand (an import cannot set what its
// user could not). Duplicates are found on key fields after normalisation, also against existing records. Rows land
// in chunks (land-chunk.ts: creates batched into one INSERT where nothing else must happen with them), each chunk
// with its journal entries in one transaction, so running the same import again after a crash lands every row
// exactly once. `all` lands every row or none; `valid` lands the valid ones and returns the others with reasons.
import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/index.ts';
import { ALLOW_ALL, badRequest, EngineError, type RequestContext } from '../core/index.ts';
import { CreateBatch } from '../data/index.ts';
import { AuditBatch } from './audit-batch.ts';
import { qualified, queryRows } from '../db/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import { existingKeys } from './existing-keys.ts';
import { landChunk, type ImportPlan, type LandedChunk, type Outcome, type RejectedRow } from './land-chunk.ts';
import { mapColumns, type ImportMapping } from './map-columns.ts';
import { formatOf, readSheet, type Cell, type SheetEncoding, type SheetFormat } from './read-sheet.ts';
import { RefResolver } from './resolve-refs.ts';

export type { RejectedRow };

export interface ImportOptions {
  fileName: string;
  bytes: Buffer;
  encoding?: SheetEncoding;
  mapping?: ImportMapping;
  key?: string[];
  onDuplicate?: 'skip' | 'update' | 'create';
  mode?: 'all' | 'valid';
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportResult {
  file: { name: string; size: number; sha256: string };
  read: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  /** Rows an earlier, interrupted run of the same import had already landed. */
  resumed: number;
  dryRun: boolean;
  errors: RejectedRow[];
  header: string[];
  /** The rejected rows as read, for the error file. */
  rejectedRows: { row: number; cells: Cell[] }[];
}

/** The entity an import writes into, if the user may import and create there, and the file's format. */
export function importTarget(ctx: RequestContext, entityName: string, fileName: string): { entity: EntityDef; format: SheetFormat } {
  const entity = ctx.model.entities.get(entityName);
  if (!entity) throw new EngineError('NOT_FOUND', `Unknown entity "${entityName}"`, [{ path: 'entity', message: 'unknown entity' }]);
  ctx.access.assertCan(entity, 'import');
  ctx.access.assertCan(entity, 'create');
  const format = formatOf(fileName);
  if (!format) throw badRequest('Import reads .csv and .xlsx files', [{ path: 'file_name', message: 'must end in .csv or .xlsx' }]);
  return { entity, format };
}

export async function importTable(ctx: RequestContext, entityName: string, options: ImportOptions): Promise<ImportResult> {
  const { entity, format } = importTarget(ctx, entityName, options.fileName);
  const mode = options.mode ?? 'valid';
  const onDuplicate = options.onDuplicate ?? 'skip';
  const key = options.key ?? [];
  for (const [i, f] of key.entries()) if (!entity.fields.has(f)) throw badRequest(`Unknown key field "${f}"`, [{ path: `key/${i}`, message: `not a field of ${entity.name}` }]);

  const sha256 = createHash('sha256').update(options.bytes).digest('hex');
  const [header = [], ...body] = await readSheet(options.bytes, format, options.encoding);
  const columns = mapColumns(entity, header, options.mapping);
  const result: ImportResult = {
    file: { name: options.fileName, size: options.bytes.length, sha256 }, read: 0, created: 0, updated: 0, skipped: 0, rejected: 0, resumed: 0,
    dryRun: options.dryRun === true, errors: [], header: header.map((h) => String(h ?? '')), rejectedRows: [],
  };
  const rows = body.map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c !== null && String(c).trim() !== ''));
  result.read = rows.length;

  // The same user importing the same file into the same entity with the same options is the same import.
  const importKey = createHash('sha256').update(JSON.stringify([ctx.actor.id, entity.name, sha256, options.mapping ?? null, key, onDuplicate, mode])).digest('hex');
  const done = options.dryRun ? new Set<number>() : await journalled(ctx, importKey);
  const known = key.length ? await existingKeys({ ...ctx, access: ALLOW_ALL }, entity, key) : new Map<string, string>();
  const plan: ImportPlan = { entity, columns, mapping: options.mapping, key, onDuplicate, known, refs: new RefResolver() };
  const batched = CreateBatch.possible(ctx, entity.name);
  const landed: { created: string[]; updated: string[] } = { created: [], updated: [] };

  const pending = rows.filter((r) => !done.has(r.row));
  result.resumed = rows.length - pending.length;
  let progress = result.resumed;
  // `all` and a dry run are one transaction, rolled back unless every row landed (a dry run always); `valid` commits
  // chunk by chunk, each chunk's rows with their audit and journal entries, so a crash loses only whole chunks, which
  // the same import run again then lands.
  const whole = mode === 'all' || options.dryRun === true;
  // At least twenty chunks (a progress bar moves), at most 500 rows a transaction.
  const size = whole ? Math.max(1, pending.length) : Math.min(500, Math.max(1, Math.ceil(pending.length / 20)));
  for (let from = 0; from < pending.length || (whole && from === 0); from += size) {
    const chunk = pending.slice(from, from + size);
    // A chunk run again one by one after its batch failed reports each row's progress once.
    const onRow = whole ? (n: number) => from + n + result.resumed > progress && options.onProgress?.((progress = from + n + result.resumed), rows.length) : undefined;
    const attempt = (batchCreates: boolean) =>
      ctx.knex.transaction(async (trx) => {
        const tx = { ...ctx, knex: trx };
        const batch = new AuditBatch();
        const chunkLanded = await landChunk(tx, plan, chunk, batchCreates, batch, onRow);
        if (whole && (chunkLanded.rejected.length || options.dryRun)) throw new RolledBack(chunkLanded);
        await batch.flush(tx);
        await journal(tx, importKey, chunkLanded.outcomes);
        if (whole) await audit(tx, entity, result, outcomesLanded(chunkLanded.outcomes), chunkLanded.outcomes.filter((o) => o.outcome.action === 'skipped').length);
        return chunkLanded;
      });
    // Batched creates that fail (a unique value taken, a record outside the create scope…) name no row: the same
    // rows again one by one, each in a savepoint, reject the one at fault and land the others.
    const { committed, chunkLanded } = await unlessRolledBack(
      attempt(batched).catch((e: unknown) => (batched && !(e instanceof RolledBack) ? attempt(false) : Promise.reject(e))),
    );
    for (const [k, id] of chunkLanded.keys) known.set(k, id);
    for (const { row, problems } of chunkLanded.rejected) {
      result.rejected++;
      result.rejectedRows.push(row);
      result.errors.push(...problems);
    }
    if (committed || options.dryRun) for (const o of chunkLanded.outcomes) count(o.outcome);
    if (!whole) options.onProgress?.((progress += chunk.length), rows.length);
  }
  if (!whole && (landed.created.length || landed.updated.length || result.rejected)) await ctx.knex.transaction((trx) => audit({ ...ctx, knex: trx }, entity, result, landed, result.skipped));
  return result;

  function count(outcome: Outcome): void {
    if (outcome.action === 'skipped') result.skipped++;
    else {
      result[outcome.action]++;
      landed[outcome.action].push(outcome.id);
    }
  }
}

function outcomesLanded(outcomes: readonly { outcome: Outcome }[]): { created: string[]; updated: string[] } {
  const landed = { created: [] as string[], updated: [] as string[] };
  for (const { outcome } of outcomes) if (outcome.action !== 'skipped') landed[outcome.action].push(outcome.id);
  return landed;
}

/** A whole import (`all`, or a dry run) that must not stay: its rows as they went. */
class RolledBack extends Error {
  constructor(readonly landed: LandedChunk) {
    super('rolled back');
  }
}

async function unlessRolledBack(chunk: Promise<LandedChunk>): Promise<{ committed: boolean; chunkLanded: LandedChunk }> {
  try {
    return { committed: true, chunkLanded: await chunk };
  } catch (e) {
    if (e instanceof RolledBack) return { committed: false, chunkLanded: e.landed };
    throw e;
  }
}

async function journalled(ctx: RequestContext, importKey: string): Promise<Set<number>> {
  const rows = await queryRows<{ row_no: number }>(ctx.knex, `select row_no from ${qualified(ctx.tenant, 'crm_import_row')} where import_key = ?`, [importKey]);
  return new Set(rows.map((r) => Number(r.row_no)));
}

/** The chunk's rows in the import's journal, in its transaction: a re-run of the same import skips them. */
async function journal(tx: RequestContext, importKey: string, outcomes: readonly { row: number; outcome: Outcome }[]): Promise<void> {
  if (!outcomes.length) return;
  await queryRows(
    tx.knex,
    `insert into ${qualified(tx.tenant, 'crm_import_row')} (import_key, row_no, action, record_id) values ${outcomes.map(() => '(?, ?, ?, ?)').join(', ')}`,
    outcomes.flatMap(({ row, outcome }) => [importKey, row, outcome.action, outcome.action === 'skipped' ? null : outcome.id]),
  );
}

async function audit(tx: RequestContext, entity: EntityDef, result: ImportResult, landed: { created: string[]; updated: string[] }, skipped: number): Promise<void> {
  await appendAudit(tx.knex, tx.tenant, [
    {
      actor: tx.actor,
      action: 'import',
      entity: entity.name,
      changes: { file: result.file, read: result.read, created: landed.created, updated: landed.updated, skipped, rejected: result.rejected },
      context: { request_id: tx.requestId, reason: `import of ${result.file.name}` },
    },
  ]);
}
