// Idempotency keys (the `Idempotency-Key` header on POST): a key is claimed before the request runs and holds its
// answer once it has one, per user, for 24 hours (engine/http/idempotency.ts).
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('crm_idempotency', (t) => {
    t.uuid('user_id').notNullable();
    t.string('key', 255).notNullable();
    // sha256 of method, target and canonical body: the same key with another request is refused, not replayed.
    t.specificType('fingerprint', 'char(64)').notNullable();
    // Null while the first request runs (or if it never finished): the key is taken, its outcome not known yet.
    t.smallint('status').nullable();
    // The answer as sent, byte for byte, and the headers a replay repeats (location, etag).
    t.text('body').nullable();
    t.jsonb('headers').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable().index();
    t.primary(['user_id', 'key']);
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('crm_idempotency');
}
