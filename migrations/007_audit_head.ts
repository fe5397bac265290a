// The audit chain's head as a row of its own: every append locks and moves it, so a create can append its entry in
// the same single statement as its INSERT (an UPDATE that waited for the row sees the newest head, which a plain
// read in that statement would not), and verification can tell a cut-off tail from a complete log.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('crm_audit_head', (t) => {
    t.smallint('id').primary().checkIn(['1']);
    // The last entry's seq and hash (0 and 64 zeros for an empty log), and the hash before it.
    t.bigInteger('seq').notNullable();
    t.specificType('hash', 'char(64)').notNullable();
    t.specificType('prev_hash', 'char(64)').notNullable();
    // The last entry's time: the next one is never earlier, even if the database clock steps back.
    t.timestamp('logged_at', { useTz: true }).nullable();
  });
  const zeros = '0'.repeat(64);
  await knex.raw(
    `insert into ??.crm_audit_head (id, seq, hash, prev_hash, logged_at)
     select 1, coalesce(last.seq, 0), coalesce(last.hash, ?), coalesce(last.prev_hash, ?), last.logged_at
       from (select 1) one left join lateral (select seq, hash, prev_hash, logged_at from ??.crm_audit order by seq desc limit 1) last on true`,
    [schema, zeros, zeros, schema],
  );
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('crm_audit_head');
}
