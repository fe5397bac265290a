// My approval tasks with enough of each record to decide from the list, and my in-app messages.
import { badRequest, isUuid, parseLimit, readQueryParamsOrThrow, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { qualified, queryRows, quoteIdent } from '../db/index.ts';

export interface InboxItem {
  task_id: string;
  entity: string;
  entity_labels: { 'zh-CN': string; en: string };
  record_id: string;
  display: unknown;
  state: unknown;
  step_id: string;
  workflow: string;
  submitter: string;
  submitter_name: string | null;
  delegated_from: string | null;
  created_at: string;
}

export async function inbox(ctx: RequestContext, query: Record<string, unknown>): Promise<{ data: InboxItem[] }> {
  readQueryParamsOrThrow(query, [], 'inbox');
  const tasks = await queryRows<Omit<InboxItem, 'entity_labels' | 'display' | 'state'>>(
    ctx.knex,
    `select t.id as task_id, i.entity, i.record_id, t.step_id, i.workflow, i.submitter, u.display_name as submitter_name, t.delegated_from, t.created_at
       from ${qualified(ctx.tenant, 'crm_wf_task')} t
       join ${qualified(ctx.tenant, 'crm_wf_instance')} i on i.id = t.instance_id and i.status = 'running'
       left join ${qualified(ctx.tenant, 'app_user')} u on u.id = i.submitter
      where t.approver = ? and t.status = 'pending'
      order by t.created_at`,
    [ctx.actor.id],
  );
  const data: InboxItem[] = [];
  for (const task of tasks) {
    const entity = ctx.model.entities.get(task.entity);
    const wf = ctx.model.workflows.get(task.workflow);
    if (!entity) continue;
    // The task itself is the approver's reason to see the record's title and state, whatever their list scope.
    const [row] = await queryRows<Record<string, unknown>>(
      ctx.knex,
      `select ${quoteIdent(entity.displayField)} as display${wf ? `, ${quoteIdent(wf.stateField)} as state` : ''} from ${qualified(ctx.tenant, entity.name)} where id = ?`,
      [task.record_id],
    );
    data.push({ ...task, entity_labels: entity.labels, display: row?.display ?? null, state: row?.state ?? null });
  }
  return { data };
}

const MAX_MESSAGES = 200;

export async function listMessages(ctx: RequestContext, query: Record<string, unknown>) {
  const params = readQueryParamsOrThrow(query, ['unread', 'limit'], 'messages');
  const problems: ErrorDetail[] = [];
  const limit = params.limit === undefined ? 50 : parseLimit(params.limit, MAX_MESSAGES, problems);
  if (params.unread !== undefined && params.unread !== 'true' && params.unread !== 'false') problems.push({ path: 'unread', message: 'must be "true" or "false"' });
  if (problems.length) throw badRequest('The messages request is not valid', problems);
  const unread = params.unread === 'true';
  const data = await queryRows(
    ctx.knex,
    `select id, title, body, entity, record_id, kind, created_at, read_at from ${qualified(ctx.tenant, 'crm_message')}
      where recipient = ?${unread ? ' and read_at is null' : ''} order by created_at desc limit ?`,
    [ctx.actor.id, limit],
  );
  const [count] = await queryRows<{ n: number }>(ctx.knex, `select count(*) as n from ${qualified(ctx.tenant, 'crm_message')} where recipient = ? and read_at is null`, [ctx.actor.id]);
  return { data, unread: Number(count?.n ?? 0) };
}

/** Marks my messages read: the given ids, or all when none are given. */
export async function markMessagesRead(ctx: RequestContext, body: unknown): Promise<{ updated: number }> {
  const ids = (body as { ids?: unknown } | undefined)?.ids;
  if (ids !== undefined && (!Array.isArray(ids) || ids.length > 1000 || ids.some((id) => !isUuid(id)))) {
    throw badRequest('Send {"ids": [...]} or an empty body to mark all read', [{ path: '/ids', message: 'must be message ids' }]);
  }
  const rows = await queryRows(
    ctx.knex,
    `update ${qualified(ctx.tenant, 'crm_message')} set read_at = now() where recipient = ? and read_at is null${ids ? ' and id = any(?::uuid[])' : ''} returning id`,
    ids ? [ctx.actor.id, ids] : [ctx.actor.id],
  );
  return { updated: rows.length };
}
