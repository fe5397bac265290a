// Sign-in tables: password credentials and their history, login throttling counters, and sessions (see engine/access/auth).
// Users are referenced by user_id without a foreign key: the org module owns app_user and may be migrated separately.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  // One argon2id hash (PHC string, parameters included) per user; changed_at supports "password age" rules.
  await knex.schema.withSchema(schema).createTable('crm_credential', (t) => {
    t.uuid('user_id').primary();
    t.string('hash', 255).notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // The previous hashes (at most 3 per user) so a password change can refuse reuse.
  await knex.schema.withSchema(schema).createTable('crm_password_history', (t) => {
    t.bigIncrements('id');
    t.uuid('user_id').notNullable();
    t.string('hash', 255).notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable();
    t.index(['user_id', 'changed_at']);
  });
  // Failed sign-in counters per account (hashed, normalised username) and per client IP, shared by every server
  // process; windows and locks are measured with the database clock.
  await knex.schema.withSchema(schema).createTable('crm_login_throttle', (t) => {
    t.string('key', 100).primary();
    t.integer('failures').notNullable();
    t.timestamp('window_started_at', { useTz: true }).notNullable();
    t.timestamp('locked_until', { useTz: true }).nullable();
  });
  // Only the SHA-256 of a session token is stored, so a copy of this table does not let anyone sign in.
  await knex.schema.withSchema(schema).createTable('crm_session', (t) => {
    t.uuid('id').primary();
    t.string('token_hash', 64).notNullable().unique();
    t.uuid('user_id').notNullable().index();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable().index();
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.string('ip', 64).nullable();
    t.string('user_agent', 512).nullable();
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  for (const table of ['crm_session', 'crm_login_throttle', 'crm_password_history', 'crm_credential']) {
    await knex.schema.withSchema(schema).dropTableIfExists(table);
  }
}
