// Once a business day, the export requests past their expires_at (unanswered past the approval period, or approved
// and not downloaded within the download period) become 已过期: a running approval is closed, so it leaves the
// approver's inbox and can no longer be approved, and the requester gets an in-app message. No export file is ever
// kept on the server (it is made at download time, under the requester's rights then), so none is left to delete.
// One job per business day, claimed once (engine/jobs), so any number of servers expire each request once.
import { qualified, queryRows } from '../db/index.ts';
import { accessVersion, orgDirectory } from '../access/index.ts';
import { clockSql, registerDailyJob, registerJobHandler } from '../jobs/index.ts';
import { expireRecord, sendMessages } from '../workflow/index.ts';
import { LIVE } from './export-requests.ts';

const EXPORT_EXPIRY_JOB = 'export_request_expiry';
const ENTITY = 'export_request';

const title = { 'zh-CN': '导出申请已过期:{{title}}', en: 'Export request expired: {{title}}' };
const EXPIRED = {
  unanswered: {
    kind: 'export',
    title,
    body: { 'zh-CN': '导出申请在审批期限内没有审批,已过期。需要时请重新导出。', en: 'The export request was not approved within the approval period, so it has expired. Export again if you still need it.' },
  },
  unused: {
    kind: 'export',
    title,
    body: { 'zh-CN': '批准的导出在下载期限内没有下载,已过期。需要时请重新导出。', en: 'The approved export was not downloaded within the download period, so it has expired. Export again if you still need it.' },
  },
};

registerDailyJob(EXPORT_EXPIRY_JOB);

registerJobHandler(EXPORT_EXPIRY_JOB, async (tx) => {
  const due = await queryRows<{ id: string; owner: string; title: string; status: string }>(
    tx.knex,
    `select id, owner, title, status from ${qualified(tx.tenant, ENTITY)} where status in ${LIVE} and expires_at <= ${clockSql(tx.tenant)} order by expires_at`,
  );
  if (!due.length) return 'skipped';
  const directory = await orgDirectory(tx.knex, tx.tenant, await accessVersion(tx.knex, tx.tenant));
  for (const request of due) {
    if (!(await expireRecord(tx, ENTITY, request.id, 'expire'))) continue;
    const message = { ...EXPIRED[request.status === 'approved' ? 'unused' : 'unanswered'], entity: ENTITY, recordId: request.id };
    await sendMessages(tx.knex, tx.tenant, [request.owner], message, { title: request.title }, () => (directory.users.get(request.owner)?.locale === 'en' ? 'en' : 'zh-CN'));
  }
  return 'done';
});
