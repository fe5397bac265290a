// One Idempotency-Key per submission of a form: sending the same body again after an answer that never came (network
// failure, a 5xx, "still being processed") reuses the key, so the server creates or acts once; a changed body or a
// definite answer (a refusal to fix, a success) starts a new submission with a new key.
import { ApiError } from './client';

export interface Submission {
  /** The key to send with this body. */
  keyFor(body: unknown): string;
  /** What the attempt ended with: nothing (success) or the error it threw. */
  settle(error?: unknown): void;
}

export function createSubmission(): Submission {
  let pending: { key: string; body: string } | undefined;
  return {
    keyFor(body) {
      const text = JSON.stringify(body);
      if (pending?.body !== text) pending = { key: newKey(), body: text };
      return pending.key;
    },
    settle(error) {
      if (!outcomeUnknown(error)) pending = undefined;
    },
  };
}

function outcomeUnknown(error: unknown): boolean {
  if (!(error instanceof ApiError)) return error !== undefined;
  return error.status === 0 || error.status >= 500 || (error.status === 409 && error.details.some((d) => d.path === 'Idempotency-Key'));
}

// crypto.getRandomValues works on plain http too (randomUUID needs a secure context, and LAN installs are often http).
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
