// One chunk of an import's rows inside its transaction: each row read from its cells, matched on the key fields,
// then skipped, updated or created through the record service, so it meets the same checks as a create by hand.
// Batched (where CreateBatch.possible), the creates are checked one by one in JS and written by multi-row INSERTs
// of up to SEND_EVERY rows, each sent while the next rows are checked; one by one, each write runs in a savepoint. A batched write that fails names no row: it throws
// BatchFailed, and the caller runs the chunk again one by one in a fresh transaction, which rejects the row at
// fault exactly as before and lands the others. Nothing here touches the import's totals: the caller takes the
// answer once the chunk's transaction is over.
import { CreateBatch, createRecordInTransaction, updateRecordById } from '../data/index.ts';
import { EngineError, type ErrorDetail, type RequestContext } from '../core/index.ts';
import type { EntityDef } from '../metadata/index.ts';
import type { AuditBatch } from './audit-batch.ts';
import { recordKey } from './dedupe-key.ts';
import type { ImportMapping, MappedColumn } from './map-columns.ts';
import { parseCell } from './parse-cell.ts';
import { cellText, type Cell } from './read-sheet.ts';
import type { RefResolver } from './resolve-refs.ts';

export type SheetRow = { row: number; cells: Cell[] };

export type Outcome = { action: 'created' | 'updated'; id: string } | { action: 'skipped' };

export interface RejectedRow {
  /** 1-based, as the spreadsheet shows it (the header is row 1). */
  row: number;
  column?: string;
  message: string;
}

/** What stays the same for every chunk of one import. */
export interface ImportPlan {
  entity: EntityDef;
  columns: MappedColumn[];
  mapping?: ImportMapping;
  key: string[];
  onDuplicate: 'skip' | 'update' | 'create';
  /** Normalised key → id of the records with that key, existing or landed by earlier chunks. */
  known: ReadonlyMap<string, string>;
  refs: RefResolver;
}

export interface LandedChunk {
  outcomes: { row: number; outcome: Outcome }[];
  rejected: { row: SheetRow; problems: RejectedRow[] }[];
  /** Keys of the records the chunk created, for the chunks after it. */
  keys: Map<string, string>;
}

const SEND_EVERY = 100;

/** The chunk's batched creates could not be written; nothing of the chunk may be kept. */
export class BatchFailed extends Error {
  constructor(cause: unknown) {
    super('the batched creates could not be written', { cause });
  }
}

/** `onRow(n)`: n rows of the chunk are through. */
export async function landChunk(tx: RequestContext, plan: ImportPlan, chunk: readonly SheetRow[], batched: boolean, audit: AuditBatch, onRow?: (n: number) => void): Promise<LandedChunk> {
  const { entity, key, onDuplicate } = plan;
  const landed: LandedChunk = { outcomes: [], rejected: [], keys: new Map() };
  const creates = batched ? new CreateBatch(tx, entity) : undefined;
  const batchStep = async (step: 'send' | 'write') => {
    if (creates?.unwritten) await creates[step](audit.collecting(tx)).catch((e: unknown) => Promise.reject(new BatchFailed(e)));
  };
  // Whatever reads the table (an update, a create the batch cannot take, a reference to the same entity) must see
  // the creates before it: the batch is written first.
  const writeCreates = () => batchStep('write');
  const selfRefs = plan.columns.filter((c) => entity.fields.get(c.field)!.target === entity.name);

  const landRow = async (row: SheetRow): Promise<Outcome> => {
    if (selfRefs.some((c) => cellText(row.cells[c.index] ?? null).trim() !== '')) await writeCreates();
    const data = await readRow(tx, plan, row);
    const rowKey = key.length ? recordKey(data, key) : '';
    const existing = rowKey ? (landed.keys.get(rowKey) ?? plan.known.get(rowKey)) : undefined;
    if (existing && onDuplicate === 'skip') return { action: 'skipped' };
    if (existing && onDuplicate === 'update') {
      await writeCreates();
      // The key matched after normalisation; the record keeps its key as stored ("华东精机" is not renamed "华东精机 ").
      const changes = Object.fromEntries(Object.entries(data).filter(([k]) => !key.includes(k)));
      return { action: 'updated', id: String((await audit.savepoint(tx, (sp) => updateRecordById(sp, entity.name, existing, changes))).id) };
    }
    let id = await creates?.add(tx, data);
    // Every SEND_EVERY creates go to the database while the next ones are checked.
    if (creates && creates.size >= SEND_EVERY) await batchStep('send');
    if (id === undefined) {
      await writeCreates();
      id = await audit.savepoint(tx, (sp) => createRecordInTransaction(sp, entity.name, data));
    }
    if (rowKey) landed.keys.set(rowKey, id);
    return { action: 'created', id };
  };

  for (const [i, row] of chunk.entries()) {
    try {
      landed.outcomes.push({ row: row.row, outcome: await landRow(row) });
    } catch (e) {
      if (e instanceof BatchFailed) throw e;
      landed.rejected.push({ row, problems: rowProblems(plan, row.row, e) });
    }
    onRow?.(i + 1);
  }
  await writeCreates();
  return landed;
}

/** A row's values by field; a cell that cannot be read rejects the row before anything is written. */
async function readRow(tx: RequestContext, plan: ImportPlan, row: SheetRow): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  const problems: RejectedRow[] = [];
  for (const col of plan.columns) {
    const field = plan.entity.fields.get(col.field)!;
    const parsed = parseCell(field, row.cells[col.index] ?? null, plan.mapping?.values?.[col.field], tx.locale);
    if ('problem' in parsed) problems.push({ row: row.row, column: col.header, message: parsed.problem });
    else if ('ref' in parsed) {
      const id = await plan.refs.resolve(tx, field, parsed.ref);
      if (typeof id === 'string') data[col.field] = id;
      else problems.push({ row: row.row, column: col.header, message: id.problem });
    } else if (parsed.value !== null) data[col.field] = parsed.value;
  }
  if (problems.length) throw new RowRejected(problems);
  return data;
}

class RowRejected extends Error {
  constructor(readonly problems: RejectedRow[]) {
    super('row rejected');
  }
}

/** A row's problems with the column the spreadsheet shows (a field's pointer "/name" becomes its header). */
function rowProblems(plan: ImportPlan, row: number, e: unknown): RejectedRow[] {
  if (e instanceof RowRejected) return e.problems;
  if (!(e instanceof EngineError)) throw e;
  const details: ErrorDetail[] = e.details.length ? e.details : [{ path: '', message: e.message }];
  return details.map((d) => {
    const field = (d.path ?? '').replace(/^\//, '').split('/')[0] ?? '';
    const column = plan.columns.find((c) => c.field === field)?.header ?? (plan.entity.fields.has(field) ? field : undefined);
    return column ? { row, column, message: d.message } : { row, message: d.message === e.message ? e.message : `${e.message}: ${d.message}` };
  });
}
