// Installed plugins per tenant: which bundle, which version, enabled or disabled (tables and data kept).
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('crm_plugin', (t) => {
    t.string('name', 40).primary();
    t.string('version', 40).notNullable();
    t.string('prefix', 10).notNullable().unique();
    // installed → disabled (uninstalled without purge: menus and API gone, data kept) → installed again
    t.string('status', 20).notNullable();
    // The admin's consent, at install, to the bundle's role grants on entities outside the plugin.
    t.boolean('core_grants').notNullable().defaultTo(false);
    t.jsonb('manifest').notNullable();
    t.timestamp('installed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // The tenant admin's own metadata (fields added to any entity, …): the last layer, never touched by plugins.
  await knex.schema.withSchema(schema).createTable('crm_metadata_overlay', (t) => {
    t.string('kind', 20).notNullable();
    t.string('name', 63).notNullable();
    t.jsonb('doc').notNullable();
    t.uuid('updated_by');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['kind', 'name']);
  });
  // Data migrations a plugin version ran, so an upgrade runs each one once.
  await knex.schema.withSchema(schema).createTable('crm_plugin_migration', (t) => {
    t.string('plugin', 40).notNullable();
    t.string('name', 200).notNullable();
    t.timestamp('ran_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['plugin', 'name']);
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('crm_metadata_overlay');
  await knex.schema.withSchema(schema).dropTableIfExists('crm_plugin_migration');
  await knex.schema.withSchema(schema).dropTableIfExists('crm_plugin');
}
