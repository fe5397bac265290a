// How the primitives compose into a sign-in, against a stand-in for the org module's app_user table.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  checkThrottle,
  createSession,
  lookupSession,
  normaliseUsername,
  recordFailure,
  recordSuccess,
  revokeUserSessions,
  setPassword,
  verifyPassword,
  type NewSession,
  type SignInAttempt,
} from '../../../engine/access/auth/index.ts';
import { qualified, queryRows, type Database, type Tenant } from '../../../engine/db/index.ts';
import { dropTestTenant } from '../../helpers/test-database.ts';
import { createAuthTenant } from './auth-tenant.ts';

type Outcome = { ok: true; session: NewSession } | { ok: false; reason: 'throttled' | 'invalid' };

describe('access/auth sign-in flow', () => {
  let db: Database;
  let tenant: Tenant;
  const userId = randomUUID();
  before(async () => {
    ({ db, tenant } = await createAuthTenant());
    await db.knex.raw(`create table ${qualified(tenant, 'app_user')} (id uuid primary key, username varchar(100) unique, active boolean not null)`);
    await db.knex.raw(`insert into ${qualified(tenant, 'app_user')} values (?, 'chenjing', true)`, [userId]);
    await db.knex.transaction((trx) => setPassword(trx, tenant, userId, 'Boring-Mill-2024', { enforcePolicy: true, username: 'chenjing' }));
  });
  after(() => dropTestTenant(tenant));

  // The shape an HTTP handler will have: throttle first, the same work for unknown and inactive users, session last.
  async function signIn(attempt: SignInAttempt & { password: string }): Promise<Outcome> {
    if (!(await checkThrottle(db.knex, tenant, attempt)).allowed) return { ok: false, reason: 'throttled' };
    const [user] = await queryRows<{ id: string; active: boolean }>(
      db.knex,
      `select id, active from ${qualified(tenant, 'app_user')} where lower(username) = ?`,
      [normaliseUsername(attempt.username)],
    );
    const valid = await verifyPassword(db.knex, tenant, user?.id, attempt.password);
    if (!valid || !user?.active) {
      await recordFailure(db.knex, tenant, attempt);
      return { ok: false, reason: 'invalid' };
    }
    await recordSuccess(db.knex, tenant, attempt);
    const session = await db.knex.transaction((trx) => createSession(trx, tenant, user.id, { ip: attempt.ip }));
    return { ok: true, session };
  }

  it('signs in with the right password and the session resolves to the user', async () => {
    const outcome = await signIn({ username: ' ChenJing ', password: 'Boring-Mill-2024', ip: '192.0.2.10' });
    assert.ok(outcome.ok);
    assert.equal((await lookupSession(db.knex, tenant, outcome.session.token))?.userId, userId);
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    assert.deepEqual(await signIn({ username: 'chenjing', password: 'Boring-Mill-2025', ip: '192.0.2.11' }), { ok: false, reason: 'invalid' });
    assert.deepEqual(await signIn({ username: 'nobody', password: 'Boring-Mill-2024', ip: '192.0.2.11' }), { ok: false, reason: 'invalid' });
  });

  it('refuses even the right password while the account is locked', async () => {
    await db.knex.raw(`delete from ${qualified(tenant, 'crm_login_throttle')}`);
    for (let i = 0; i < 5; i++) await signIn({ username: 'chenjing', password: 'guess' + i, ip: `192.0.2.${20 + i}` });
    assert.deepEqual(await signIn({ username: 'chenjing', password: 'Boring-Mill-2024', ip: '192.0.2.30' }), { ok: false, reason: 'throttled' });
  });

  it('refuses an inactive user and ends their sessions on deactivation', async () => {
    await db.knex.raw(`delete from ${qualified(tenant, 'crm_login_throttle')}`);
    const outcome = await signIn({ username: 'chenjing', password: 'Boring-Mill-2024', ip: '192.0.2.40' });
    assert.ok(outcome.ok);
    await db.knex.raw(`update ${qualified(tenant, 'app_user')} set active = false where id = ?`, [userId]);
    await revokeUserSessions(db.knex, tenant, userId);
    assert.equal(await lookupSession(db.knex, tenant, outcome.session.token), undefined);
    assert.deepEqual(await signIn({ username: 'chenjing', password: 'Boring-Mill-2024', ip: '192.0.2.41' }), { ok: false, reason: 'invalid' });
  });
});
