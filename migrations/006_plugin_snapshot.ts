// The metadata of each installed plugin version, as installed: a newer bundle copied into plugins/ takes effect
// only through `upgrade` (with its data migrations), never by a restart picking it up from disk.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  // json, not jsonb: jsonb reorders keys, and the order of fields in an entity is the order of its form.
  // Null for plugins installed before snapshots existed: those load from their bundle until their next upgrade.
  await knex.schema.withSchema(schema).alterTable('crm_plugin', (t) => t.json('metadata'));
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('crm_plugin', (t) => t.dropColumn('metadata'));
}
