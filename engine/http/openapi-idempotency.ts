// The Idempotency-Key request header and the Idempotent-Replayed answer header, documented on every POST that honours
// them (all but sign-in, the local CLI route and password changes: see idempotency.ts).
import type { JsonSchema } from '../data/index.ts';
import { keepsIdempotencyKey, REPLAY_HEADER } from './idempotency.ts';

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export const idempotencyComponents = {
  parameters: {
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'One key per submission (e.g. a UUID), 1–255 visible ASCII characters, optionally in double quotes. The same key with the same body (same user and endpoint, within 24 hours) answers the first answer again instead of acting twice; with another body 422; while the first request is still running 409; malformed 400.',
      schema: { type: 'string', minLength: 1, maxLength: 257, pattern: '^"?[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,255}"?$' },
    },
  },
  headers: {
    IdempotentReplayed: { description: 'true when this answer is the stored answer to an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
  },
};

/** Adds the header parameter, the replay header on success answers, and the key's own 409 / 422 to each such POST. */
export function documentIdempotency(paths: Record<string, JsonSchema>): void {
  for (const [route, item] of Object.entries(paths)) {
    const post = (item as { post?: { parameters?: unknown[]; responses: Record<string, { description?: string; headers?: Record<string, unknown> }> } }).post;
    if (!post || !route.startsWith('/api/') || !keepsIdempotencyKey(route.slice('/api'.length))) continue;
    post.parameters = [...(post.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
    for (const [status, answer] of Object.entries(post.responses)) {
      if (status.startsWith('2')) post.responses[status] = { ...answer, headers: { ...(answer.headers ?? {}), [REPLAY_HEADER]: { $ref: '#/components/headers/IdempotentReplayed' } } };
    }
    post.responses['409'] ??= errorResponse('A request with this Idempotency-Key is still being processed');
    post.responses['422'] ??= errorResponse('This Idempotency-Key was used with another body or endpoint');
  }
}
