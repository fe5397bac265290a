import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import {
  createSession,
  lookupSession,
  revokeSession,
  revokeUserSessions,
  pruneAuthRecords,
} from '../../../engine/access/auth/index.ts';
import type { Database, Tenant } from '../../../engine/db/index.ts';
import { dropTestTenant } from '../../helpers/test-database.ts';
import { createAuthTenant } from './auth-tenant.ts';

describe('access/auth/sessions', () => {
  let db: Database;
  let tenant: Tenant;
  before(async () => ({ db, tenant } = await createAuthTenant()));
  after(() => dropTestTenant(tenant));

  const start = (userId: string, options = {}) => db.knex.transaction((trx) => createSession(trx, tenant, userId, options));
  const rows = async (sql: string, bindings: unknown[] = []) =>
    (await db.knex.raw(sql.replaceAll('$t', `"${tenant.schema}".crm_session`), bindings as never)).rows as Record<string, unknown>[];

  it('returns a 256-bit base64url token once and finds its live session by it', async () => {
    const user = randomUUID();
    const session = await start(user, { ip: '203.0.113.5', userAgent: 'Mozilla/5.0' });
    assert.match(session.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(session.token, 'base64url').length, 32);
    const live = await lookupSession(db.knex, tenant, session.token);
    assert.deepEqual(live, { sessionId: session.sessionId, userId: user, expiresAt: session.expiresAt, accessVersion: 'initial', mustChangePassword: false });
    const hours = (Date.parse(session.expiresAt) - Date.now()) / 3_600_000;
    assert.ok(hours > 11.9 && hours <= 12, `expires in ${hours} h`);
  });

  it('stores only the SHA-256 of the token', async () => {
    const session = await start(randomUUID());
    const [row] = await rows(`select * from $t where id = ?`, [session.sessionId]);
    assert.equal(row!.token_hash, createHash('sha256').update(session.token).digest('hex'));
    const everything = JSON.stringify(await rows(`select * from $t`));
    assert.ok(!everything.includes(session.token));
  });

  it('finds nothing for an unknown or malformed token', async () => {
    assert.equal(await lookupSession(db.knex, tenant, 'A'.repeat(43)), undefined);
    assert.equal(await lookupSession(db.knex, tenant, "' or 1=1 --"), undefined);
    assert.equal(await lookupSession(db.knex, tenant, ''), undefined);
  });

  it('finds nothing once the session is revoked', async () => {
    const session = await start(randomUUID());
    assert.equal(await revokeSession(db.knex, tenant, session.token), true);
    assert.equal(await revokeSession(db.knex, tenant, session.token), false);
    assert.equal(await lookupSession(db.knex, tenant, session.token), undefined);
  });

  it('finds nothing once the session has expired by the database clock', async () => {
    const session = await start(randomUUID(), { lifetimeSeconds: 3600 });
    await rows(`update $t set expires_at = now() - interval '1 second' where id = ?`, [session.sessionId]);
    assert.equal(await lookupSession(db.knex, tenant, session.token), undefined);
  });

  it('honours a configured lifetime', async () => {
    const session = await start(randomUUID(), { lifetimeSeconds: 1 });
    assert.ok(await lookupSession(db.knex, tenant, session.token));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(await lookupSession(db.knex, tenant, session.token), undefined);
  });

  it('revokes every live session of a user, optionally keeping the current one', async () => {
    const user = randomUUID();
    const [a, b, c] = [await start(user), await start(user), await start(user)];
    const other = await start(randomUUID());
    assert.equal(await revokeUserSessions(db.knex, tenant, user, { exceptSessionId: c.sessionId }), 2);
    assert.equal(await lookupSession(db.knex, tenant, a.token), undefined);
    assert.equal(await lookupSession(db.knex, tenant, b.token), undefined);
    assert.ok(await lookupSession(db.knex, tenant, c.token));
    assert.ok(await lookupSession(db.knex, tenant, other.token));
    assert.equal(await revokeUserSessions(db.knex, tenant, user), 1);
    assert.equal(await lookupSession(db.knex, tenant, c.token), undefined);
  });

  it('looks up in one statement and writes last_seen_at at most once a minute', async () => {
    const session = await start(randomUUID());
    const lastSeen = async () => (await rows(`select last_seen_at from $t where id = ?`, [session.sessionId]))[0]!.last_seen_at as string;
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    db.knex.on('query', onQuery);
    try {
      await rows(`update $t set last_seen_at = now() - interval '30 seconds' where id = ?`, [session.sessionId]);
      const recent = await lastSeen();
      statements.length = 0;
      assert.ok(await lookupSession(db.knex, tenant, session.token));
      assert.equal(statements.length, 1);
      assert.equal(await lastSeen(), recent, 'seen 30 s ago: not written again');

      await rows(`update $t set last_seen_at = now() - interval '2 minutes' where id = ?`, [session.sessionId]);
      const stale = await lastSeen();
      assert.ok(await lookupSession(db.knex, tenant, session.token));
      assert.ok(Date.parse(await lastSeen()) > Date.parse(stale) + 60_000, 'seen 2 min ago: refreshed');
    } finally {
      db.knex.off('query', onQuery);
    }
  });

  it('uses the lookup index on token_hash', async () => {
    const plan = await rows(`explain select id from $t where token_hash = 'x' and revoked_at is null and expires_at > now()`);
    const text = plan.map((r) => Object.values(r).join(' ')).join('\n');
    // On a tiny table the planner may prefer a sequential scan; with it disabled the unique index must be usable.
    if (!/crm_session_token_hash_unique/.test(text)) {
      const forced = await db.knex.transaction(async (trx) => {
        await trx.raw('set local enable_seqscan = off');
        return (await trx.raw(`explain select id from "${tenant.schema}".crm_session where token_hash = 'x'`)).rows as Record<string, unknown>[];
      });
      assert.match(forced.map((r) => Object.values(r).join(' ')).join('\n'), /crm_session_token_hash_unique/);
    }
  });

  it('clips an overlong user agent and keeps the client address', async () => {
    const session = await start(randomUUID(), { ip: '2001:db8::1', userAgent: 'x'.repeat(10_000) });
    const [row] = await rows(`select ip, length(user_agent) as n from $t where id = ?`, [session.sessionId]);
    assert.deepEqual(row, { ip: '2001:db8::1', n: 512 });
  });

  it('leaves no session behind when the caller\'s transaction rolls back', async () => {
    const user = randomUUID();
    await assert.rejects(
      db.knex.transaction(async (trx) => {
        await createSession(trx, tenant, user);
        throw new Error('sign-in aborted');
      }),
      /sign-in aborted/,
    );
    assert.equal((await rows(`select 1 from $t where user_id = ?`, [user])).length, 0);
  });

  it('prunes sessions that ended long ago and throttle rows whose window has passed', async () => {
    const old = await start(randomUUID());
    await rows(`update $t set expires_at = now() - interval '31 days' where id = ?`, [old.sessionId]);
    const live = await start(randomUUID());
    await db.knex.raw(
      `insert into "${tenant.schema}".crm_login_throttle (key, failures, window_started_at) values ('ip:192.0.2.1', 3, now() - interval '2 days'), ('ip:192.0.2.2', 3, now())`,
    );
    const pruned = await pruneAuthRecords(db.knex, tenant);
    assert.deepEqual(pruned, { sessions: 1, throttleKeys: 1 });
    assert.ok(await lookupSession(db.knex, tenant, live.token));
  });
});
