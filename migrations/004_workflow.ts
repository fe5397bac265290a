// Workflow runtime: versioned definitions, one running instance per record at a time, approval tasks as rows (so a
// decision is a compare-and-swap on one row), the full history per record, in-app messages and durable jobs.
import type { Knex } from 'knex';

export async function up(knex: Knex, schema: string): Promise<void> {
  // A schema builder accumulates statements, so each table gets a fresh one.
  const s = () => knex.schema.withSchema(schema);
  await s().createTable('crm_wf_definition', (t) => {
    t.string('name', 63).notNullable();
    t.integer('version').notNullable();
    t.string('hash', 64).notNullable();
    t.jsonb('doc').notNullable();
    t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['name', 'version']);
    t.unique(['name', 'hash']);
  });
  await s().createTable('crm_wf_instance', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('workflow', 63).notNullable();
    t.integer('workflow_version').notNullable();
    t.string('entity', 63).notNullable();
    t.uuid('record_id').notNullable();
    // running → approved | rejected | withdrawn
    t.string('status', 20).notNullable();
    t.uuid('submitter').notNullable();
    // The state the record left when submitted: where a withdrawal returns it.
    t.string('from_state', 64).notNullable();
    t.integer('step_index').notNullable().defaultTo(0);
    t.jsonb('chosen').notNullable().defaultTo('{}');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('ended_at', { useTz: true });
    t.index(['entity', 'record_id']);
  });
  // At most one running approval per record: a second submit loses the race on this index, not on luck.
  await knex.raw(`create unique index crm_wf_instance_running on "${schema}".crm_wf_instance (entity, record_id) where status = 'running'`);
  await s().createTable('crm_wf_task', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('instance_id').notNullable().references('id').inTable(`${schema}.crm_wf_instance`).onDelete('cascade');
    t.integer('step_index').notNullable();
    t.string('step_id', 63).notNullable();
    // Order inside a sequential step; parallel (all/any) tasks share 0.
    t.integer('seq').notNullable().defaultTo(0);
    t.uuid('approver').notNullable();
    t.uuid('delegated_from');
    // waiting (a later turn of a sequential step) → pending → approved | rejected | returned | transferred | cancelled
    t.string('status', 20).notNullable();
    t.text('comment');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('decided_at', { useTz: true });
    t.index(['approver', 'status']);
    t.index(['instance_id', 'step_index']);
  });
  await s().createTable('crm_wf_history', (t) => {
    t.bigIncrements('id');
    t.string('entity', 63).notNullable();
    t.uuid('record_id').notNullable();
    t.uuid('instance_id');
    t.string('workflow', 63).notNullable();
    t.integer('workflow_version');
    t.string('action', 63).notNullable();
    t.string('from_state', 64);
    t.string('to_state', 64);
    t.string('step_id', 63);
    t.uuid('actor_id').notNullable();
    t.string('actor_name', 200).notNullable();
    t.text('comment');
    t.jsonb('details');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['entity', 'record_id', 'id']);
  });
  await s().createTable('crm_message', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('recipient').notNullable();
    t.string('title', 300).notNullable();
    t.text('body');
    t.string('entity', 63);
    t.uuid('record_id');
    t.string('kind', 40).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('read_at', { useTz: true });
    t.index(['recipient', 'read_at', 'created_at']);
  });
  await s().createTable('crm_job', (t) => {
    t.bigIncrements('id');
    t.string('kind', 63).notNullable();
    // A timer for one due time has one key: scheduling it twice, or from two servers, cannot make two jobs.
    t.string('key', 300).notNullable().unique();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.jsonb('payload').notNullable();
    // pending → done | skipped | failed
    t.string('status', 20).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('done_at', { useTz: true });
    t.index(['status', 'due_at']);
  });
}

export async function down(knex: Knex, schema: string): Promise<void> {
  for (const table of ['crm_job', 'crm_message', 'crm_wf_history', 'crm_wf_task', 'crm_wf_instance', 'crm_wf_definition']) {
    await knex.schema.withSchema(schema).dropTableIfExists(table);
  }
}
