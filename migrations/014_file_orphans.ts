// When a file's record was found deleted (engine/files/purge-files.ts): the file is kept for the retention period
// from then on, and purged after it. Null while the record exists.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('crm_file', (t) => {
    t.timestamp('orphaned_at', { useTz: true });
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('crm_file', (t) => {
    t.dropColumn('orphaned_at');
  });
}
