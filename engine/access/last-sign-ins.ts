// When each user last signed in (their newest session), for the user administration screen.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';

/** user id → ISO-8601 time of their newest session. Sessions are pruned 30 days after they end, so older ones are gone. */
export async function lastSignIns(knex: Knex, tenant: Tenant): Promise<Record<string, string>> {
  const rows = await queryRows<{ user_id: string; at: string }>(
    knex,
    `select user_id, max(created_at) as at from ${qualified(tenant, 'crm_session')} group by user_id`,
  );
  return Object.fromEntries(rows.map((r) => [r.user_id, r.at]));
}
