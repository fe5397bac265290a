// The history of one record, newest first: every entry naming it (create, updates with field diffs, views, delete).
import type { Knex } from 'knex';
import type { Tenant } from '../db/index.ts';
import type { AuditPage, AuditPageInput } from './audit-types.ts';
import { queryAudit } from './query-audit.ts';

export function recordHistory(knex: Knex, tenant: Tenant, entity: string, id: string, page: AuditPageInput = {}): Promise<AuditPage> {
  // The same strict checks as any filter: a malformed entity or id is a 400 naming "entity" or "record_id".
  return queryAudit(knex, tenant, { entity, record_id: id }, page);
}
