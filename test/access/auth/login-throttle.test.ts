import assert from 'node:assert/strict';
import {
  checkThrottle,
  recordFailure,
  recordSuccess,
  resetThrottle,
  verifyPassword,
  type SignInAttempt,
  type ThrottleSettings,
} from '../../../engine/access/auth/index.ts';
import type { Database, Tenant } from '../../../engine/db/index.ts';
import { dropTestTenant } from '../../helpers/test-database.ts';
import { createAuthTenant } from './auth-tenant.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('access/auth/login-throttle', () => {
  let db: Database;
  let tenant: Tenant;
  before(async () => ({ db, tenant } = await createAuthTenant()));
  after(() => dropTestTenant(tenant));
  beforeEach(() => db.knex.raw(`delete from "${tenant.schema}".crm_login_throttle`));

  // What a sign-in does: check, verify (a real argon2id verification, so attempts overlap), record.
  const attempt = async (a: SignInAttempt, settings?: ThrottleSettings) => {
    const decision = await checkThrottle(db.knex, tenant, a, settings);
    if (!decision.allowed) return decision;
    await verifyPassword(db.knex, tenant, undefined, 'wrong-password');
    await recordFailure(db.knex, tenant, a, settings);
    return decision;
  };
  const succeed = async (a: SignInAttempt) => {
    assert.equal((await checkThrottle(db.knex, tenant, a)).allowed, true);
    await recordSuccess(db.knex, tenant, a);
  };

  it('locks an account for 15 minutes after 5 failures within the window, whichever IPs they come from', async () => {
    for (let i = 1; i <= 5; i++) assert.equal((await attempt({ username: 'zhangwei', ip: `198.51.100.${i}` })).allowed, true);
    const sixth = await checkThrottle(db.knex, tenant, { username: ' ZhangWei', ip: '198.51.100.6' });
    assert.equal(sixth.allowed, false);
    assert.ok(!sixth.allowed && sixth.scope === 'account' && sixth.retryAfterSeconds > 890 && sixth.retryAfterSeconds <= 900);
    // Other accounts from the same IPs are not affected.
    assert.equal((await checkThrottle(db.knex, tenant, { username: 'liming', ip: '198.51.100.6' })).allowed, true);
  });

  it('locks an IP after 20 failures with varying usernames, leaving other IPs alone', async () => {
    for (let i = 1; i <= 20; i++) assert.equal((await attempt({ username: `user${i}`, ip: '203.0.113.9' })).allowed, true);
    const next = await checkThrottle(db.knex, tenant, { username: 'someone-new', ip: '203.0.113.9' });
    assert.ok(!next.allowed && next.scope === 'ip');
    assert.equal((await checkThrottle(db.knex, tenant, { username: 'someone-new', ip: '203.0.113.10' })).allowed, true);
  });

  it('does not count refused attempts against the account while the IP is locked', async () => {
    const settings: ThrottleSettings = {
      ip: { maxFailures: 2, windowSeconds: 900, lockSeconds: 900 },
      account: { maxFailures: 5, windowSeconds: 900, lockSeconds: 900 },
    };
    await attempt({ username: 'a', ip: '203.0.113.20' }, settings);
    await attempt({ username: 'b', ip: '203.0.113.20' }, settings);
    for (let i = 0; i < 10; i++) await attempt({ username: 'victim', ip: '203.0.113.20' }, settings);
    assert.equal((await checkThrottle(db.knex, tenant, { username: 'victim', ip: '203.0.113.21' }, settings)).allowed, true);
  });

  it('does not count attempts on a locked account against the IP (one office address, one locked user)', async () => {
    const ip = '203.0.113.30';
    for (let i = 0; i < 5; i++) await attempt({ username: 'locked-out', ip });
    for (let i = 0; i < 30; i++) assert.equal((await attempt({ username: 'locked-out', ip })).allowed, false);
    // 5 failures counted for the IP, so 15 more are allowed before it locks.
    for (let i = 0; i < 15; i++) assert.equal((await attempt({ username: `colleague${i}`, ip })).allowed, true);
    assert.equal((await checkThrottle(db.knex, tenant, { username: 'colleague-x', ip })).allowed, false);
  });

  it('resets the account on success but keeps the IP failures', async () => {
    const ip = '192.0.2.44';
    for (let i = 0; i < 4; i++) await attempt({ username: 'wangfang', ip });
    await succeed({ username: 'wangfang', ip });
    for (let i = 0; i < 5; i++) assert.equal((await attempt({ username: 'wangfang', ip: '192.0.2.45' })).allowed, true);
    assert.equal((await checkThrottle(db.knex, tenant, { username: 'wangfang', ip: '192.0.2.46' })).allowed, false);

    // IP 192.0.2.44 has 4 failures; 15 more with other names and a success in between still lock it at 20.
    for (let i = 0; i < 15; i++) await attempt({ username: `other${i}`, ip });
    await succeed({ username: 'liuyang', ip });
    assert.equal((await attempt({ username: 'other-last', ip })).allowed, true);
    const locked = await checkThrottle(db.knex, tenant, { username: 'liuyang', ip });
    assert.ok(!locked.allowed && locked.scope === 'ip');
  });

  it('lets only 5 of 20 concurrent wrong attempts on one account through, then it is locked', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt({ username: 'zhaolei', ip: `198.51.100.${i + 1}` })),
    );
    assert.equal(results.filter((r) => r.allowed).length, 5);
    const after = await checkThrottle(db.knex, tenant, { username: 'zhaolei', ip: '198.51.100.99' });
    assert.ok(!after.allowed && after.scope === 'account');
  });

  it('lets only 20 of 30 concurrent wrong attempts from one IP through, then it is locked', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt({ username: `spray${i}`, ip: '203.0.113.77' })));
    assert.equal(results.filter((r) => r.allowed).length, 20);
    const after = await checkThrottle(db.knex, tenant, { username: 'fresh', ip: '203.0.113.77' });
    assert.ok(!after.allowed && after.scope === 'ip');
  });

  it('unlocks when the lock runs out and starts a fresh window (1-second lock, database clock)', async () => {
    const settings: ThrottleSettings = {
      account: { maxFailures: 2, windowSeconds: 60, lockSeconds: 1 },
      ip: { maxFailures: 20, windowSeconds: 60, lockSeconds: 1 },
    };
    const a = { username: 'sunli', ip: '192.0.2.1' };
    await attempt(a, settings);
    await attempt(a, settings);
    const locked = await checkThrottle(db.knex, tenant, a, settings);
    assert.ok(!locked.allowed && locked.retryAfterSeconds === 1);
    await sleep(1100);
    assert.equal((await attempt(a, settings)).allowed, true);
    assert.equal((await attempt(a, settings)).allowed, true);
    assert.equal((await checkThrottle(db.knex, tenant, a, settings)).allowed, false);
  });

  it('forgets failures older than the window', async () => {
    const a = { username: 'zhouqi', ip: '192.0.2.2' };
    for (let i = 0; i < 4; i++) await attempt(a);
    // As if the window had started 16 minutes ago.
    await db.knex.raw(`update "${tenant.schema}".crm_login_throttle set window_started_at = now() - interval '16 minutes'`);
    for (let i = 0; i < 5; i++) assert.equal((await attempt(a)).allowed, true);
    assert.equal((await checkThrottle(db.knex, tenant, a)).allowed, false);
  });

  it('unlocks an account or an IP on an administrator\'s reset', async () => {
    for (let i = 0; i < 5; i++) await attempt({ username: 'wuhao', ip: '192.0.2.3' });
    await resetThrottle(db.knex, tenant, { username: 'WuHao' });
    assert.equal((await checkThrottle(db.knex, tenant, { username: 'wuhao', ip: '192.0.2.3' })).allowed, true);
  });

  it('reports the failure that locked a key', async () => {
    const a = { username: 'hanmei', ip: '192.0.2.4' };
    const outcomes = [];
    for (let i = 0; i < 5; i++) {
      await checkThrottle(db.knex, tenant, a);
      outcomes.push(await recordFailure(db.knex, tenant, a));
    }
    assert.deepEqual(outcomes.map((o) => o.accountLocked), [false, false, false, false, true]);
    assert.ok(outcomes.every((o) => !o.ipLocked));
  });

  it('throttles by account alone when there is no client address', async () => {
    for (let i = 0; i < 5; i++) await attempt({ username: 'cli-user' });
    assert.equal((await checkThrottle(db.knex, tenant, { username: 'cli-user' })).allowed, false);
    const rows = (await db.knex.raw(`select key from "${tenant.schema}".crm_login_throttle`)).rows as { key: string }[];
    assert.deepEqual(rows.map((r) => r.key.slice(0, 8)), ['account:']);
  });
});
