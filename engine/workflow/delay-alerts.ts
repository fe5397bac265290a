// Delay flags (an entity's `delayAlert`): once per business day the engine marks the records that started later than
// planned, or that run more than the allowed share over their planned duration, and clears the flag when that is no
// longer so (dates corrected). A flag that turns on tells the declared people, e.g. a late milestone tells the
// project's manager. The clock is the business clock, so tests and replays move it like every other deadline.
import { accessVersion, orgDirectory } from '../access/index.ts';
import type { RequestContext } from '../core/index.ts';
import { qualified, queryRows, quoteIdent } from '../db/index.ts';
import { clockSql, registerDailyJob, registerJobHandler } from '../jobs/index.ts';
import type { DelayAlertDoc, EntityDef } from '../metadata/index.ts';
import { sendMessages } from './workflow-log.ts';

const DELAY_JOB = 'delay_alerts';

registerDailyJob(DELAY_JOB);
registerJobHandler(DELAY_JOB, async (ctx) => {
  let changed = 0;
  for (const entity of ctx.model.entities.values()) if (entity.delayAlert) changed += await refreshDelays(ctx, entity, entity.delayAlert);
  return changed ? 'done' : 'skipped';
});

async function refreshDelays(ctx: RequestContext, entity: EntityDef, alert: DelayAlertDoc): Promise<number> {
  const [ps, pe, as, ae, flag] = [alert.plannedStart, alert.plannedEnd, alert.actualStart, alert.actualEnd, alert.flag].map((f) => `r.${quoteIdent(f)}`);
  const today = `(select (${clockSql(ctx.tenant)} at time zone ?)::date)`;
  const factor = 1 + (alert.overrunPercent ?? 20) / 100;
  // Late start: not started by the planned start, or started after it. Overrun: elapsed days (to the actual end, or
  // today while running) beyond the planned duration times the factor.
  const delayed = `coalesce((${ps} is not null and ((${as} is null and ${today} > ${ps}) or ${as} > ${ps}))
    or (${as} is not null and ${ps} is not null and ${pe} is not null and (coalesce(${ae}, ${today}) - ${as}) > (${pe} - ${ps}) * ?::numeric), false)`;
  const tz = ctx.tenant.timeZone ?? 'Asia/Shanghai';
  const binds = [tz, tz, factor];
  const rows = await queryRows<Record<string, unknown>>(
    ctx.knex,
    `update ${qualified(ctx.tenant, entity.name)} r set ${quoteIdent(alert.flag)} = ${delayed} where ${flag} is distinct from ${delayed} returning r.*`,
    [...binds, ...binds],
  );
  const turnedOn = rows.filter((r) => r[alert.flag] === true);
  if (turnedOn.length) await tell(ctx, entity, alert, turnedOn);
  return rows.length;
}

async function tell(ctx: RequestContext, entity: EntityDef, alert: DelayAlertDoc, rows: Record<string, unknown>[]): Promise<void> {
  const directory = await orgDirectory(ctx.knex, ctx.tenant, await accessVersion(ctx.knex, ctx.tenant));
  const via = alert.notify.via ? entity.fields.get(alert.notify.via) : undefined;
  for (const row of rows) {
    let people = row;
    if (via) {
      const [parent] = row[via.name] ? await queryRows<Record<string, unknown>>(ctx.knex, `select * from ${qualified(ctx.tenant, via.target!)} where id = ?`, [row[via.name]]) : [];
      if (!parent) continue;
      people = parent;
    }
    const recipients = alert.notify.fields.map((f) => people[f]).filter((id): id is string => typeof id === 'string' && directory.users.get(id)?.active === true);
    const data = { record: row, parent: via ? people : undefined, entity: entity.labels, display: row[entity.displayField] };
    await sendMessages(ctx.knex, ctx.tenant, recipients, { kind: 'delay', title: alert.notify.title, body: alert.notify.body, entity: entity.name, recordId: String(row.id) }, data, (id) =>
      directory.users.get(id)?.locale === 'en' ? 'en' : 'zh-CN',
    );
  }
}
