import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

// The application's clock is put 30 hours behind the database's (a date apart in every zone): `now` and `today` in
// filters must still be the database's, the clock that stamped created_at.
const SKEW_MS = -30 * 60 * 60 * 1000;
const RealDate = Date;

/** Date, as seen by this process, skewed: `new Date()` and `Date.now()` move; dates built from a value do not. */
class SkewedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + SKEW_MS);
    else super(...(args as [string]));
  }
  static override now(): number {
    return RealDate.now() + SKEW_MS;
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof RealDate;
  }
}

describe('e2e/filter clock: now and today in filters come from the database, whatever the application clock says', function () {
  this.timeout(120_000);
  let app: DemoApp;
  before(async () => (app = await startDemoApp()));
  after(async () => {
    globalThis.Date = RealDate;
    await app?.close();
  });

  const list = (filter: unknown) => app.as('sales1').get(`/api/records/contact?filter=${encodeURIComponent(JSON.stringify(filter))}&fields=id&limit=500`);

  it('finds a contact just created with created_at <= now and birthday == today while the app clock is 30 hours behind', async () => {
    const customer = await app.as('sales1').post('/api/records/customer', { name: `时钟客户 ${randomUUID()}` });
    assert.equal(customer.status, 201, JSON.stringify(customer.body));
    globalThis.Date = SkewedDate as DateConstructor;
    try {
      // PGlite runs in this process and reads its clock from it, so there the skew moves both clocks: the database's
      // today is asked of the database either way.
      const [row] = await app.sql<{ today: string }>(`select to_char((now() at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as today`);
      const created = await app.as('sales1').post('/api/records/contact', { name: '时钟联系人', mobile: '13800000000', customer: (customer.body as { id: string }).id, birthday: row!.today });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = (created.body as { id: string }).id;
      const ids = (reply: Awaited<ReturnType<typeof list>>) => {
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        return (reply.body as { data: { id: string }[] }).data.map((r) => r.id);
      };
      assert.ok(ids(await list({ and: [{ '<=': [{ var: 'created_at' }, { now: [] }] }, { '==': [{ var: 'id' }, id] }] })).includes(id), 'created_at <= now');
      assert.ok(ids(await list({ and: [{ '==': [{ var: 'birthday' }, { today: [] }] }, { '==': [{ var: 'id' }, id] }] })).includes(id), 'birthday == today');
      assert.deepEqual(ids(await list({ and: [{ '>': [{ var: 'created_at' }, { now: [] }] }, { '==': [{ var: 'id' }, id] }] })), [], 'not after now');
    } finally {
      globalThis.Date = RealDate;
    }
  });
});
