import assert from 'node:assert/strict';
import { compiledEntity } from '../../engine/data/index.ts';
import { ruleScopeOf } from '../../engine/metadata/check-entity.ts';
import { valueKindOf } from '../../engine/metadata/index.ts';
import type { RuleScope } from '../../engine/rules/index.ts';
import { entity, modelOf } from '../helpers/model-builder.ts';
import { shopModel } from '../helpers/shop-model.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const q = (rule: unknown) => encodeURIComponent(JSON.stringify(rule));
const kinds = (scope: RuleScope) => Object.fromEntries([...scope.fields].map(([name, f]) => [name, f.kind]));
const ID_FIELDS = { id: 'uuid', created_by: 'uuid', updated_by: 'uuid', owner: 'uuid', department: 'uuid' };

describe('rules/reference fields (uuid) in the model and the API', () => {
  it('gives ref fields and the system id fields the uuid kind, in the model and in metadata checks alike', () => {
    const line = kinds(compiledEntity(shopModel(), 'deal_line').ruleScope('r'));
    assert.deepEqual({ ...line }, { ...line, ...ID_FIELDS, deal: 'uuid', created_at: 'datetime', updated_at: 'datetime', version: 'number', title: 'string' });
    const doc = entity('deal_line', { deal: { type: 'ref', target: 'deal', onDelete: 'cascade' } });
    assert.deepEqual(kinds(ruleScopeOf(doc)), kinds(compiledEntity(modelOf([entity('deal'), doc]), 'deal_line').ruleScope('r')));
    // Only the system fields are uuids by name: a field of the entity's own is what its type says.
    assert.equal(valueKindOf({ name: 'owner', system: false, type: 'string' }), 'string');
  });

  it('refuses a metadata rule that orders a reference, pointing into the entity file', () => {
    const bad = entity('deal', { account: { type: 'ref', target: 'account', onDelete: 'restrict' } }, {
      rules: [{ name: 'r', condition: { '>': [{ var: 'account' }, { var: 'owner' }] }, message: { 'zh-CN': 'x', en: 'x' } }],
    });
    assert.throws(
      () => modelOf([entity('account'), bad]),
      (e: Error & { details?: { pointer?: string; message: string }[] }) =>
        e.details?.length === 1 && e.details[0]!.pointer === '/rules/0/condition/>/0' && /holds record ids \(uuid\), which have no order/.test(e.details[0]!.message),
    );
  });

  describe('list filters', () => {
    let s: TestServer;
    let accountId: string;
    let dealId: string;
    before(async () => {
      s = await startTestServer(shopModel());
      accountId = (await s.request('POST', '/api/records/account', { title: 'a' })).body.id;
      const deal = await s.request('POST', '/api/records/deal', { title: 'd', account: accountId, lines: [{ title: 'l1', qty: 1, price: 2 }, { title: 'l2', qty: 3, price: 4 }] });
      assert.equal(deal.status, 201, JSON.stringify(deal.body));
      dealId = deal.body.id;
      await s.request('POST', '/api/records/deal', { title: 'other', account: accountId, lines: [{ title: 'x', qty: 1, price: 1 }] });
    });
    after(() => s.close());

    const titles = async (entityName: string, rule: unknown) => {
      const r = await s.request('GET', `/api/records/${entityName}?filter=${q(rule)}&sort=title`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.data.map((x: { title: string }) => x.title);
    };

    it('lists the lines of an order and finds records by id', async () => {
      assert.deepEqual(await titles('deal_line', { '==': [{ var: 'deal' }, dealId] }), ['l1', 'l2']);
      assert.deepEqual(await titles('deal_line', { '!=': [{ var: 'deal' }, dealId] }), ['x']);
      assert.deepEqual(await titles('deal', { in: [{ var: 'id' }, [dealId, 'nope']] }), ['d']);
      assert.deepEqual(await titles('deal', { '==': [{ var: 'account' }, { var: 'account' }] }), ['d', 'other']);
      assert.deepEqual(await titles('account', { '!': { var: 'parent' } }), ['a']);
    });

    it('answers a comparison with text that is no uuid like JavaScript does, without a database error', async () => {
      assert.deepEqual(await titles('deal_line', { '==': [{ var: 'deal' }, 'not-a-uuid'] }), []);
      assert.deepEqual(await titles('deal_line', { '==': [{ var: 'deal' }, dealId.toUpperCase()] }), []);
      assert.deepEqual(await titles('deal', { '!=': [{ var: 'owner' }, 'x'] }), ['d', 'other']);
      assert.deepEqual(await titles('deal', { in: [{ var: 'created_by' }, ['x', 5]] }), []);
    });

    it('refuses ordering and text matching on a reference with 400 and the pointer', async () => {
      for (const [rule, path] of [
        [{ '<': [{ var: 'deal' }, dealId] }, 'filter/</0'],
        [{ contains: [{ var: 'id' }, 'ab'] }, 'filter/contains/0'],
        [{ in: [{ var: 'deal' }, 'some text'] }, 'filter/in/0'],
      ] as const) {
        const r = await s.request('GET', `/api/records/deal_line?filter=${q(rule)}`);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.deepEqual(r.body.error.details.map((d: { path: string }) => d.path), [path]);
      }
    });
  });
});
