// 查重 over HTTP as the demo users: a customer typed with a trailing space, full-width brackets or another 有限公司
// variant is found by the normalised name; a user sees the names of matches they may read and only a count of the
// others; the record being edited is left out; bad requests name the parameter and unknown entities answer 404.
import assert from 'node:assert/strict';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

describe('http/records duplicates (查重)', function () {
  this.timeout(240_000);
  let app: DemoApp;
  let id = '';
  before(async () => {
    app = await startDemoApp();
    const made = await app.as('sales1').post('/api/records/customer', { name: '华东精机查重有限公司', customer_type: 'end_user', grade: 'B', status: 'active' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    id = made.body.id;
  });
  after(() => app?.close());

  const look = (user: DemoUser, query: Record<string, string>) => app.as(user).get(`/api/records/customer/duplicates?${new URLSearchParams(query)}`);

  it('finds the customer however the name is typed: spaces, full-width letters and brackets, 有限公司 variants', async () => {
    for (const value of ['华东精机查重有限公司 ', ' 华东精机查重（有限公司）', '华东精机查重公司', '华东精机查重股份有限公司', '华东 精机 查重']) {
      const r = await look('sales1', { field: 'name', value });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.matches, [{ id, name: '华东精机查重有限公司' }], value);
      assert.equal(r.body.hidden, 0);
    }
    const other = await look('sales1', { field: 'name', value: '华南精机查重有限公司' });
    assert.deepEqual(other.body, { matches: [], hidden: 0 });
  });

  it('leaves out the record being edited', async () => {
    const r = await look('sales1', { field: 'name', value: '华东精机查重有限公司', exclude: id });
    assert.deepEqual(r.body, { matches: [], hidden: 0 });
  });

  it('shows a user who may not read the match only that one exists, never its name or id', async () => {
    const customer = (await app.as('sales1').get('/api/records/customer?limit=1')).body.data[0].id;
    const made = await app.as('sales1').post('/api/records/opportunity', { name: '查重测试商机(一期)', customer, amount: 100000, open_date: '2026-12-01' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal((await app.as('sales3').get(`/api/records/opportunity/${made.body.id}`)).status, 404, 'sales3 (another department) cannot read it');
    const r = await app.as('sales3').get(`/api/records/opportunity/duplicates?${new URLSearchParams({ field: 'name', value: '查重测试商机（一期）' })}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { matches: [], hidden: 1 });
    const own = await app.as('sales1').get(`/api/records/opportunity/duplicates?${new URLSearchParams({ field: 'name', value: '查重测试商机 (一期)' })}`);
    assert.deepEqual(own.body, { matches: [{ id: made.body.id, name: '查重测试商机(一期)' }], hidden: 0 });
  });

  it('refuses bad requests naming the parameter, and answers 404 for an unknown entity', async () => {
    const paths = async (query: Record<string, string>) => {
      const r = await look('sales1', query);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      return r.body.error.details.map((d: { path: string }) => d.path);
    };
    assert.deepEqual(await paths({ value: 'x' }), ['field']);
    assert.deepEqual(await paths({ field: 'name' }), ['value']);
    assert.deepEqual(await paths({ field: 'name', value: 'x', exclude: 'not-an-id' }), ['exclude']);
    assert.deepEqual(await paths({ field: 'name', value: 'x'.repeat(501) }), ['value']);
    assert.deepEqual(await paths({ field: 'credit_limit', value: '1' }), ['field']);
    assert.deepEqual(await paths({ field: 'no_such', value: 'x' }), ['field']);
    assert.deepEqual(await paths({ field: 'name', value: 'x', other: '1' }), ['other']);
    assert.equal((await app.as('sales1').get('/api/records/no_such/duplicates?field=name&value=x')).status, 404);
  });
});
