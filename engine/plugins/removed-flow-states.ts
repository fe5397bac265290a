// A state taken out of a flow while records are in it would leave them where no transition leads out: such a change
// is refused, naming the state, until the records are moved (the flow designer shows it at the state).
import type { Knex } from 'knex';
import type { ErrorDetail } from '../core/index.ts';
import { qualified, queryRows, quoteIdent, type Tenant } from '../db/index.ts';
import type { Model } from '../metadata/index.ts';

/** Problems, named by `fileOf(flow)` and /states/<state>, for each state `next` drops that still holds records. */
export async function removedStatesInUse(knex: Knex, tenant: Tenant, current: Model, next: Model, fileOf: (flow: string) => string): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  for (const [name, before] of current.workflows) {
    // A flow that goes as a whole (its entity removed) no longer governs its records; they are not stranded.
    const after = next.workflows.get(name);
    if (!after || after.entity !== before.entity) continue;
    const removed = Object.keys(before.states).filter((s) => !Object.hasOwn(after.states, s));
    if (!removed.length) continue;
    const rows = await queryRows<{ state: string; n: number }>(
      knex,
      `select ${quoteIdent(before.stateField)} as state, count(*)::int as n from ${qualified(tenant, before.entity)} where ${quoteIdent(before.stateField)} = any(?) group by 1`,
      [removed],
    );
    for (const r of rows) {
      problems.push({ file: fileOf(name), pointer: `/states/${r.state.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `state "${r.state}" still holds ${r.n} record(s): move them to another state before taking it out of the flow` });
    }
  }
  return problems;
}
