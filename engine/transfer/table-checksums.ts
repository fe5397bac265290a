// Row count and checksum of every table in a schema: what a backup's manifest records and what a restore is
// compared against. The checksum is the md5 of the rows' text forms in sorted order, so it does not depend on the
// order rows are stored in (a restore writes them in another order) but changes with any value of any row.
import type { Knex } from 'knex';
import { quoteIdent } from '../db/index.ts';

export interface TableChecksum {
  table: string;
  rows: number;
  checksum: string;
}

export async function tableChecksums(knex: Knex, schema: string): Promise<TableChecksum[]> {
  // One transaction (a caller wanting one snapshot passes its repeatable-read transaction), with a fixed time zone and
  // date style so timestamps print the same on the machine that backs up and the one that restores.
  return knex.transaction(async (trx) => {
    await trx.raw(`set local timezone = 'UTC'`);
    await trx.raw(`set local datestyle = 'ISO, YMD'`);
    const tables = (await trx.raw(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ? and c.relkind in ('r', 'p') order by c.relname`,
      [schema],
    )) as { rows: { name: string }[] };
    const out: TableChecksum[] = [];
    for (const { name } of tables.rows) {
      const ref = `${quoteIdent(schema)}.${quoteIdent(name)}`;
      const r = (await trx.raw(
        `select count(*)::int as rows, coalesce(md5(string_agg(h, '' order by h)), '') as checksum from (select md5(t::text) as h from ${ref} t) x`,
      )) as { rows: { rows: number; checksum: string }[] };
      out.push({ table: name, rows: r.rows[0]!.rows, checksum: r.rows[0]!.checksum });
    }
    return out;
  });
}

export interface ChecksumDifference {
  table: string;
  expected?: TableChecksum;
  actual?: TableChecksum;
}

/** Tables whose count or checksum differ, or that are on one side only. */
export function compareChecksums(expected: TableChecksum[], actual: TableChecksum[]): ChecksumDifference[] {
  const byName = new Map(actual.map((t) => [t.table, t]));
  const diffs: ChecksumDifference[] = [];
  for (const e of expected) {
    const a = byName.get(e.table);
    byName.delete(e.table);
    if (!a || a.rows !== e.rows || a.checksum !== e.checksum) diffs.push({ table: e.table, expected: e, actual: a });
  }
  for (const a of byName.values()) diffs.push({ table: a.table, actual: a });
  return diffs;
}
