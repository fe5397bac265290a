// The engine's own bookkeeping tables in each tenant schema: archived columns, schema history, number sequences.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('crm_archived_column', (t) => {
    t.string('table_name', 63).notNullable();
    t.string('column_name', 63).notNullable();
    t.string('column_type', 100).notNullable();
    t.timestamp('archived_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['table_name', 'column_name']);
  });
  await knex.schema.withSchema(schema).createTable('crm_schema_history', (t) => {
    t.increments('id');
    t.string('model_version', 64).notNullable();
    t.timestamp('applied_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.jsonb('steps').notNullable();
  });
  // Per-tenant settings and secrets shared by every server process (e.g. the cursor signing key).
  await knex.schema.withSchema(schema).createTable('crm_setting', (t) => {
    t.string('key', 100).primary();
    t.text('value').notNullable();
  });
  // Autonumber counters; one row per (rule, period). Incremented inside the record's transaction, so gap-free.
  await knex.schema.withSchema(schema).createTable('crm_sequence', (t) => {
    t.string('key', 200).primary();
    t.bigInteger('value').notNullable();
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  for (const table of ['crm_sequence', 'crm_setting', 'crm_schema_history', 'crm_archived_column']) {
    await knex.schema.withSchema(schema).dropTableIfExists(table);
  }
}
