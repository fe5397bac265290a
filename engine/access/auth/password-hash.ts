// argon2id hashing of passwords with the OWASP parameters, and a dummy verification that costs as much as a real one.
import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/** OWASP Password Storage Cheat Sheet, argon2id minimum: 19 MiB memory, 2 passes, 1 lane. */
export const ARGON2_PARAMS = Object.freeze({ memoryCost: 19456, timeCost: 2, parallelism: 1 });

// The binding declares Algorithm as a `const enum`, which tsx (esbuild, isolated modules) cannot inline: 2 = Argon2id.
const ARGON2ID = 2 as Algorithm;
const OPTIONS: Options = { ...ARGON2_PARAMS, algorithm: ARGON2ID, outputLen: 32 };

/** Longest password accepted, in code points after normalisation: bounds the work done on untrusted input. */
export const MAX_PASSWORD_LENGTH = 128;

/**
 * NFKC so that the same password typed with a full-width (Chinese IME) or a half-width keyboard is the same password;
 * every hash and every verification goes through here.
 */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

/** True when the raw input is too long to be worth hashing; checked before normalising (which is linear work). */
export function isOversizedPassword(password: string): boolean {
  // Composition (NFKC) can shrink input, e.g. Hangul jamo 3 → 1, so the cheap raw cut-off leaves room for it.
  return password.length > MAX_PASSWORD_LENGTH * 4 || [...normalisePassword(password)].length > MAX_PASSWORD_LENGTH;
}

/** Encoded PHC string: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, with a random 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  return hash(normalisePassword(password), OPTIONS);
}

/** Constant-time comparison (inside the binding) of a password against an encoded hash. */
export async function verifyPasswordHash(encoded: string, password: string): Promise<boolean> {
  return verify(encoded, normalisePassword(password));
}

let dummy: Promise<string> | undefined;

/**
 * Verifies against a hash of a random secret with the same parameters, so that "no such user" takes as long as
 * "wrong password" and response times do not reveal which usernames exist. Always false.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummy ??= hash(randomBytes(32).toString('base64url'), OPTIONS);
  const encoded = await dummy;
  await verify(encoded, isOversizedPassword(password) ? '' : normalisePassword(password));
  return false;
}
