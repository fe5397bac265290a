// The record's workflow history (every transition and decision) and the in-app messages it sends.
import type { Knex } from 'knex';
import type { Actor, Locale } from '../core/index.ts';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import type { Labels } from '../metadata/index.ts';
import { queueEmail } from '../notify/index.ts';
import { compileTemplate } from '../rules/index.ts';

export interface HistoryEntry {
  entity: string;
  recordId: string;
  instanceId?: string | null;
  workflow: string;
  workflowVersion?: number | null;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  stepId?: string | null;
  actor: Pick<Actor, 'id' | 'name'>;
  comment?: string | null;
  details?: Record<string, unknown>;
}

/** Returns the row's id: timers use the id of the row that entered a state to know the record has not left it. */
export async function appendHistory(trx: Knex, tenant: Tenant, e: HistoryEntry): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    trx,
    `insert into ${qualified(tenant, 'crm_wf_history')}
       (entity, record_id, instance_id, workflow, workflow_version, action, from_state, to_state, step_id, actor_id, actor_name, comment, details)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) returning id`,
    [e.entity, e.recordId, e.instanceId ?? null, e.workflow, e.workflowVersion ?? null, e.action, e.fromState ?? null, e.toState ?? null, e.stepId ?? null, e.actor.id, e.actor.name, e.comment ?? null, e.details ? JSON.stringify(e.details) : null],
  );
  return Number(row!.id);
}

export interface Message {
  title: Labels;
  body?: Labels;
  entity?: string;
  recordId?: string;
  kind: string;
}

const templates = new Map<string, ReturnType<typeof compileTemplate>>();

/**
 * One in-app message per recipient, in the recipient's language, rendered with the strict template helper set
 * (escaped, no prototype access) from the record and the workflow facts.
 */
export async function sendMessages(trx: Knex, tenant: Tenant, recipients: Iterable<string>, message: Message, data: Record<string, unknown>, localeOf: (userId: string) => Locale): Promise<void> {
  const unique = [...new Set(recipients)];
  for (const recipient of unique) {
    const locale = localeOf(recipient);
    const title = render(message.title[locale], data).slice(0, 300);
    const body = message.body ? render(message.body[locale], data) : null;
    const [row] = await queryRows<{ id: string }>(
      trx,
      `insert into ${qualified(tenant, 'crm_message')} (recipient, title, body, entity, record_id, kind) values (?, ?, ?, ?, ?, ?) returning id`,
      [recipient, title, body, message.entity ?? null, message.recordId ?? null, message.kind],
    );
    await queueEmail(trx, tenant, row!.id, recipient, title, body ?? title);
  }
}

// Templates were checked when the metadata loaded; a value missing at run time must not undo an approval, so the
// message then carries the template text itself.
function render(source: string, data: Record<string, unknown>): string {
  let template = templates.get(source);
  if (!template) {
    template = compileTemplate(source, { plainText: true });
    templates.set(source, template);
  }
  try {
    return template(data);
  } catch {
    return source;
  }
}
