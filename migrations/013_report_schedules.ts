// Scheduled delivery of saved reports (定时发送): the schedules (keyed by report code, so built-in reports can be
// scheduled too) and each recipient's delivered file, kept so only that recipient can fetch what was sent to them.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('crm_report_schedule', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('report_code', 63).notNullable();
    t.uuid('owner').notNullable();
    t.string('frequency', 10).notNullable();
    t.smallint('weekday');
    t.smallint('day_of_month');
    t.string('time_of_day', 5).notNullable();
    t.jsonb('recipients').notNullable();
    t.string('format', 4).notNullable();
    t.jsonb('parameters').notNullable().defaultTo('{}');
    t.timestamp('next_run_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['report_code'], 'crm_report_schedule_code_idx');
  });
  await knex.schema.withSchema(schema).createTable('crm_report_delivery', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('schedule_id').notNullable();
    t.string('report_code', 63).notNullable();
    t.uuid('recipient').notNullable();
    t.timestamp('occurrence', { useTz: true }).notNullable();
    // null when the recipient was refused (no right to the entity, a field or the export): the message says why.
    t.string('filename', 255);
    t.string('content_type', 127);
    t.binary('body');
    t.integer('rows');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['schedule_id', 'occurrence', 'recipient'], { indexName: 'crm_report_delivery_once' });
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('crm_report_delivery');
  await knex.schema.withSchema(schema).dropTableIfExists('crm_report_schedule');
}
