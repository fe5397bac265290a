// The append-only audit log (系统日志): one hash chain per tenant schema, written only through engine/audit.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('crm_audit', (t) => {
    // Assigned as last seq + 1 under a per-tenant lock, never from a sequence: a sequence leaves gaps on rollback,
    // and a gap must mean "a row was deleted". The primary key also makes a forked chain (two rows claiming the
    // same place) impossible to commit.
    t.bigInteger('seq').primary();
    // Written truncated to milliseconds, so the ISO string both drivers read back is exactly the one that was hashed.
    t.timestamp('logged_at', { useTz: true }).notNullable();
    t.uuid('actor_id').notNullable();
    t.string('actor_name', 200).notNullable();
    t.string('actor_kind', 10).notNullable().checkIn(['user', 'system']);
    // No check constraint on action: adding an action should be a code change, not a migration.
    t.string('action', 40).notNullable();
    t.string('entity', 63).nullable();
    t.uuid('record_id').nullable();
    t.jsonb('changes').nullable();
    t.jsonb('context').notNullable();
    t.specificType('prev_hash', 'char(64)').notNullable();
    t.specificType('hash', 'char(64)').notNullable();
    // Every list is newest first (seq desc) within its filter, so each index ends in seq.
    t.index(['entity', 'record_id', 'seq'], 'crm_audit_record_idx');
    t.index(['actor_id', 'seq'], 'crm_audit_actor_idx');
    t.index(['action', 'seq'], 'crm_audit_action_idx');
    t.index(['logged_at'], 'crm_audit_logged_at_idx');
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('crm_audit');
}
