// Lists audit entries newest first, filtered and paged by seq (keyset), for the audit screens and the API.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import { compileAuditFiltersOrThrow } from './audit-filters.ts';
import { encodeAuditCursor, parseAuditPageOrThrow } from './audit-page.ts';
import type { AuditEntry, AuditFilterInput, AuditPage, AuditPageInput } from './audit-types.ts';

const COLUMNS = 'seq, logged_at, actor_id, actor_name, actor_kind, action, entity, record_id, changes, context, prev_hash, hash';

/**
 * Who may read the log is the caller's decision (the access room): entries are not scoped per record, because an
 * audit reader must also see what happened to records they could not otherwise see.
 */
export async function queryAudit(knex: Knex, tenant: Tenant, filters: AuditFilterInput = {}, page: AuditPageInput = {}): Promise<AuditPage> {
  const conditions = compileAuditFiltersOrThrow(filters, tenant);
  const { limit, beforeSeq } = parseAuditPageOrThrow(page);
  if (beforeSeq !== undefined) conditions.push({ sql: 'seq < ?', bindings: [beforeSeq] });
  const where = conditions.length ? `where ${conditions.map((c) => c.sql).join(' and ')}` : '';
  // One row more than the page says whether there is a next page without a count.
  const rows = await queryRows<AuditEntry>(
    knex,
    `select ${COLUMNS} from ${qualified(tenant, 'crm_audit')} ${where} order by seq desc limit ?`,
    [...conditions.flatMap((c) => c.bindings), limit + 1],
  );
  const data = rows.slice(0, limit);
  return { data, next_cursor: rows.length > limit ? encodeAuditCursor(data[data.length - 1]!.seq) : null };
}
