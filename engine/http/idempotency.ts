// `Idempotency-Key` on POST (IETF draft "The Idempotency-Key HTTP Header Field"): a retry with the same key and the
// same request gets the first answer again instead of creating or acting twice; the key is per user, kept 24 hours.
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { canonicalJson } from '../audit/index.ts';
import { EngineError } from '../core/index.ts';
import type { AppState } from './app-state.ts';
import { claimKey, storeAnswer, type KeyRef } from './idempotency-store.ts';
import { principalOf } from './request-context.ts';

const HEADER = 'Idempotency-Key';
/** The draft's sf-string ("…") or, as most clients send it, the bare value: 1–255 visible ASCII characters. */
const KEY = /^"?([\x21\x23-\x5B\x5D-\x7E]{1,255})"?$/;
/** Requests whose bodies carry passwords are never fingerprinted or kept; sign-in has no user to key by. */
const NOT_KEPT = /^\/(?:auth\/|local\/|me\/password$|users\/[^/]+\/password$)/;
/** The headers of an answer that a replay repeats; the rest (request id, dates) belong to the replay itself. */
const REPLAYED_HEADERS = ['location', 'etag'];
export const REPLAY_HEADER = 'Idempotent-Replayed';

/** After authenticate: needs the user. Requests without the header are not touched. */
export function idempotency(state: AppState): RequestHandler {
  return async (req, res, next) => {
    const raw = req.get(HEADER);
    if (req.method !== 'POST' || raw === undefined || !keepsIdempotencyKey(req.path)) return next();
    const m = KEY.exec(raw);
    if (!m || (raw.startsWith('"') !== raw.endsWith('"'))) {
      throw new EngineError('BAD_REQUEST', `The ${HEADER} header is malformed`, [{ path: HEADER, message: 'must be 1 to 255 visible ASCII characters (no spaces, quotes or backslashes), optionally in double quotes' }]);
    }
    const ref: KeyRef = { tenant: state.tenant, userId: principalOf(res).actor.id, key: m[1]! };
    const fingerprint = fingerprintOf(req);
    const held = await claimKey(state.db.knex, ref, fingerprint);
    if (!held) {
      keepAnswer(state, ref, res);
      return next();
    }
    if (held.fingerprint !== fingerprint) {
      throw new EngineError('VALIDATION_FAILED', `This ${HEADER} was used for a different request`, [{ path: HEADER, message: 'was already used with another body or on another endpoint: use a new key for a new request' }]);
    }
    if (held.status === null) {
      throw new EngineError('CONFLICT', `A request with this ${HEADER} is still being processed`, [
        { path: HEADER, message: 'the first request with this key has not answered yet; if it was interrupted, whether it took effect is unknown: look for its result before retrying with a new key' },
      ]);
    }
    res.status(held.status).set(held.headers ?? {}).set(REPLAY_HEADER, 'true');
    if (held.body) res.type('json').send(held.body);
    else res.end();
  };
}

/** Whether a POST to this path (below /api, e.g. `/records/customer`) honours the header; the OpenAPI document says so too. */
export function keepsIdempotencyKey(apiPath: string): boolean {
  return !NOT_KEPT.test(apiPath);
}

function fingerprintOf(req: Request): string {
  return createHash('sha256').update(`${req.method} ${req.originalUrl}\n${canonicalJson(req.body ?? null)}`).digest('hex');
}

/**
 * Every JSON answer to a claimed request (handlers and the error handler alike) is stored before it is sent, so a
 * client never holds an answer its retry would not get; an answer without a body (204) is stored once sent. If storing
 * fails the answer still goes out and the key stays taken: a retry then gets 409, never a second run.
 */
function keepAnswer(state: AppState, ref: KeyRef, res: Response): void {
  let kept = false;
  const keep = (body: string) => {
    kept = true;
    const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((h) => (res.get(h) ? [[h, String(res.get(h))]] : [])));
    return storeAnswer(state.db.knex, ref, { status: res.statusCode, body, headers }).catch((e: unknown) =>
      console.error(`[${String(res.locals.requestId ?? '-')}] could not keep the answer for an ${HEADER}:`, e),
    );
  };
  const send = res.json.bind(res);
  res.json = (body: unknown) => {
    res.json = send;
    const text = JSON.stringify(body);
    void keep(text).finally(() => res.type('json').send(text));
    return res;
  };
  res.once('finish', () => {
    if (!kept) void keep('');
  });
}
