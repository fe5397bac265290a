// Housekeeping for the jobs module: deletes sessions and throttle counters that can no longer matter.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../../db/index.ts';

export interface PruneAuthOptions {
  /** Ended (expired or revoked) sessions are kept this long, e.g. for a "recent sign-ins" view. Default 30 days. */
  keepEndedSessionsDays?: number;
  /** Throttle rows whose window started longer ago than this and that are not locked. Default 1 day (> any window). */
  keepThrottleSeconds?: number;
}

export async function pruneAuthRecords(
  knex: Knex,
  tenant: Tenant,
  options: PruneAuthOptions = {},
): Promise<{ sessions: number; throttleKeys: number }> {
  const sessions = await queryRows(
    knex,
    `delete from ${qualified(tenant, 'crm_session')}
     where least(expires_at, coalesce(revoked_at, expires_at)) < now() - (?::int * interval '1 day')
     returning id`,
    [options.keepEndedSessionsDays ?? 30],
  );
  const throttleKeys = await queryRows(
    knex,
    `delete from ${qualified(tenant, 'crm_login_throttle')}
     where window_started_at < now() - (?::int * interval '1 second') and (locked_until is null or locked_until < now())
     returning key`,
    [options.keepThrottleSeconds ?? 86_400],
  );
  return { sessions: sessions.length, throttleKeys: throttleKeys.length };
}
