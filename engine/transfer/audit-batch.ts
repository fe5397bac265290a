// The audit entries of many small writes in one transaction, appended once: an import writes its chunk's rows in one
// multi-row INSERT or each in a savepoint of the chunk's transaction, and one append per chunk instead of one per row
// saves a locked round trip per row.
// Entries of a row whose savepoint rolled back are dropped with it; changes that do more than audit (a user or role
// record, which also invalidates cached permissions) go to the context's own handler at once, as any write does.
import { appendPendingRows, normaliseEntryOrThrow, type PendingAuditRow } from '../audit/index.ts';
import type { RequestContext } from '../core/index.ts';

export class AuditBatch {
  private kept: PendingAuditRow[] = [];

  /** Runs `work` in a savepoint of tx.knex; its audit entries are kept for flush only if it succeeds. */
  async savepoint<T>(tx: RequestContext, work: (sp: RequestContext) => Promise<T>): Promise<T> {
    const pending: PendingAuditRow[] = [];
    const result = await tx.knex.transaction((sp) => work({ ...collector(tx, pending), knex: sp }));
    this.kept.push(...pending);
    return result;
  }

  /** tx for writes without a savepoint of their own (a batch of creates): their entries are kept at once. */
  collecting(tx: RequestContext): RequestContext {
    return collector(tx, this.kept);
  }

  /** Appends the kept entries, in the order their writes happened, inside tx's transaction. */
  async flush(tx: RequestContext): Promise<void> {
    const entries = this.kept;
    this.kept = [];
    await appendPendingRows(tx.knex, tx.tenant, entries);
  }
}

// Entries are checked and redacted as they come (what appendAudit would do at flush): work done while the write
// that reported them may still be running in the database.
function collector(tx: RequestContext, into: PendingAuditRow[]): RequestContext {
  const { onChange, changeAudit } = tx;
  return {
    ...tx,
    onChange: async (c, change) => {
      if (changeAudit?.auditOnly(change.entity, change.action)) for (const entry of changeAudit.entriesOf(c, change)) into.push(normaliseEntryOrThrow(entry, `/${into.length}`));
      else await onChange?.(c, change);
    },
  };
}
