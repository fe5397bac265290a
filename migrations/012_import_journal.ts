// The import journal: which rows of an import have landed, written in the same transaction as each row's record,
// so that an import run again after a crash (kill -9 halfway) lands every remaining row exactly once
// (engine/transfer/import-table.ts). The key covers the user, entity, file checksum and options.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('crm_import_row', (t) => {
    t.specificType('import_key', 'char(64)').notNullable();
    t.integer('row_no').notNullable();
    t.string('action', 16).notNullable();
    t.uuid('record_id').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['import_key', 'row_no']);
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('crm_import_row');
}
