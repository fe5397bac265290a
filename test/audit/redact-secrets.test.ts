import assert from 'node:assert/strict';
import { appendAudit, queryAudit, recordChanges, redactSecrets, verifyAudit } from '../../engine/audit/index.ts';
import type { Database, Tenant } from '../../engine/db/index.ts';
import { dropTestTenant } from '../helpers/test-database.ts';
import { ALICE, createAuditTenant } from './audit-fixtures.ts';

describe('audit/redact-secrets', () => {
  it('redacts every key named like a secret, at any depth and inside arrays', () => {
    const value = {
      name: 'Alice',
      password: 'hunter2',
      Password_Hash: '$argon2id$…',
      nested: { apiKey: 'k', list: [{ access_token: 't', ok: 1 }, { client_secret: 's' }] },
      'refresh-token': 'r',
      credentials: { user: 'u', pass: 'p' },
    };
    assert.deepEqual(redactSecrets(value), {
      name: 'Alice',
      password: '[redacted]',
      Password_Hash: '[redacted]',
      nested: { apiKey: '[redacted]', list: [{ access_token: '[redacted]', ok: 1 }, { client_secret: '[redacted]' }] },
      'refresh-token': '[redacted]',
      credentials: '[redacted]',
    });
  });

  it('redacts a secret field in an update diff without hiding that it changed', () => {
    const diff = recordChanges({ name: 'a', password_hash: 'old' }, { name: 'b', password_hash: 'new' });
    assert.deepEqual(redactSecrets(diff), { name: { before: 'a', after: 'b' }, password_hash: '[redacted]' });
  });

  it('refuses a value that refers to itself instead of looping', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.throws(() => redactSecrets(loop), /nested too deeply/);
  });

  describe('in the stored log', () => {
    let db: Database;
    let tenant: Tenant;
    before(async () => ({ db, tenant } = await createAuditTenant()));
    after(() => dropTestTenant(tenant));

    it('never stores a secret from changes, and the chain still verifies', async () => {
      await db.knex.transaction((trx) =>
        appendAudit(trx, tenant, [
          { actor: ALICE, action: 'password_change', entity: 'app_user', recordId: ALICE.id, changes: recordChanges({ password_hash: 'old-hash' }, { password_hash: 'new-hash' }) },
          { actor: ALICE, action: 'create', entity: 'app_user', recordId: ALICE.id, changes: { login: 'alice', password: 'hunter2', settings: { smtp: { secret: 's' } } } },
        ]),
      );
      const text = JSON.stringify((await queryAudit(db.knex, tenant)).data);
      for (const secret of ['old-hash', 'new-hash', 'hunter2', '"s"']) assert.ok(!text.includes(secret), `${secret} leaked`);
      assert.ok(text.includes('"login":"alice"'));
      assert.equal((await verifyAudit(db.knex, tenant)).ok, true);
    });
  });
});
