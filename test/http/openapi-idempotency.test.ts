import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument } from '../../engine/http/index.ts';
import { shopModel } from '../helpers/shop-model.ts';

type Operation = { parameters?: { $ref?: string; name?: string }[]; responses: Record<string, { headers?: Record<string, unknown> }> };

describe('http/openapi: Idempotency-Key and Idempotent-Replayed are documented on the POSTs that honour them', () => {
  const doc = openApiDocument(shopModel()) as {
    paths: Record<string, { post?: Operation }>;
    components: { parameters: Record<string, { name: string; in: string }>; headers: Record<string, unknown> };
  };
  const posts = Object.entries(doc.paths).filter(([, item]) => item.post);
  const takesKey = (op: Operation) => (op.parameters ?? []).some((p) => p.$ref === '#/components/parameters/IdempotencyKey');

  it('offers the Idempotency-Key header on record creates, bulk, workflow and admin POSTs, and the replay header on their success answers', () => {
    assert.deepEqual(doc.components.parameters.IdempotencyKey && { name: doc.components.parameters.IdempotencyKey.name, in: doc.components.parameters.IdempotencyKey.in }, { name: 'Idempotency-Key', in: 'header' });
    assert.ok(doc.components.headers.IdempotentReplayed);
    const create = doc.paths['/api/records/account']!.post!;
    assert.ok(takesKey(create));
    assert.deepEqual(create.responses['201']!.headers, { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } });
    assert.ok(create.responses['409'] && create.responses['422'], 'the key\'s own refusals');
    assert.ok(takesKey(doc.paths['/api/records/account/bulk']!.post!));
    const kept = posts.filter(([route]) => route.startsWith('/api/') && !/^\/api\/(auth|local)\/|\/password$/.test(route));
    assert.ok(kept.length > 10, `only ${kept.length} POSTs`);
    assert.deepEqual(kept.filter(([, item]) => !takesKey(item.post!)).map(([route]) => route), []);
  });

  it('does not offer it where the server never keeps a key: sign-in, the local route and password changes', () => {
    const notKept = posts.filter(([route]) => /^\/api\/(auth|local)\/|\/password$/.test(route));
    assert.ok(notKept.some(([route]) => route === '/api/auth/login'));
    assert.deepEqual(notKept.filter(([, item]) => takesKey(item.post!)).map(([route]) => route), []);
  });

  it('is still a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    assert.equal(result.valid, true, JSON.stringify(result.errors));
  });
});
