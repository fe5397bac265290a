// How long the files of scheduled deliveries (定时发送) are kept: a tenant setting (days after the due time, default
// 90), and the daily job that removes older files. The delivery row and its message stay: the message then says that
// the file was removed and no longer links it, and the file's URL answers 410 Gone saying what went and when.
import { badRequest, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { clockSql, registerDailyJob, registerJobHandler } from '../jobs/index.ts';

export const DEFAULT_DELIVERY_RETENTION_DAYS = 90;
export const MAX_DELIVERY_RETENTION_DAYS = 3650;
const SETTING = 'report_delivery_retention_days';
const CLEANUP_JOB = 'report_delivery_cleanup';
const REMOVED = {
  'zh-CN': (days: number) => `文件已超过保留期限 ${days} 天，已删除`,
  en: (days: number) => `the file was removed after the ${days}-day retention period`,
};

export async function deliveryRetentionDays(ctx: Pick<RequestContext, 'knex' | 'tenant'>): Promise<number> {
  const [row] = await queryRows<{ value: string }>(ctx.knex, `select value from ${qualified(ctx.tenant, 'crm_setting')} where key = ?`, [SETTING]);
  return row ? Number(row.value) : DEFAULT_DELIVERY_RETENTION_DAYS;
}

/** The administrator's setting (the `metadata` function): `{"retention_days": 1 … 3650}`, audited. */
export async function setDeliveryRetentionDays(ctx: RequestContext, body: unknown): Promise<number> {
  ctx.access.assertFunction('metadata');
  const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const value = b?.retention_days;
  const problems = [
    ...(b ? [] : [{ path: '/', message: 'a JSON object is required' }]),
    ...(b && !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_DELIVERY_RETENTION_DAYS) ? [{ path: '/retention_days', message: `must be a whole number of days, 1 to ${MAX_DELIVERY_RETENTION_DAYS}` }] : []),
    ...Object.keys(b ?? {}).filter((k) => k !== 'retention_days').map((k) => ({ path: `/${k}`, message: 'unknown property', expected: 'retention_days' })),
  ];
  if (problems.length) throw badRequest('The setting is not valid', problems);
  const before = await deliveryRetentionDays(ctx);
  await ctx.knex.transaction(async (trx) => {
    await queryRows(trx, `insert into ${qualified(ctx.tenant, 'crm_setting')} (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`, [SETTING, String(value)]);
    await appendAudit(trx, ctx.tenant, [{ actor: ctx.actor, action: 'metadata_change', entity: 'saved_report', changes: { [SETTING]: [before, value] }, context: { request_id: ctx.requestId } }]);
  });
  return value as number;
}

registerDailyJob(CLEANUP_JOB);
registerJobHandler(CLEANUP_JOB, async (tx) => {
  const days = await deliveryRetentionDays(tx);
  const deliveries = qualified(tx.tenant, 'crm_report_delivery');
  // One statement: the files go, and their messages stop linking them and say why, in the recipient's language.
  const removed = await queryRows<{ id: string }>(
    tx.knex,
    `with removed as (
       update ${deliveries} set body = null, file_removed_at = ${clockSql(tx.tenant)}
        where body is not null and occurrence < ${clockSql(tx.tenant)} - ? * interval '1 day' returning id
     )
     update ${qualified(tx.tenant, 'crm_message')} m
        set record_id = null,
            body = coalesce(m.body, '') || case when (select u.locale from ${qualified(tx.tenant, 'app_user')} u where u.id = m.recipient) = 'en' then ? else ? end
      where m.kind = 'report_delivery' and m.entity is null and m.record_id in (select id from removed)
      returning m.id`,
    [days, `\n(${REMOVED.en(days)})`, `\n（${REMOVED['zh-CN'](days)}）`],
  );
  return removed.length ? 'done' : 'skipped';
});
