import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import { shopModel } from '../helpers/shop-model.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('e2e/meta and openapi', () => {
  let s: TestServer;
  before(async () => (s = await startTestServer(shopModel())));
  after(() => s.close());

  it('reports health with the database kind and model version', async () => {
    const r = await s.request('GET', '/api/health');
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'ok');
    assert.equal(r.body.model, s.model.version);
  });

  it('lists entities with their labels', async () => {
    const r = await s.request('GET', '/api/meta/entities');
    const names = r.body.data.map((e: { name: string }) => e.name);
    for (const name of ['account', 'deal', 'deal_line', 'app_user', 'department', 'role']) assert.ok(names.includes(name), name);
    assert.deepEqual(r.body.data.find((e: { name: string }) => e.name === 'department').labels, { 'zh-CN': '部门', en: 'Department' });
  });

  it('describes an entity with a form schema and uiSchema ready for @rjsf, in the asked language', async () => {
    const zh = await s.request('GET', '/api/meta/entities/deal');
    assert.equal(zh.status, 200);
    assert.equal(zh.body.schema.properties.title.title, '名称');
    assert.deepEqual(zh.body.schema.required, ['title', 'account']);
    assert.equal(zh.body.uiSchema.account['ui:widget'], 'ref');
    assert.equal(zh.body.uiSchema.lines['ui:field'], 'lines');
    assert.ok(!('number' in zh.body.schema.properties), 'computed fields are not form inputs');
    assert.ok(zh.body.fields.some((f: { name: string; readOnly: boolean }) => f.name === 'number' && f.readOnly));
    const en = await s.request('GET', '/api/meta/entities/deal?lang=en');
    assert.equal(en.body.schema.properties.title.title, 'Title');
    // The form schema itself is valid JSON Schema (what @rjsf's validator will compile).
    const ajv = new Ajv({ strict: false });
    (addFormatsModule as unknown as (a: Ajv) => Ajv)(ajv);
    assert.doesNotThrow(() => ajv.compile(zh.body.schema));
    assert.equal((await s.request('GET', '/api/meta/entities/nope')).status, 404);
  });

  it('serves an OpenAPI 3.1 document that passes the official schema', async () => {
    const r = await s.request('GET', '/api/openapi.json');
    assert.equal(r.body.openapi, '3.1.0');
    assert.ok(r.body.paths['/api/records/deal/{id}'].patch);
    const validator = new Validator();
    const result = await validator.validate(r.body);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const r = await s.request('GET', '/api/nothing-here');
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'NOT_FOUND');
  });
});
