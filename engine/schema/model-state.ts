// The tenant's model state: a token every process that changes what the Model is built from (plugins, the admin
// layer, files applied by `crm schema apply`) renews, so the other server processes' model watchers rebuild theirs.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';

/**
 * Renews the token and answers it (the process making the change keeps it, so its own watcher does not rebuild the
 * Model it already runs); inside the caller's transaction when it is one, so a rolled-back change tells nobody.
 */
export async function bumpModelState(knex: Knex, tenant: Tenant): Promise<string> {
  const [row] = await queryRows<{ value: string }>(
    knex,
    `insert into ${qualified(tenant, 'crm_setting')} (key, value) values ('model_state', gen_random_uuid()::text) on conflict (key) do update set value = excluded.value returning value`,
  );
  return row!.value;
}
