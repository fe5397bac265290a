import assert from 'node:assert/strict';
import { applySchema, planSchema } from '../../engine/schema/index.ts';
import { formulaFiller } from '../../engine/data/index.ts';
import { EngineError } from '../../engine/core/index.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';
import type { Model } from '../../engine/metadata/index.ts';
import { createTestTenant, dropTestTenant } from '../helpers/test-database.ts';
import { entity, modelOf } from '../helpers/model-builder.ts';

describe('schema/sync-schema', () => {
  let db: Database;
  let tenant: Tenant;
  beforeEach(async () => ({ db, tenant } = await createTestTenant('sync')));
  afterEach(() => dropTestTenant(tenant));

  const apply = (model: Model) => applySchema(db.knex, tenant, model, formulaFiller(tenant));
  const plan = (model: Model) => planSchema(db.knex, tenant, model);
  const t = (table: string) => `"${tenant.schema}"."${table}"`;
  const rows = async (sql: string) => (await db.knex.raw(sql)).rows as Record<string, unknown>[];
  const columnType = async (table: string, column: string) =>
    (await rows(`select data_type, character_maximum_length as len, is_nullable from information_schema.columns where table_schema = '${tenant.schema}' and table_name = '${table}' and column_name = '${column}'`))[0];
  const refusalOf = async (model: Model): Promise<EngineError> => {
    try {
      await apply(model);
    } catch (e) {
      if (e instanceof EngineError) return e;
      throw e;
    }
    assert.fail('expected the change to be refused');
  };

  it('creates tables, keys and indexes for a new model, then has nothing left to do', async () => {
    const model = modelOf([
      entity('maker'),
      entity('part', {
        maker: { type: 'ref', target: 'maker', onDelete: 'restrict' },
        code: { type: 'string', maxLength: 20, unique: true },
        tags: { type: 'multi_enum', options: [{ code: 'a', labels: { 'zh-CN': '甲', en: 'A' } }] },
        rivals: { type: 'many_to_many', target: 'maker' },
        price: { type: 'money' },
      }),
    ]);
    const first = await apply(model);
    assert.ok(first.steps.some((s) => s.action === 'create_table' && s.table === 'part'));
    assert.ok(first.steps.every((s) => s.impact === 'instant'));
    const again = await plan(model);
    assert.deepEqual(again.steps, []);
    const fks = await rows(`select conname from pg_constraint where contype = 'f' and connamespace = '${tenant.schema}'::regnamespace and conname like 'fk_part%' order by 1`);
    assert.deepEqual(fks.map((r) => r.conname), ['fk_part__rivals_source_id', 'fk_part__rivals_target_id', 'fk_part_maker']);
    const history = await rows(`select model_version from ${t('crm_schema_history')}`);
    assert.deepEqual(history.map((r) => r.model_version), [model.version]);
  });

  it('computes a formula added to a table with rows for every existing row, with the cost in the plan, and again when it changes', async () => {
    const base = { price: { type: 'money' as const }, qty: { type: 'integer' as const } };
    await apply(modelOf([entity('widget', base)]));
    await db.knex.raw(`insert into ${t('widget')} (title, price, qty) values ('a', 10, 3), ('b', 2.5, 4), ('c', 1, 1)`);
    const total = (formula: unknown) => modelOf([entity('widget', { ...base, total: { type: 'formula', resultType: 'money', formula } })]);
    const planned = await plan(total({ '*': [{ var: 'price' }, { var: 'qty' }] }));
    const step = planned.steps.find((s) => s.action === 'compute_formula');
    assert.deepEqual([step?.column, step?.impact, step?.rowCount], ['total', 'rewrite', 3]);
    assert.deepEqual(await rows(`select title from ${t('widget')} where false`), [], 'the plan changed nothing');
    await apply(total({ '*': [{ var: 'price' }, { var: 'qty' }] }));
    const values = async () => (await rows(`select title, total from ${t('widget')} order by title`)).map((r) => [r.title, r.total]);
    assert.deepEqual(await values(), [['a', 30], ['b', 10], ['c', 1]]);
    assert.deepEqual((await plan(total({ '*': [{ var: 'price' }, { var: 'qty' }] }))).steps, [], 'computed once, not at every start');
    await apply(total({ '+': [{ var: 'price' }, { var: 'qty' }] }));
    assert.deepEqual(await values(), [['a', 13], ['b', 6.5], ['c', 2]]);
  });

  it('adds a field as an instant column and keeps existing rows', async () => {
    await apply(modelOf([entity('widget')]));
    await db.knex.raw(`insert into ${t('widget')} (title) values ('a'), ('b')`);
    const result = await apply(modelOf([entity('widget', { colour: { type: 'string', maxLength: 30 } })]));
    assert.deepEqual(result.steps.map((s) => [s.action, s.impact]), [['add_column', 'instant']]);
    assert.equal((await rows(`select count(*)::int as n from ${t('widget')}`))[0]!.n, 2);
  });

  it('archives a removed field with its data and brings the data back when the field returns', async () => {
    const withColour = modelOf([entity('widget', { colour: { type: 'string', required: true, default: 'red' } })]);
    await apply(withColour);
    await db.knex.raw(`insert into ${t('widget')} (title, colour) values ('a', 'blue')`);
    const removed = await apply(modelOf([entity('widget')]));
    assert.deepEqual(removed.steps.map((s) => s.action), ['archive_column']);
    // The archived column no longer blocks inserts that do not mention it.
    await db.knex.raw(`insert into ${t('widget')} (title) values ('b')`);
    assert.equal((await columnType('widget', 'colour'))!.is_nullable, 'YES');
    const back = await apply(withColour);
    assert.deepEqual(back.steps.map((s) => s.action), ['restore_column', 'set_not_null', 'set_not_null']);
    assert.deepEqual(await rows(`select title, colour from ${t('widget')} order by title`), [
      { title: 'a', colour: 'blue' },
      { title: 'b', colour: 'red' },
    ]);
  });

  it('restores an archived optional field with its old values', async () => {
    const withColour = modelOf([entity('widget', { colour: { type: 'string' } })]);
    await apply(withColour);
    await db.knex.raw(`insert into ${t('widget')} (title, colour) values ('a', 'blue')`);
    await apply(modelOf([entity('widget')]));
    const restored = await apply(withColour);
    assert.deepEqual(restored.steps.map((s) => s.action), ['restore_column']);
    assert.deepEqual(await rows(`select colour from ${t('widget')}`), [{ colour: 'blue' }]);
    assert.deepEqual((await plan(withColour)).steps, []);
  });

  it('refuses to narrow a text field over longer data, with the row count, and changes nothing', async () => {
    await apply(modelOf([entity('widget', { code: { type: 'string', maxLength: 100 } })]));
    await db.knex.raw(`insert into ${t('widget')} (title, code) values ('a', 'ABCDEFGHIJ'), ('b', 'ABCDEFGHIJKL'), ('c', 'AB')`);
    const narrowed = modelOf([entity('widget', { code: { type: 'string', maxLength: 5 }, extra: { type: 'integer' } })]);
    const e = await refusalOf(narrowed);
    assert.equal(e.code, 'SCHEMA_CHANGE_REFUSED');
    assert.equal(e.details[0]!.path, 'widget.code');
    assert.equal(e.details[0]!.info?.rowCount, 2);
    assert.match(e.details[0]!.message, /2 rows longer than 5 characters/);
    assert.equal((await columnType('widget', 'code'))!.len, 100);
    assert.equal(await columnType('widget', 'extra'), undefined, 'the rest of the plan must not have run');
  });

  it('narrows a text field when every value fits', async () => {
    await apply(modelOf([entity('widget', { code: { type: 'string', maxLength: 100 } })]));
    await db.knex.raw(`insert into ${t('widget')} (title, code) values ('a', 'ABC')`);
    const result = await apply(modelOf([entity('widget', { code: { type: 'string', maxLength: 5 } })]));
    assert.deepEqual(result.steps.map((s) => s.impact), ['rewrite']);
    assert.equal((await columnType('widget', 'code'))!.len, 5);
  });

  it('refuses decimals that would lose digits, and converts numbers stored as text when they all parse', async () => {
    await apply(modelOf([entity('widget', { rate: { type: 'decimal', precision: 10, scale: 4 }, qty: { type: 'string' } })]));
    await db.knex.raw(`insert into ${t('widget')} (title, rate, qty) values ('a', 1.2345, '12'), ('b', 2.5, ' 7 ')`);
    const e = await refusalOf(modelOf([entity('widget', { rate: { type: 'decimal', precision: 10, scale: 2 }, qty: { type: 'string' } })]));
    assert.equal(e.details[0]!.info?.rowCount, 1);
    await apply(modelOf([entity('widget', { rate: { type: 'decimal', precision: 12, scale: 4 }, qty: { type: 'integer' } })]));
    assert.deepEqual(await rows(`select qty from ${t('widget')} order by title`), [{ qty: 12 }, { qty: 7 }]);
  });

  it('refuses an incompatible type change over data but allows it on an empty column', async () => {
    await apply(modelOf([entity('widget', { flag: { type: 'boolean' }, other: { type: 'boolean' } })]));
    await db.knex.raw(`insert into ${t('widget')} (title, flag) values ('a', true)`);
    const e = await refusalOf(modelOf([entity('widget', { flag: { type: 'date' }, other: { type: 'boolean' } })]));
    assert.match(e.details[0]!.message, /1 rows holds? a value that cannot be converted from boolean to date/);
    await apply(modelOf([entity('widget', { flag: { type: 'boolean' }, other: { type: 'date' } })]));
    assert.equal((await columnType('widget', 'other'))!.data_type, 'date');
  });

  it('makes a populated column required only when no row is empty, or fills it from the default', async () => {
    await apply(modelOf([entity('widget', { grade: { type: 'string' } })]));
    await db.knex.raw(`insert into ${t('widget')} (title, grade) values ('a', 'A'), ('b', null), ('c', null)`);
    const e = await refusalOf(modelOf([entity('widget', { grade: { type: 'string', required: true } })]));
    assert.equal(e.details[0]!.info?.rowCount, 2);
    assert.match(e.details[0]!.message, /give the field a default/);
    await apply(modelOf([entity('widget', { grade: { type: 'string', required: true, default: 'C' } })]));
    assert.deepEqual(await rows(`select grade from ${t('widget')} order by title`), [{ grade: 'A' }, { grade: 'C' }, { grade: 'C' }]);
    assert.equal((await columnType('widget', 'grade'))!.is_nullable, 'NO');
  });

  it('adds a required field to a populated table only with a default', async () => {
    await apply(modelOf([entity('widget')]));
    await db.knex.raw(`insert into ${t('widget')} (title) values ('a')`);
    const e = await refusalOf(modelOf([entity('widget', { grade: { type: 'string', required: true } })]));
    assert.equal(e.details[0]!.info?.rowCount, 1);
    const ok = await apply(modelOf([entity('widget', { grade: { type: 'string', required: true, default: 'B' } })]));
    assert.deepEqual(ok.steps.map((s) => s.impact), ['instant']);
    assert.deepEqual(await rows(`select grade from ${t('widget')}`), [{ grade: 'B' }]);
  });

  it('refuses a unique constraint over duplicated values with the number of extra rows', async () => {
    await apply(modelOf([entity('widget', { code: { type: 'string' } })]));
    await db.knex.raw(`insert into ${t('widget')} (title, code) values ('a', 'X'), ('b', 'X'), ('c', 'X'), ('d', 'Y'), ('e', null), ('f', null)`);
    const e = await refusalOf(modelOf([entity('widget', { code: { type: 'string', unique: true } })]));
    assert.equal(e.details[0]!.info?.rowCount, 2);
  });

  it('adds a reference and a unique field to a populated table in one plan, with the key checks only on data that exists', async () => {
    await apply(modelOf([entity('widget')]));
    await db.knex.raw(`insert into ${t('widget')} (title) values ('a'), ('b')`);
    const result = await apply(modelOf([entity('maker'), entity('widget', { maker: { type: 'ref', target: 'maker', onDelete: 'set_null' }, code: { type: 'string', unique: true } })]));
    assert.ok(result.steps.some((s) => s.action === 'add_foreign_key'));
    assert.ok(result.steps.some((s) => s.action === 'create_index' && s.description.includes('unique')));
    assert.equal((await rows(`select count(*)::int as n from ${t('widget')}`))[0]!.n, 2);
  });

  it('keeps the table and its rows when an entity leaves the model, and shows them again when it returns', async () => {
    const both = modelOf([entity('widget'), entity('gadget')]);
    await apply(both);
    await db.knex.raw(`insert into ${t('gadget')} (title) values ('kept')`);
    await apply(modelOf([entity('widget')]));
    assert.deepEqual(await rows(`select title from ${t('gadget')}`), [{ title: 'kept' }]);
    assert.deepEqual((await plan(both)).steps, []);
  });

  it('does nothing when a lock cannot be had within the lock timeout', async () => {
    await apply(modelOf([entity('widget')]));
    if (db.kind === 'pglite') return; // one connection: no second session can hold a lock
    const trx = await db.knex.transaction();
    try {
      await trx.raw(`lock table ${t('widget')} in access exclusive mode`);
      await assert.rejects(
        applySchema(db.knex, tenant, modelOf([entity('widget', { extra: { type: 'integer' } })]), formulaFiller(tenant), { lockTimeoutMs: 200 }),
        (e: unknown) => e instanceof EngineError && e.code === 'DATABASE_BUSY',
      );
    } finally {
      await trx.rollback();
    }
    assert.equal(await columnType('widget', 'extra'), undefined);
  });
});
