// Files held by attachment fields (engine/files): one row per file, the bytes in the file store under `storage_key`
// (content-addressed, never the uploader's file name). No foreign key to the record: a deleted record's files stay
// (unreachable, since every read goes through the record) until the record is purged.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('crm_file', (t) => {
    t.uuid('id').primary();
    t.string('entity', 63).notNullable();
    t.uuid('record_id').notNullable();
    t.string('field', 63).notNullable();
    // The uploader's name, cleaned (no path, no control characters); shown and offered on download only.
    t.string('name', 255).notNullable();
    t.string('content_type', 127).notNullable();
    t.bigInteger('size').notNullable();
    t.specificType('sha256', 'char(64)').notNullable();
    t.string('storage_key', 255).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('created_by').notNullable();
    t.index(['entity', 'record_id', 'field'], 'crm_file_record_idx');
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('crm_file');
}
