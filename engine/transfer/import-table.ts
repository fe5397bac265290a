// Import of a spreadsheet into an entity, row by row through the record service, so every row meets the same
// validation, rules, numbering, workflow start and permissions as a create by hand (an import cannot set what its
// user could not). Duplicates are found on key fields after normalisation, also against existing records. Each row
// lands with its journal entry in one transaction, so running the same import again after a crash lands every row
// exactly once. `all` lands every row or none; `valid` lands the valid ones and returns the others with reasons.
import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/index.ts';
import { ALLOW_ALL, badRequest, EngineError, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { createRecordInTransaction, updateRecordById } from '../data/index.ts';
import { AuditBatch } from './audit-batch.ts';
import { qualified, queryRows } from '../db/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import { existingKeys } from './existing-keys.ts';
import { mapColumns, type ImportMapping } from './map-columns.ts';
import { parseCell } from './parse-cell.ts';
import { formatOf, readSheet, type Cell, type SheetEncoding, type SheetFormat } from './read-sheet.ts';
import { recordKey } from './dedupe-key.ts';
import { RefResolver } from './resolve-refs.ts';

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

export interface RejectedRow {
  /** 1-based, as the spreadsheet shows it (the header is row 1). */
  row: number;
  column?: string;
  message: string;
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

type Outcome = { action: 'created' | 'updated'; id: string } | { action: 'skipped' };

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
  const refs = new RefResolver();
  const landed: { created: string[]; updated: string[] } = { created: [], updated: [] };

  // A row's values are read before its savepoint (a rejected cell needs no round trip); its write runs in one.
  const landRow = async (tx: RequestContext, batch: AuditBatch, row: SheetRow): Promise<Outcome> => {
    const data: Record<string, unknown> = {};
    const problems: RejectedRow[] = [];
    for (const col of columns) {
      const field = entity.fields.get(col.field)!;
      const parsed = parseCell(field, row.cells[col.index] ?? null, options.mapping?.values?.[col.field], ctx.locale);
      if ('problem' in parsed) problems.push({ row: row.row, column: col.header, message: parsed.problem });
      else if ('ref' in parsed) {
        const id = await refs.resolve(tx, field, parsed.ref);
        if (typeof id === 'string') data[col.field] = id;
        else problems.push({ row: row.row, column: col.header, message: id.problem });
      } else if (parsed.value !== null) data[col.field] = parsed.value;
    }
    if (problems.length) throw new RowRejected(problems);
    const rowKey = key.length ? recordKey(data, key) : '';
    const existing = rowKey ? known.get(rowKey) : undefined;
    let outcome: Outcome;
    if (existing && onDuplicate === 'skip') outcome = { action: 'skipped' };
    else if (existing && onDuplicate === 'update') {
      // The key matched after normalisation; the record keeps its key as stored ("华东精机" is not renamed "华东精机 ").
      const changes = Object.fromEntries(Object.entries(data).filter(([k]) => !key.includes(k)));
      outcome = { action: 'updated', id: String((await batch.savepoint(tx, (sp) => updateRecordById(sp, entity.name, existing, changes))).id) };
    } else outcome = { action: 'created', id: await batch.savepoint(tx, (sp) => createRecordInTransaction(sp, entity.name, data)) };
    if (rowKey && outcome.action === 'created') known.set(rowKey, outcome.id);
    return outcome;
  };

  const count = (outcome: Outcome) => {
    if (outcome.action === 'skipped') result.skipped++;
    else {
      result[outcome.action]++;
      landed[outcome.action].push(outcome.id);
    }
  };
  const reject = (row: SheetRow, e: unknown) => {
    result.rejected++;
    result.rejectedRows.push(row);
    result.errors.push(...rowProblems(entity, columns, row.row, e));
  };

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
    const outcomes: { row: number; outcome: Outcome }[] = [];
    const committed = await ctx.knex
      .transaction(async (trx) => {
        const tx = { ...ctx, knex: trx };
        const batch = new AuditBatch();
        for (const row of chunk) {
          try {
            outcomes.push({ row: row.row, outcome: await landRow(tx, batch, row) });
          } catch (e) {
            reject(row, e);
          }
          if (whole) options.onProgress?.(++progress, rows.length);
        }
        if (whole && (result.rejected || options.dryRun)) throw new RolledBack();
        await batch.flush(tx);
        await journal(tx, importKey, outcomes);
        if (whole) await audit(tx, entity, result, outcomesLanded(outcomes), outcomes.filter((o) => o.outcome.action === 'skipped').length);
        return true;
      })
      .catch((e: unknown) => {
        if (e instanceof RolledBack) return false;
        throw e;
      });
    if (committed || options.dryRun) for (const o of outcomes) count(o.outcome);
    if (!whole) options.onProgress?.((progress += chunk.length), rows.length);
  }
  if (!whole && (landed.created.length || landed.updated.length || result.rejected)) await ctx.knex.transaction((trx) => audit({ ...ctx, knex: trx }, entity, result, landed, result.skipped));
  return result;
}

type SheetRow = { row: number; cells: Cell[] };

function outcomesLanded(outcomes: readonly { outcome: Outcome }[]): { created: string[]; updated: string[] } {
  const landed = { created: [] as string[], updated: [] as string[] };
  for (const { outcome } of outcomes) if (outcome.action !== 'skipped') landed[outcome.action].push(outcome.id);
  return landed;
}

class RowRejected extends Error {
  constructor(readonly problems: RejectedRow[]) {
    super('row rejected');
  }
}

class RolledBack extends Error {}

/** A row's problems with the column the spreadsheet shows (a field's pointer "/name" becomes its header). */
function rowProblems(entity: EntityDef, columns: ReturnType<typeof mapColumns>, row: number, e: unknown): RejectedRow[] {
  if (e instanceof RowRejected) return e.problems;
  if (!(e instanceof EngineError)) throw e;
  const details: ErrorDetail[] = e.details.length ? e.details : [{ path: '', message: e.message }];
  return details.map((d) => {
    const field = (d.path ?? '').replace(/^\//, '').split('/')[0] ?? '';
    const column = columns.find((c) => c.field === field)?.header ?? (entity.fields.has(field) ? field : undefined);
    return column ? { row, column, message: d.message } : { row, message: d.message === e.message ? e.message : `${e.message}: ${d.message}` };
  });
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
