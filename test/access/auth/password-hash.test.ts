import assert from 'node:assert/strict';
import {
  ARGON2_PARAMS,
  hashPassword,
  verifyDummyPassword,
  verifyPasswordHash,
} from '../../../engine/access/auth/index.ts';

describe('access/auth/password-hash', () => {
  it('hashes with argon2id and the OWASP parameters (m=19456 KiB, t=2, p=1)', async () => {
    const encoded = await hashPassword('Correct-Horse-42');
    assert.ok(encoded.startsWith('$argon2id$v=19$m=19456,t=2,p=1$'), encoded);
    assert.deepEqual(ARGON2_PARAMS, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });

  it('salts every hash, so the same password never hashes twice to the same string', async () => {
    assert.notEqual(await hashPassword('Correct-Horse-42'), await hashPassword('Correct-Horse-42'));
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const encoded = await hashPassword('Correct-Horse-42');
    assert.equal(await verifyPasswordHash(encoded, 'Correct-Horse-42'), true);
    assert.equal(await verifyPasswordHash(encoded, 'correct-horse-42'), false);
    assert.equal(await verifyPasswordHash(encoded, ''), false);
  });

  it('treats full-width characters from a Chinese input method as their half-width forms (NFKC)', async () => {
    const encoded = await hashPassword('Ｃｏｒｒｅｃｔ－４２abc');
    assert.equal(await verifyPasswordHash(encoded, 'Correct-42abc'), true);
  });

  it('runs a dummy verification that is always false, also for oversized input', async () => {
    assert.equal(await verifyDummyPassword('anything'), false);
    assert.equal(await verifyDummyPassword('x'.repeat(100_000)), false);
  });
});
