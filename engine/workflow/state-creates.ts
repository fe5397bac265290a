// Records a flow creates from its record's lines (`creates`): a line names the state whose entry creates its record
// (a payment node tied to a stage gate) or the day on which it is created (a node tied to a date). One record per
// line, ever: the record links back to its line through a unique ref field, the check runs under the flow record's
// row lock, and the record is written through the record service (validation, numbering, audit) in the same
// transaction as the transition or the job.
import { Decimal } from 'decimal.js';
import { ALLOW_ALL, EngineError, SYSTEM_ACTOR, type RequestContext } from '../core/index.ts';
import { assignOwner, checkInputOrThrow, compiledEntity, insertRecord } from '../data/index.ts';
import { qualified, queryRows, quoteIdent } from '../db/index.ts';
import { businessNow, registerJobHandler, scheduleJob, type Job } from '../jobs/index.ts';
import type { CreateDoc, EntityDef, WorkflowDoc } from '../metadata/index.ts';
import { DEFAULT_TIME_ZONE, evaluateRule, isTruthy, todayIn } from '../rules/index.ts';
import { openRun } from './open-run.ts';

export const CREATE_JOB = 'workflow_create';

/** What creating needs of a flow and its record (an action's run has it all). */
export interface FlowRecord {
  tx: RequestContext;
  entity: EntityDef;
  wf: WorkflowDoc;
  record: Record<string, unknown>;
  now: Date;
}

interface CreatePayload {
  workflow: string;
  create: string;
  entity: string;
  recordId: string;
  lineId: string;
  date: string;
}

type Row = Record<string, unknown>;

/** Entering `state`: every line tied to it that has no record yet gets one. */
export async function createOnEntry(run: FlowRecord, state: string): Promise<void> {
  for (const c of run.wf.creates ?? []) {
    if (!c.state || !holds(run, c)) continue;
    const day = todayIn(run.now, run.tx.tenant.timeZone ?? DEFAULT_TIME_ZONE);
    for (const { line, index } of await pendingLines(run, c)) if (line[c.state] === state) await createFromLine(run, c, line, index, day);
  }
}

/**
 * Lines tied to a date get a job on that day (at once when it has passed); the key holds the line and the date, so
 * scheduling again (each state change, each edit of the record) adds nothing, and a changed date schedules anew.
 */
export async function scheduleDatedCreates(run: FlowRecord): Promise<void> {
  for (const c of run.wf.creates ?? []) {
    if (!c.date || !holds(run, c)) continue;
    for (const { line } of await pendingLines(run, c)) {
      const date = line[c.date];
      if (typeof date !== 'string' || !date) continue;
      const payload: CreatePayload = { workflow: run.wf.name, create: c.id, entity: run.entity.name, recordId: String(run.record.id), lineId: String(line.id), date };
      await scheduleJob(run.tx.knex, run.tx.tenant, { kind: CREATE_JOB, key: `wfc:${run.wf.name}:${c.id}:${String(line.id)}:${date}`, dueAt: new Date(`${date}T00:00:00Z`), payload: { ...payload } });
    }
  }
}

registerJobHandler(CREATE_JOB, async (ctx, job: Job) => {
  const p = job.payload as unknown as CreatePayload;
  const engine = { ...ctx, actor: SYSTEM_ACTOR, access: ALLOW_ALL };
  const run = await openRun(engine, p.entity, p.recordId, true, false);
  const c = run?.wf.name === p.workflow ? run.wf.creates?.find((x) => x.id === p.create) : undefined;
  if (!run || !c?.date || !holds(run, c)) return 'skipped';
  // The line may have been removed, re-dated or already have its record since the job was scheduled.
  const found = (await pendingLines(run, c)).find(({ line }) => String(line.id) === p.lineId && line[c.date!] === p.date);
  if (!found) return 'skipped';
  await createFromLine(run, c, found.line, found.index, p.date);
  return 'done';
});

function holds(run: FlowRecord, c: CreateDoc): boolean {
  return c.if === undefined || isTruthy(evaluateRule(c.if, run.record, { now: run.now, timeZone: run.tx.tenant.timeZone }));
}

/** The record's lines (in their order, with their position for error paths) that have no created record yet. */
async function pendingLines(run: FlowRecord, c: CreateDoc): Promise<{ line: Row; index: number }[]> {
  const lines = run.entity.fields.get(c.from)!;
  const rows = await queryRows<Row & { __created: boolean }>(
    run.tx.knex,
    `select l.*, exists (select 1 from ${qualified(run.tx.tenant, c.entity)} t where t.${quoteIdent(c.link)} = l.id) as __created
       from ${qualified(run.tx.tenant, lines.target!)} l where l.${quoteIdent(lines.foreignKey!)} = ? order by l.created_at, l.id`,
    [run.record.id],
  );
  return rows.map((line, index) => ({ line, index })).filter(({ line }) => !line.__created);
}

async function createFromLine(run: FlowRecord, c: CreateDoc, line: Row, index: number, day: string): Promise<void> {
  const target = compiledEntity(run.tx.model, c.entity).entity;
  const variables: Record<string, unknown> = { $date: day };
  for (const [name, value] of Object.entries(run.record)) variables[`$record.${name}`] = value;
  const values: Row = { [c.link]: line.id };
  for (const [name, rule] of Object.entries(c.values)) values[name] = toScale(target, name, evaluateRule(rule, line, { now: run.now, timeZone: run.tx.tenant.timeZone, variables }));
  // The engine writes it (the user's rights were checked by the action), as the acting user, so the audit says who.
  const engine: RequestContext = { ...run.tx, access: ALLOW_ALL };
  const path = `/${c.from}/${index}`;
  let input: Row;
  try {
    input = checkInputOrThrow(engine, target, values, 'create');
  } catch (e) {
    // Named at the line that made it, so the refusal of the transition says which plan line is wrong.
    if (e instanceof EngineError) throw new EngineError(e.code, e.message, e.details.map((d) => ({ ...d, path: `${path}${d.path ?? ''}` })));
    throw e;
  }
  const { id } = await insertRecord(engine, target, input, { now: await businessNow(engine.knex, engine.tenant), path });
  // It belongs to whoever owns the record it came from (the project's owner is reminded of the receivable).
  const owner = run.record.owner;
  if (typeof owner === 'string' && owner !== engine.actor.id) await assignOwner(engine, target, id, owner);
}

/** Percentages of amounts give binary fractions: money and decimals are rounded half-up to the field's scale. */
function toScale(entity: EntityDef, name: string, value: unknown): unknown {
  const field = entity.fields.get(name);
  if (typeof value !== 'number' || !field || !['money', 'decimal'].includes(field.type)) return value;
  return new Decimal(value).toDecimalPlaces(field.type === 'money' ? 2 : field.scale ?? 4, Decimal.ROUND_HALF_UP).toNumber();
}
