import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

describe('e2e/Idempotency-Key: POST creates and acts once per key', function () {
  this.timeout(120_000);
  let app: DemoApp;
  before(async () => (app = await startDemoApp()));
  after(() => app?.close());

  /** A POST as the user with the key; the raw text too, so that a replay is compared byte for byte. */
  async function post(user: DemoUser, path: string, body: unknown, key?: string) {
    const headers: Record<string, string> = { authorization: `Bearer ${app.tokens[user]}`, 'content-type': 'application/json' };
    if (key !== undefined) headers['idempotency-key'] = key;
    const res = await fetch(`${app.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
  }
  const customersNamed = async (name: string) => (await app.sql<{ id: string }>(`select id from ${app.table('customer')} where name = ?`, [name])).length;

  it('answers a retry with the same key and body with the first answer, marked as a replay, and creates one record', async () => {
    const key = randomUUID();
    const name = `幂等客户 ${key}`;
    const first = await post('sales1', '/api/records/customer', { name, grade: 'B' }, key);
    assert.equal(first.status, 201, first.text);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    // The same body with its keys in another order is the same request.
    const again = await post('sales1', '/api/records/customer', { grade: 'B', name }, key);
    assert.equal(again.status, 201);
    assert.equal(again.text, first.text, 'the identical answer');
    assert.equal(again.headers.get('location'), first.headers.get('location'));
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(await customersNamed(name), 1);
  });

  it('refuses the key with another body (or on another endpoint) with 422 naming the header, and creates nothing more', async () => {
    const key = `order-form-${randomUUID()}`;
    const name = `幂等客户 ${key}`;
    assert.equal((await post('sales1', '/api/records/customer', { name }, key)).status, 201);
    const other = await post('sales1', '/api/records/customer', { name: `${name} 改` }, key);
    assert.equal(other.status, 422, other.text);
    assert.equal(other.body.error.details[0].path, 'Idempotency-Key');
    assert.equal((await post('sales1', '/api/records/contact', { name }, key)).status, 422);
    assert.equal(await customersNamed(`${name} 改`), 0);
  });

  it('keeps keys per user: another user with the same key gets an answer of their own', async () => {
    const key = randomUUID();
    const mine = await post('sales1', '/api/records/customer', { name: `幂等客户 ${key} 甲` }, key);
    const theirs = await post('sales2', '/api/records/customer', { name: `幂等客户 ${key} 乙` }, key);
    assert.equal(mine.status, 201);
    assert.equal(theirs.status, 201, theirs.text);
    assert.notEqual(theirs.body.id, mine.body.id);
    assert.equal(theirs.headers.get('idempotent-replayed'), null);
  });

  it('creates once when the same request is sent many times at once: the others get 409 or the replay', async () => {
    const key = randomUUID();
    const name = `幂等客户 ${key}`;
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('sales1', '/api/records/customer', { name }, key)));
    const created = answers.filter((a) => a.status === 201);
    assert.ok(created.length >= 1, answers.map((a) => a.status).join(','));
    assert.ok(answers.every((a) => a.status === 201 || a.status === 409), answers.map((a) => `${a.status} ${a.text}`).join('\n'));
    for (const busy of answers.filter((a) => a.status === 409)) assert.equal(busy.body.error.details[0].path, 'Idempotency-Key');
    assert.equal(new Set(created.map((a) => a.body.id)).size, 1, 'every 201 is the one record');
    assert.equal(await customersNamed(name), 1);
  });

  it('replays an error answer too, and a workflow action or a bulk write runs once', async () => {
    const key = randomUUID();
    const refused = await post('sales1', '/api/records/customer', { grade: 'B' }, key);
    assert.equal(refused.status, 422);
    const replayed = await post('sales1', '/api/records/customer', { grade: 'B' }, key);
    assert.equal(replayed.text, refused.text);
    assert.equal(replayed.headers.get('idempotent-replayed'), 'true');

    const bulkKey = randomUUID();
    const name = `幂等批量 ${bulkKey}`;
    const bulk = { operations: [{ op: 'create', data: { name } }] };
    const firstBulk = await post('sales1', '/api/records/customer/bulk', bulk, bulkKey);
    assert.equal(firstBulk.status, 200, firstBulk.text);
    assert.equal((await post('sales1', '/api/records/customer/bulk', bulk, bulkKey)).text, firstBulk.text);
    assert.equal(await customersNamed(name), 1);

    const customer = (await post('sales1', '/api/records/customer', { name: `幂等订单客户 ${bulkKey}` })).body.id;
    const product = String((await app.sql<{ id: string }>(`select id from ${app.table('product')} limit 1`))[0]!.id);
    const order = await post('sales1', '/api/records/sales_order', { customer, order_date: '2026-11-24', lines: [{ product, quantity: 1, unit_price: 1000 }] });
    assert.equal(order.status, 201, order.text);
    const actionKey = randomUUID();
    const submit = await post('sales1', `/api/records/sales_order/${order.body.id}/actions/submit`, {}, actionKey);
    assert.equal(submit.status, 200, submit.text);
    const logged = async () => (await app.sql(`select 1 from ${app.table('crm_audit')} where record_id = ?`, [order.body.id])).length;
    const entries = await logged();
    const retry = await post('sales1', `/api/records/sales_order/${order.body.id}/actions/submit`, {}, actionKey);
    assert.equal(retry.text, submit.text, 'the retry is the first answer, not "submit is not allowed in this state"');
    assert.equal(await logged(), entries, 'the action did not run again');
  });

  it('refuses a malformed key with 400 naming the header, and leaves requests without a key alone', async () => {
    for (const bad of ['', 'has space', '"unterminated', 'x'.repeat(256), 'käse']) {
      const r = await post('sales1', '/api/records/customer', { name: `坏键 ${randomUUID()}` }, bad);
      assert.equal(r.status, 400, `${JSON.stringify(bad)}: ${r.text}`);
      assert.equal(r.body.error.details[0].path, 'Idempotency-Key');
    }
    assert.equal((await post('sales1', '/api/records/customer', { name: `坏键 ${randomUUID()}` }, '"a-quoted-key-1"')).status, 201, 'the draft\'s quoted form');
    const name = `无键 ${randomUUID()}`;
    assert.equal((await post('sales1', '/api/records/customer', { name })).status, 201);
    const twice = await post('sales1', '/api/records/customer', { name });
    assert.equal(twice.body.error.details[0].path, '/name', 'without a key the request ran again (and met the unique name)');
  });

  it('forgets a key after 24 hours: expired keys are removed as new ones are claimed', async () => {
    const key = randomUUID();
    const name = `过期 ${key}`;
    assert.equal((await post('sales1', '/api/records/customer', { name }, key)).status, 201);
    await app.sql(`update ${app.table('crm_idempotency')} set expires_at = now() - interval '1 second' where key = ?`, [key]);
    const later = await post('sales1', '/api/records/customer', { name }, key);
    assert.equal(later.headers.get('idempotent-replayed'), null);
    assert.equal(later.body.error.details[0].path, '/name', 'the request ran again (and met the unique name)');
    const [{ n }] = (await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('crm_idempotency')} where expires_at < now()`)) as [{ n: number }];
    assert.equal(n, 0);
  });
});
