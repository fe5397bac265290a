// Formula fields, rollups and derived dates computed for the rows a table already holds, when one is added, changed or
// restored from the archive: rollups first, in one UPDATE per table (the same aggregate a write refreshes), then the
// same evaluation as a write (formulas in dependency order over the stored row), in keyset batches inside the schema's
// transaction, touching only those columns (not the record's version or update time: the record did not change).
import type { Knex } from 'knex';
import { qualified, queryRows, quoteIdent, type Tenant } from '../db/index.ts';
import { businessNow } from '../jobs/index.ts';
import type { Model } from '../metadata/index.ts';
import { compiledEntity } from './compiled-model.ts';
import { computeFormulas } from './derive-values.ts';
import { deriveDates } from './derived-dates.ts';
import { rollupValueSql } from './refresh-rollups.ts';

const BATCH = 500;

/** The schema apply's FormulaFiller for one tenant. */
export function formulaFiller(tenant: Tenant): (trx: Knex.Transaction, model: Model, entity: string, fields: string[]) => Promise<void> {
  return async (trx, model, entityName, fields) => {
    const entity = model.entities.get(entityName);
    if (!entity) return;
    const table = qualified(tenant, entityName);
    const now = await businessNow(trx, tenant);
    const rollups = fields.map((f) => entity.fields.get(f)!).filter((f) => f.type === 'rollup');
    if (rollups.length) {
      const bindings: unknown[] = [];
      const set = rollups.map((f) => `${quoteIdent(f.name)} = ${rollupValueSql({ model, tenant }, entity, f, 'r', now, bindings)}`);
      await queryRows(trx, `update ${table} as r set ${set.join(', ')}`, bindings);
      // Formulas of the record may read the new totals (as after a write's refresh): they are written again too.
      fields = [...new Set([...fields.filter((f) => !rollups.some((r) => r.name === f)), ...compiledEntity(model, entityName).formulas.map((f) => f.name)])];
      if (!fields.length) return;
    }
    let after: string | undefined;
    for (;;) {
      const rows = await queryRows<Record<string, unknown> & { id: string }>(
        trx,
        `select * from ${table}${after ? ' where id > ?' : ''} order by id limit ${BATCH}`,
        after ? [after] : [],
      );
      if (!rows.length) return;
      for (const row of rows) {
        const derived = await deriveDates({ knex: trx, tenant, model }, entity, row);
        const computed = { ...derived, ...computeFormulas(model, entity, { ...row, ...derived }, now) };
        // Every formula of the entity is computed (one may read another), but only the new or changed ones are written.
        const set = fields.map((f) => `${quoteIdent(f)} = ?`).join(', ');
        await queryRows(trx, `update ${table} set ${set} where id = ?`, [...fields.map((f) => computed[f] ?? null), row.id]);
      }
      after = rows[rows.length - 1]!.id;
    }
  };
}
