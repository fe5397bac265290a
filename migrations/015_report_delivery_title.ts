// What a delivered report's file URL says once the file is gone (410 Gone): the delivery keeps the title its message
// had (the report's name and due day, in the recipient's language) and when the retention job removed the file.
// Deliveries from before this migration have neither; their answer then says less, not something wrong.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('crm_report_delivery', (t) => {
    t.string('title', 300);
    t.timestamp('file_removed_at', { useTz: true });
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('crm_report_delivery', (t) => {
    t.dropColumn('file_removed_at');
    t.dropColumn('title');
  });
}
