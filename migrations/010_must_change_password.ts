// An initial password (set by an administrator when creating a user or resetting theirs) must be replaced by the user
// at their first sign-in: the flag sits with the credential, so setting any new password decides it in one write.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('crm_credential', (t) => {
    t.boolean('must_change').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('crm_credential', (t) => {
    t.dropColumn('must_change');
  });
}
