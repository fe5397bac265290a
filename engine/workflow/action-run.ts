// What one workflow action works with inside its transaction, and the engine-side record write it ends with.
import { ALLOW_ALL, validationFailed, type Locale, type RequestContext } from '../core/index.ts';
import { checkInputOrThrow, updateRecord } from '../data/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import type { OrgDirectory } from '../access/index.ts';
import type { EntityDef, WorkflowDoc } from '../metadata/index.ts';
import { evaluateRule } from '../rules/index.ts';
import { appendHistory, sendMessages, type HistoryEntry, type Message } from './workflow-log.ts';

export interface ActionRun {
  /** The acting user's context, its knex being the action's transaction. */
  tx: RequestContext;
  entity: EntityDef;
  wf: WorkflowDoc;
  version: number;
  record: Record<string, unknown>;
  directory: OrgDirectory;
  now: Date;
  /** The flow's facts ($facts.name), computed when the action began. */
  facts: Record<string, unknown>;
}

export function userVariables(run: ActionRun): Record<string, unknown> {
  const user = run.directory.users.get(run.tx.actor.id);
  return {
    '$user.id': run.tx.actor.id,
    '$user.department': user?.department ?? null,
    '$user.departments_below': user?.department ? run.directory.departmentsBelow(user.department) : [],
    '$user.team': run.directory.team(run.tx.actor.id),
    ...run.facts,
  };
}

export function evaluate(run: ActionRun, rule: unknown): unknown {
  return evaluateRule(rule, run.record, { now: run.now, timeZone: run.tx.tenant.timeZone, variables: userVariables(run) });
}

/**
 * Moves the record to `state` and applies effects (the transition's, then the state's), as the engine: the user's
 * rights were checked by the action; the write itself bypasses the state-field guard, never validation.
 */
export async function writeState(run: ActionRun, state: string, effects: Record<string, unknown> = {}): Promise<void> {
  const values: Record<string, unknown> = {};
  for (const [field, rule] of Object.entries({ ...effects, ...(run.wf.states[state]?.effects ?? {}) })) values[field] = evaluate(run, rule);
  values[run.wf.stateField] = state;
  const engine: RequestContext = { ...run.tx, access: ALLOW_ALL };
  const input = checkInputOrThrow(engine, run.entity, values, 'update');
  await updateRecord(engine, run.entity, String(run.record.id), input, { now: run.now });
  Object.assign(run.record, input);
  const required = (run.wf.states[state]?.required ?? []).filter((f) => isEmpty(run.record[f]));
  if (required.length) throw validationFailed(required.map((f) => ({ path: `/${f}`, message: MISSING[run.tx.locale] })));
}

const MISSING: Record<Locale, string> = { 'zh-CN': '进入此状态前必须填写', en: 'is required before this step' };

export function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

export function history(run: ActionRun, e: Omit<HistoryEntry, 'entity' | 'recordId' | 'workflow' | 'workflowVersion' | 'actor'>): Promise<number> {
  return appendHistory(run.tx.knex, run.tx.tenant, { entity: run.entity.name, recordId: String(run.record.id), workflow: run.wf.name, workflowVersion: run.version, actor: run.tx.actor, ...e });
}

export function notify(run: ActionRun, recipients: Iterable<string>, message: Omit<Message, 'entity' | 'recordId'>, extra: Record<string, unknown> = {}): Promise<void> {
  const data = { record: run.record, entity: run.entity.labels, actor: run.directory.users.get(run.tx.actor.id)?.displayName ?? run.tx.actor.name, display: run.record[run.entity.displayField], ...extra };
  return sendMessages(run.tx.knex, run.tx.tenant, recipients, { ...message, entity: run.entity.name, recordId: String(run.record.id) }, data, (id) => (run.directory.users.get(id)?.locale === 'en' ? 'en' : 'zh-CN'));
}

/** The record row (locked for an action); undefined when it does not exist or is outside the reader's scope. */
export async function lockRecord(tx: RequestContext, entity: EntityDef, id: string, forUpdate = true): Promise<Record<string, unknown> | undefined> {
  const scope = tx.access.rowScope(entity, 'read', 'r');
  const [row] = await queryRows<Record<string, unknown>>(
    tx.knex,
    `select * from ${qualified(tx.tenant, entity.name)} r where r.id = ?${scope ? ` and (${scope.sql})` : ''}${forUpdate ? ' for update' : ''}`,
    [id, ...(scope?.bindings ?? [])],
  );
  return row;
}
