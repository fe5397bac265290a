// Generated data for report tests and the bench: copies of one existing row in ONE insert … select over
// generate_series, with chosen columns replaced by SQL expressions over the series number `g`.
import { qualified, queryRows, quoteIdent, type Tenant } from '../../engine/db/index.ts';
import type { Knex } from 'knex';

/** Inserts `n` copies of the entity's first row (by id), each with `id` new and `overrides` (column → SQL over g). */
export async function cloneRows(knex: Knex, tenant: Tenant, entity: string, n: number, overrides: Record<string, string>, bindings: unknown[] = []): Promise<void> {
  const columns = await queryRows<{ column_name: string }>(
    knex,
    `select column_name from information_schema.columns where table_schema = ? and table_name = ? and is_generated = 'NEVER' order by ordinal_position`,
    [tenant.schema, entity],
  );
  const table = qualified(tenant, entity);
  const all = { id: 'gen_random_uuid()', ...overrides };
  const names = columns.map((c) => c.column_name);
  const values = names.map((c) => (c in all ? `${all[c as keyof typeof all]}` : `src.${quoteIdent(c)}`));
  await queryRows(
    knex,
    `insert into ${table} (${names.map(quoteIdent).join(', ')}) select ${values.join(', ')} from (select * from ${table} order by id limit 1) src cross join generate_series(1, ${Math.floor(n)}) g`,
    bindings,
  );
}
