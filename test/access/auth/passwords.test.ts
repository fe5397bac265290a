import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  hasPassword,
  removeCredential,
  setPassword,
  verifyPassword,
  type SetPasswordOptions,
} from '../../../engine/access/auth/index.ts';
import { EngineError, SYSTEM_ACTOR } from '../../../engine/core/index.ts';
import type { Database, Tenant } from '../../../engine/db/index.ts';
import { dropTestTenant } from '../../helpers/test-database.ts';
import { createAuthTenant } from './auth-tenant.ts';

const POLICY: SetPasswordOptions = { enforcePolicy: true, username: 'zhangwei' };

describe('access/auth/passwords', () => {
  let db: Database;
  let tenant: Tenant;
  before(async () => ({ db, tenant } = await createAuthTenant()));
  after(() => dropTestTenant(tenant));

  const set = (userId: string, password: string, options: SetPasswordOptions = POLICY) =>
    db.knex.transaction((trx) => setPassword(trx, tenant, userId, password, options));
  const refusal = async (work: Promise<unknown>): Promise<EngineError> => {
    try {
      await work;
    } catch (e) {
      if (e instanceof EngineError) return e;
      throw e;
    }
    assert.fail('expected a refusal');
  };
  const rows = async (sql: string, bindings: unknown[] = []) =>
    (await db.knex.raw(sql.replaceAll('$schema', `"${tenant.schema}"`), bindings as never)).rows as Record<string, unknown>[];

  it('stores an argon2id hash, never the password, and verifies it', async () => {
    const user = randomUUID();
    await set(user, 'Lathe-Spindle-7');
    const [row] = await rows(`select hash, changed_at from $schema.crm_credential where user_id = ?`, [user]);
    assert.match(String(row!.hash), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.doesNotMatch(String(row!.hash), /Lathe/);
    assert.equal(await verifyPassword(db.knex, tenant, user, 'Lathe-Spindle-7'), true);
    assert.equal(await verifyPassword(db.knex, tenant, user, 'Lathe-Spindle-8'), false);
    assert.equal(await hasPassword(db.knex, tenant, user), true);
  });

  it('answers false, after a full dummy verification, for an unknown, missing or malformed user id', async () => {
    assert.equal(await verifyPassword(db.knex, tenant, randomUUID(), 'Lathe-Spindle-7'), false);
    assert.equal(await verifyPassword(db.knex, tenant, undefined, 'Lathe-Spindle-7'), false);
    assert.equal(await verifyPassword(db.knex, tenant, "x' or 1=1 --", 'Lathe-Spindle-7'), false);
  });

  it('answers false for an oversized password without hashing all of it', async () => {
    const user = randomUUID();
    await set(user, 'Lathe-Spindle-7');
    assert.equal(await verifyPassword(db.knex, tenant, user, 'Lathe-Spindle-7' + 'x'.repeat(1_000_000)), false);
  });

  it('refuses a weak password with every problem on /password, in the requested language, and stores nothing', async () => {
    const user = randomUUID();
    const zh = await refusal(set(user, 'zhangwei1'));
    assert.equal(zh.code, 'VALIDATION_FAILED');
    assert.deepEqual(zh.details.map((d) => [d.path, d.info?.rule]), [
      ['/password', 'min_length'],
      ['/password', 'character_classes'],
      ['/password', 'contains_username'],
    ]);
    assert.equal(zh.details[0]!.message, '密码至少需要 10 个字符');
    const en = await refusal(set(user, 'short', { ...POLICY, locale: 'en' }));
    assert.equal(en.details[0]!.message, 'must be at least 10 characters long');
    assert.equal(await hasPassword(db.knex, tenant, user), false);
  });

  it('refuses the current and the last 3 passwords, allows the 4th-last, and keeps only 3 in the history', async () => {
    const user = randomUUID();
    const p = ['Gearbox-Alpha-1', 'Gearbox-Bravo-2', 'Gearbox-Charlie-3', 'Gearbox-Delta-4', 'Gearbox-Echo-5'];
    for (const password of p.slice(0, 4)) await set(user, password);
    // current: Delta; previous: Charlie, Bravo, Alpha
    for (const reused of p.slice(0, 4)) {
      const e = await refusal(set(user, reused, { ...POLICY, locale: 'en' }));
      assert.equal(e.code, 'VALIDATION_FAILED');
      assert.deepEqual(e.details, [
        { path: '/password', message: 'must differ from the current password and the last 3 passwords', info: { rule: 'reused' } },
      ]);
    }
    assert.equal(await verifyPassword(db.knex, tenant, user, 'Gearbox-Delta-4'), true);
    await set(user, p[4]!); // current: Echo; previous: Delta, Charlie, Bravo — Alpha is now the 4th-last
    await set(user, p[0]!);
    assert.equal(await verifyPassword(db.knex, tenant, user, 'Gearbox-Alpha-1'), true);
    const [count] = await rows(`select count(*)::int as n from $schema.crm_password_history where user_id = ?`, [user]);
    assert.equal(count!.n, 3);
  });

  it('keeps the history per user', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await set(a, 'Hydraulic-Press-9');
    await set(b, 'Hydraulic-Press-9');
    assert.equal(await verifyPassword(db.knex, tenant, b, 'Hydraulic-Press-9'), true);
  });

  it('lets only the system actor set a password without the policy (demo seeding, tests), still bounded', async () => {
    const user = randomUUID();
    const asUser: SetPasswordOptions = { enforcePolicy: false, actor: { id: randomUUID(), kind: 'user', name: 'mallory' } };
    assert.equal((await refusal(set(user, 'demo', asUser))).code, 'FORBIDDEN');
    const asSystem: SetPasswordOptions = { enforcePolicy: false, actor: SYSTEM_ACTOR };
    await set(user, 'demo', asSystem);
    await set(user, 'demo', asSystem); // reseeding the same demo password is fine
    assert.equal(await verifyPassword(db.knex, tenant, user, 'demo'), true);
    assert.equal((await refusal(set(user, '', asSystem))).details[0]!.info?.rule, 'required');
    assert.equal((await refusal(set(user, 'x'.repeat(129), asSystem))).details[0]!.info?.rule, 'max_length');
  });

  it('rolls back with the caller\'s transaction', async () => {
    const user = randomUUID();
    await assert.rejects(
      db.knex.transaction(async (trx) => {
        await setPassword(trx, tenant, user, 'Rollback-Milling-3', POLICY);
        throw new Error('the surrounding work failed');
      }),
      /surrounding work failed/,
    );
    assert.equal(await hasPassword(db.knex, tenant, user), false);
  });

  it('removes a credential with its history', async () => {
    const user = randomUUID();
    await set(user, 'Grinder-Wheel-11');
    await set(user, 'Grinder-Wheel-12');
    assert.equal(await removeCredential(db.knex, tenant, user), true);
    assert.equal(await removeCredential(db.knex, tenant, user), false);
    assert.equal(await hasPassword(db.knex, tenant, user), false);
    assert.equal(await verifyPassword(db.knex, tenant, user, 'Grinder-Wheel-12'), false);
    const history = await rows(`select 1 from $schema.crm_password_history where user_id = ?`, [user]);
    assert.equal(history.length, 0);
  });
});
