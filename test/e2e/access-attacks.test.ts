// Attacks on the access rules over HTTP, each refused with the right status, leaking nothing and changing nothing.
// The sign-in throttling suite comes last: it locks this tenant's loopback address for 15 minutes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { resetThrottle } from '../../engine/access/auth/index.ts';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';
import { createFreshRecord, editableNow } from '../helpers/demo-records.ts';
import { snapshotRows, type Row } from '../helpers/demo-rights.ts';

describe('e2e/access: attacks are refused, leak nothing and change nothing', function () {
  this.timeout(60_000);
  let app: DemoApp;
  /** Customers of 销售一部 owned by sales1, and of 销售二部 owned by sales3. */
  let dept1Customer: Row;
  let dept2Customer: Row;
  let contract: Row;

  before(async () => {
    app = await startDemoApp();
    const first = async (sql: string, bindings: unknown[] = []) => {
      const [r] = await app.sql<Row>(sql, bindings);
      assert.ok(r, sql);
      return r;
    };
    dept1Customer = await first(`select * from ${app.table('customer')} where owner = ? order by created_at limit 1`, [app.users.sales1.id]);
    dept2Customer = await first(`select * from ${app.table('customer')} where owner = ? order by created_at limit 1`, [app.users.sales3.id]);
    contract = await first(`select * from ${app.table('contract')} order by created_at limit 1`);
    assert.equal(dept1Customer.department, app.departments['销售一部']);
  });
  after(() => app?.close());

  const row = async (entity: string, id: unknown) => (await app.sql<Row>(`select * from ${app.table(entity)} where id = ?`, [id]))[0];
  const count = async (entity: string) => (await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table(entity)}`))[0]!.n;
  const q = (v: unknown) => encodeURIComponent(JSON.stringify(v));
  /** An error body with every occurrence of `name` replaced, to compare refusals that differ only in the name asked for. */
  const anonymised = (body: unknown, name: string, as: string) => JSON.parse(JSON.stringify(body).split(name).join(as));

  describe('hidden fields and unreadable relations cannot be probed', () => {
    const probes = (f: string) => [
      { '==': [{ var: f }, 1_000_000] },
      { '>': [{ var: f }, 0] },
      { '!!': { var: f } },
      { missing: [f] },
      { in: [{ var: f }, [1, 2, 3]] },
      { or: [true, { '==': [{ var: f }, 1] }] },
      { and: [{ '==': [{ var: 'status' }, 'signed'] }, { '<': [{ var: f }, 5_000_000] }] },
    ];

    it('a filter on contract.amount as service1 is 400, with data and count withheld and the same answer as for a field that does not exist', async () => {
      for (const [i, filter] of probes('amount').entries()) {
        const r = await app.as('service1').get(`/api/records/contract?count=exact&filter=${q(filter)}`);
        assert.equal(r.status, 400, `probe ${i}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.data, undefined);
        assert.equal(r.body.count, undefined);
        const twin = await app.as('service1').get(`/api/records/contract?count=exact&filter=${q(probes('amount_x9')[i])}`);
        assert.equal(twin.status, 400);
        assert.deepEqual(anonymised(r.body, 'amount', 'FIELD'), anonymised(twin.body, 'amount_x9', 'FIELD'), `probe ${i}: the refusal tells a hidden field from a missing one`);
      }
      // The same filter from a role that may read the field works: the refusal is about rights, not syntax.
      assert.equal((await app.as('gm').get(`/api/records/contract?count=exact&filter=${q(probes('amount')[0])}`)).status, 200);
    });

    it('sort, fields and expand naming contract.amount are 400 for service1, like an unknown field', async () => {
      for (const query of ['sort=amount', 'sort=-amount', 'sort=name,-amount', 'fields=amount', 'fields=id,name,amount', 'expand=amount']) {
        const r = await app.as('service1').get(`/api/records/contract?${query}`);
        assert.equal(r.status, 400, query);
        assert.equal(r.body.data, undefined, query);
        const twin = await app.as('service1').get(`/api/records/contract?${query.replace('amount', 'amount_x9')}`);
        assert.deepEqual(anonymised(r.body, 'amount', 'FIELD'), anonymised(twin.body, 'amount_x9', 'FIELD'), query);
      }
      const one = await app.as('service1').get(`/api/records/contract/${String(contract.id)}?fields=amount`);
      assert.equal(one.status, 400);
    });

    it('expanding a relation to an entity the role cannot read is 403 in list and get; dotted paths into relations are unknown fields', async () => {
      // service roles read contracts but not opportunities or quotes.
      for (const path of ['/api/records/contract?expand=opportunity', `/api/records/contract/${String(contract.id)}?expand=quote`, '/api/records/contract?expand=customer,opportunity']) {
        const r = await app.as('service1').get(path);
        assert.equal(r.status, 403, path);
        assert.equal(r.body.data, undefined);
      }
      for (const [user, entity, path] of [
        ['service1', 'contract', 'opportunity.amount'],
        ['sales1', 'opportunity', 'customer.credit_limit'],
        ['service1', 'service_ticket', 'sales_order.contract.amount'],
      ] as const) {
        const r = await app.as(user).get(`/api/records/${entity}?filter=${q({ '==': [{ var: path }, 1] })}`);
        assert.equal(r.status, 400, `${user} ${entity} ${path}`);
      }
    });

    it('a bulk write naming a hidden field or an out-of-scope record is refused whole', async () => {
      const own = dept2Customer;
      const r = await app.as('sales3').post('/api/records/customer/bulk', {
        operations: [
          { op: 'update', id: own.id, data: { notes: 'bulk-own' } },
          { op: 'update', id: dept1Customer.id, data: { notes: 'bulk-other-department' } },
        ],
      });
      assert.equal(r.status, 404, JSON.stringify(r.body));
      assert.deepEqual(r.body.error.details.map((d: Row) => d.path), ['/operations/1/id'], 'the refusal names the operation');
      assert.deepEqual(await row('customer', own.id), own, 'the first operation was rolled back');
      assert.deepEqual(await row('customer', dept1Customer.id), dept1Customer);
      const readOnly = await app.as('sales3').post('/api/records/customer/bulk', { operations: [{ op: 'update', id: own.id, data: { credit_limit: 1 } }] });
      assert.equal(readOnly.status, 422, 'credit_limit is read-only for sales');
      const hidden = await app.as('service1').post('/api/records/contract/bulk', { operations: [{ op: 'update', id: contract.id, data: { amount: 1 } }] });
      assert.equal(hidden.status, 403, 'service roles may not update contracts at all');
      assert.deepEqual(await row('customer', own.id), own);
      assert.deepEqual(await row('contract', contract.id), contract);
    });
  });

  describe("another department's records", () => {
    it('sales3 GET of a 销售一部 customer is 404, answered as for an id that does not exist', async () => {
      const missing = randomUUID();
      const r = await app.as('sales3').get(`/api/records/customer/${String(dept1Customer.id)}`);
      const none = await app.as('sales3').get(`/api/records/customer/${missing}`);
      assert.equal(r.status, 404);
      assert.equal(none.status, 404);
      assert.deepEqual(anonymised(r.body, String(dept1Customer.id), 'ID'), anonymised(none.body, missing, 'ID'));
      assert.equal((await app.as('sales1').get(`/api/records/customer/${String(dept1Customer.id)}`)).status, 200, 'its own department reads it');
    });

    it('sales3 PATCH of it is 404 and changes nothing, with or without a version; DELETE is 403', async () => {
      for (const body of [{ notes: 'from 销售二部' }, { notes: 'x', version: dept1Customer.version }, { name: 'renamed' }]) {
        const r = await app.as('sales3').patch(`/api/records/customer/${String(dept1Customer.id)}`, body);
        assert.equal(r.status, 404, JSON.stringify(r.body));
      }
      const ifMatch = await app.as('sales3').patch(`/api/records/customer/${String(dept1Customer.id)}`, { notes: 'x' }, { 'if-match': `"${String(dept1Customer.version)}"` });
      assert.equal(ifMatch.status, 404);
      assert.equal((await app.as('sales3').delete(`/api/records/customer/${String(dept1Customer.id)}`)).status, 403);
      assert.deepEqual(await row('customer', dept1Customer.id), dept1Customer);
    });

    it('sales3 cannot list it through a filter on its id, nor reach it through an expansion from its own records', async () => {
      const r = await app.as('sales3').get(`/api/records/customer?count=exact&filter=${q({ '==': [{ var: 'id' }, dept1Customer.id] })}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.data, []);
      assert.equal(r.body.count, 0);
      const contacts = await app.as('sales3').get('/api/records/contact?expand=customer&limit=500');
      assert.equal(contacts.status, 200);
      for (const c of contacts.body.data as Row[]) if (c.customer) assert.equal((c.customer as Row).department, app.departments['销售二部']);
    });
  });

  describe('mass assignment of system fields', () => {
    const values = (): Record<string, unknown> => ({
      owner: app.users.sales3.id,
      created_by: app.users.admin.id,
      updated_by: app.users.admin.id,
      department: app.departments['总经办'],
      version: 99,
      id: randomUUID(),
      created_at: '2020-01-01T00:00:00Z',
      updated_at: '2020-01-01T00:00:00Z',
    });

    it('POST with owner, created_by, updated_by, department, version, id or a timestamp is 422 naming the field, and creates nothing', async () => {
      const before = await count('customer');
      for (const [field, value] of Object.entries(values())) {
        const r = await app.as('sales1').post('/api/records/customer', { name: `mass-${field}`, [field]: value });
        assert.equal(r.status, 422, `${field}: ${JSON.stringify(r.body)}`);
        assert.deepEqual(r.body.error.details.map((d: Row) => d.path), [`/${field}`]);
      }
      const bulk = await app.as('sales1').post('/api/records/customer/bulk', { operations: [{ op: 'create', data: { name: 'mass-bulk', owner: app.users.sales3.id } }] });
      assert.equal(bulk.status, 422);
      assert.equal(await count('customer'), before);
    });

    it('PATCH with owner, created_by, updated_by, department, id or a timestamp is 422 and changes nothing; a version that is not current is 409', async () => {
      const own = dept1Customer; // sales1's own customer, in its update scope
      for (const [field, value] of Object.entries(values())) {
        const r = await app.as('sales1').patch(`/api/records/customer/${String(own.id)}`, { notes: `mass-${field}`, [field]: value });
        if (field === 'version') {
          // version is the optimistic-locking token of a PATCH, never written from the body.
          assert.equal(r.status, 409, JSON.stringify(r.body));
          assert.equal(r.body.error.code, 'VERSION_CONFLICT');
        } else {
          assert.equal(r.status, 422, `${field}: ${JSON.stringify(r.body)}`);
          assert.deepEqual(r.body.error.details.map((d: Row) => d.path), [`/${field}`]);
        }
      }
      const bulk = await app.as('sales1').post('/api/records/customer/bulk', { operations: [{ op: 'update', id: own.id, data: { department: app.departments['总经办'] } }] });
      assert.equal(bulk.status, 422);
      assert.deepEqual(await row('customer', own.id), own);
    });
  });

  describe('raising one\'s own rights', () => {
    const roleRow = async (code: string) => (await app.sql<Row>(`select * from ${app.table('role')} where code = ?`, [code]))[0]!;

    it('sales1 cannot give itself the admin role, directly or in a bulk (403, roles unchanged)', async () => {
      const admin = await roleRow('admin');
      const links = async () => app.sql(`select target_id from ${app.table('app_user__roles')} where source_id = ? order by target_id`, [app.users.sales1.id]);
      const before = await links();
      const path = `/api/records/app_user/${app.users.sales1.id}`;
      assert.equal((await app.as('sales1').patch(path, { roles: [admin.id] })).status, 403);
      assert.equal((await app.as('sales1').post('/api/records/app_user/bulk', { operations: [{ op: 'update', id: app.users.sales1.id, data: { roles: [admin.id] } }] })).status, 403);
      assert.equal((await app.as('sales_mgr1').patch(`/api/records/app_user/${app.users.sales_mgr1.id}`, { roles: [admin.id] })).status, 403);
      assert.deepEqual(await links(), before);
    });

    it('gm cannot widen its own role or create a group carrying the admin role: role administration is for administrators (403)', async () => {
      const gm = await roleRow('gm');
      const admin = await roleRow('admin');
      const permissions = gm.permissions as { functions?: string[]; entities: Record<string, Record<string, unknown>> };
      const widened = { ...permissions, functions: ['*'], entities: { ...permissions.entities, app_user: { read: 'all', update: 'all' } } };
      const edit = await app.as('gm').patch(`/api/records/role/${String(gm.id)}`, { permissions: widened });
      const group = await app.as('gm').post('/api/records/user_group', { name: '提权组', roles: [admin.id] });
      try {
        assert.equal(edit.status, 403, `gm edited its own role: ${edit.status}`);
        assert.equal(group.status, 403, `gm created a group with the admin role: ${group.status}`);
        assert.deepEqual(await roleRow('gm'), gm);
      } finally {
        // Whatever happened, later tests need the gm role as shipped.
        if (edit.status === 200) assert.equal((await app.as('admin').patch(`/api/records/role/${String(gm.id)}`, { permissions })).status, 200);
        if (group.status === 201) assert.equal((await app.as('admin').delete(`/api/records/user_group/${String(group.body.id)}`)).status, 204);
      }
    });
  });

  describe('sessions', () => {
    it('a token after logout is 401, as bearer and as cookie', async () => {
      const login = await app.login('sales3');
      assert.equal(login.status, 200);
      const token = String(login.body.token);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      assert.match(cookie, /^crm_session=/);
      assert.equal((await app.send('GET', '/api/me', undefined, { token })).status, 200);
      assert.equal((await app.send('GET', '/api/me', undefined, { headers: { cookie } })).status, 200);
      assert.equal((await app.send('POST', '/api/auth/logout', undefined, { token })).status, 204);
      for (const options of [{ token }, { headers: { cookie } }]) {
        assert.equal((await app.send('GET', '/api/me', undefined, options)).status, 401);
        assert.equal((await app.send('GET', `/api/records/customer/${String(dept2Customer.id)}`, undefined, options)).status, 401);
      }
      assert.equal((await app.send('POST', '/api/auth/logout', undefined, { token })).status, 401);
      assert.equal((await app.as('sales3').get('/api/me')).status, 200, 'other sessions of the user live on');
    });

    it("a disabled user's token is 401 on the next request and sign-in is refused; enabling the user again does not revive that session", async () => {
      const user = app.users.sales2;
      assert.equal((await app.as('sales2').get('/api/me')).status, 200);
      const off = await app.as('admin').patch(`/api/records/app_user/${user.id}`, { active: false });
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.equal((await app.as('sales2').get('/api/me')).status, 401);
      assert.equal((await app.as('sales2').get('/api/records/customer')).status, 401);
      assert.equal((await app.login('sales2')).status, 401);
      const on = await app.as('admin').patch(`/api/records/app_user/${user.id}`, { active: true });
      assert.equal(on.status, 200);
      assert.equal((await app.as('sales2').get('/api/me')).status, 401, 'a session ended by disabling the user must stay ended');
      const again = await app.login('sales2');
      assert.equal(again.status, 200);
      app.tokens.sales2 = String(again.body.token);
    });

    it('a user whose role is revoked loses its rights on the next request, and gets them back when it is given again', async () => {
      const user = app.users.sales1;
      const [{ id: salesRole }] = (await app.sql<{ id: string }>(`select id from ${app.table('role')} where code = 'sales'`)) as [{ id: string }];
      assert.equal((await app.as('sales1').get('/api/records/customer')).status, 200);
      const revoke = await app.as('admin').patch(`/api/records/app_user/${user.id}`, { roles: [] });
      assert.equal(revoke.status, 200, JSON.stringify(revoke.body));
      assert.equal((await app.as('sales1').get('/api/records/customer')).status, 403);
      assert.equal((await app.as('sales1').get(`/api/records/customer/${String(dept1Customer.id)}`)).status, 403);
      assert.equal((await app.as('sales1').patch(`/api/records/customer/${String(dept1Customer.id)}`, { notes: 'no role' })).status, 403);
      const me = await app.as('sales1').get('/api/me');
      assert.equal(me.status, 200);
      assert.deepEqual(me.body.roles, []);
      assert.deepEqual(me.body.permissions.entities, {});
      const restore = await app.as('admin').patch(`/api/records/app_user/${user.id}`, { roles: [salesRole] });
      assert.equal(restore.status, 200);
      assert.equal((await app.as('sales1').get('/api/records/customer')).status, 200);
      assert.deepEqual(await row('customer', dept1Customer.id), dept1Customer);
    });
  });

  describe('moving records out of reach', () => {
    it('sales_mgr1 cannot assign a 销售一部 customer to sales3 of 销售二部 (403, unchanged) but can to sales2 (200, department follows)', async () => {
      const [customer] = await app.sql<Row>(`select * from ${app.table('customer')} where owner = ? order by created_at limit 1`, [app.users.sales1.id]);
      const path = `/api/records/customer/${String(customer!.id)}/assign`;
      const away = await app.as('sales_mgr1').post(path, { owner: app.users.sales3.id });
      assert.equal(away.status, 403, JSON.stringify(away.body));
      assert.deepEqual(await row('customer', customer!.id), customer);
      const within = await app.as('sales_mgr1').post(path, { owner: app.users.sales2.id });
      assert.equal(within.status, 200, JSON.stringify(within.body));
      assert.equal(within.body.owner, app.users.sales2.id);
      assert.equal(within.body.department, app.departments['销售一部']);
      const back = await app.as('sales_mgr1').post(path, { owner: app.users.sales1.id });
      assert.equal(back.status, 200);
    });

    it('assign without the right is 403, to an unknown user 422, with extra body fields 400, out of scope 404; nothing changes', async () => {
      const path = `/api/records/customer/${String(dept1Customer.id)}/assign`;
      assert.equal((await app.as('sales1').post(path, { owner: app.users.sales2.id })).status, 403, 'sales may not assign');
      assert.equal((await app.as('sales_mgr1').post(path, { owner: randomUUID() })).status, 422);
      assert.equal((await app.as('sales_mgr1').post(path, { owner: app.users.sales2.id, department: app.departments['总经办'] })).status, 400);
      assert.equal((await app.as('sales_mgr1').post(`/api/records/customer/${String(dept2Customer.id)}/assign`, { owner: app.users.sales1.id })).status, 404);
      const current = await row('customer', dept1Customer.id);
      assert.equal(current!.owner, app.users.sales1.id);
      assert.deepEqual(await row('customer', dept2Customer.id), dept2Customer);
    });

    it('a bulk assign moves every record or none: one out of reach refuses the whole request, naming it', async () => {
      const customers = await app.sql<Row>(`select * from ${app.table('customer')} where owner = ? order by created_at, id limit 2`, [app.users.sales1.id]);
      assert.equal(customers.length, 2, 'precondition: sales1 owns two customers');
      const bulk = (owner: string, ids: unknown[]) => app.as('sales_mgr1').post('/api/records/customer/bulk', { operations: ids.map((id) => ({ op: 'assign', id, owner })) });
      const mixed = await bulk(app.users.sales2.id, [customers[0]!.id, dept2Customer.id]);
      assert.equal(mixed.status, 404, JSON.stringify(mixed.body));
      assert.equal(mixed.body.error.details[0].path, '/operations/1/id');
      assert.deepEqual(await row('customer', customers[0]!.id), customers[0], 'the first assignment was rolled back');
      const malformed = await app.as('sales_mgr1').post('/api/records/customer/bulk', { operations: [{ op: 'assign', id: customers[0]!.id, owner: 'sales2' }] });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error.details[0].path, '/operations/0/owner');
      const moved = await bulk(app.users.sales2.id, customers.map((c) => c.id));
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.deepEqual(moved.body.results.map((r: Row) => r.owner), [app.users.sales2.id, app.users.sales2.id]);
      const audited = await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('crm_audit')} where action = 'assign' and record_id = any(?::uuid[])`, [customers.map((c) => c.id)]);
      assert.ok(audited[0]!.n >= 2, 'each assignment is audited');
      assert.equal((await bulk(app.users.sales1.id, customers.map((c) => c.id))).status, 200, 'and back');
    });

    it('service1 cannot hand its ticket to someone else by changing assigned_to (403, unchanged)', async () => {
      const model = app.engine.model();
      const ticket = await createFreshRecord(app, 'service_ticket', app.users.service1.id, await snapshotRows(app, model), [app.users.service_mgr.id]);
      const editable = editableNow(model, 'service_ticket', ticket);
      assert.equal(ticket.assigned_to, app.users.service1.id, 'precondition: the ticket is assigned to service1');
      assert.ok(editable('assigned_to') && editable('fault_code'), `precondition: assigned_to and fault_code are editable in state ${String(ticket.status)}`);
      const own = await app.as('service1').patch(`/api/records/service_ticket/${String(ticket.id)}`, { fault_code: 'AL-1001' });
      assert.equal(own.status, 200, JSON.stringify(own.body));
      const before = await row('service_ticket', ticket.id);
      const away = await app.as('service1').patch(`/api/records/service_ticket/${String(ticket.id)}`, { assigned_to: app.users.service_mgr.id });
      assert.equal(away.status, 403, JSON.stringify(away.body));
      assert.deepEqual(await row('service_ticket', ticket.id), before);
    });

    it('sales3 cannot attach a new contact to a customer it cannot read (422, as for a customer that does not exist)', async () => {
      const before = await count('contact');
      const body = (customer: unknown) => ({ customer, name: '越权联系人', phone: '0512-66550000' });
      const hidden = await app.as('sales3').post('/api/records/contact', body(dept1Customer.id));
      const missing = await app.as('sales3').post('/api/records/contact', body(randomUUID()));
      assert.equal(missing.status, 422);
      assert.equal(hidden.status, 422, `a reference to an unreadable customer was accepted: ${hidden.status}`);
      assert.equal(await count('contact'), before);
      assert.equal((await app.as('sales3').post('/api/records/contact', body(dept2Customer.id))).status, 201, 'its own department works');
    });
  });

  describe('lines belong to their parent', () => {
    const quoteOf = async (owner: string, status?: string) =>
      (await app.sql<Row>(`select * from ${app.table('quote')} where owner = ?${status ? ' and status = ?' : ''} order by created_at, id limit 1`, status ? [owner, status] : [owner]))[0]!;
    const linesOf = async (quote: unknown) => app.sql<Row>(`select * from ${app.table('quote_line')} where quote = ? order by id`, [quote]);
    const line = async (quote: Row) => ({ quote: quote.id, product: (await linesOf(quote.id))[0]!.product, quantity: 1, unit_price: 1 });

    it('sales3 cannot add a line to a 销售一部 quote it cannot read through /api/records/quote_line (403, nothing written)', async () => {
      const quote = await quoteOf(app.users.sales2.id, 'sent'); // 销售一部, and not locked by its workflow
      assert.equal((await app.as('sales3').get(`/api/records/quote/${String(quote.id)}`)).status, 404, 'precondition: sales3 cannot read the quote');
      const before = await linesOf(quote.id);
      const r = await app.as('sales3').post('/api/records/quote_line', await line(quote));
      assert.equal(r.status, 403, `a line was added to another department's quote: ${r.status}`);
      assert.deepEqual(await linesOf(quote.id), before);
    });

    it("sales1 cannot add a line to its own quote while the quote's workflow locks it (409 through the quote, 403 directly: lines are written only through their parent)", async () => {
      const quote = await quoteOf(app.users.sales1.id, 'accepted');
      const before = await linesOf(quote.id);
      const viaParent = await app.as('sales1').patch(`/api/records/quote/${String(quote.id)}`, { lines: [...before.map((l) => ({ id: l.id })), { product: before[0]!.product, quantity: 1, unit_price: 1 }] });
      assert.equal(viaParent.status, 409, JSON.stringify(viaParent.body));
      const r = await app.as('sales1').post('/api/records/quote_line', await line(quote));
      assert.equal(r.status, 403, `a line was added to a locked quote: ${r.status}`);
      assert.deepEqual(await linesOf(quote.id), before);
    });
  });

  describe('history and audit', () => {
    it('the history of a record the user cannot read is 404, as for one that does not exist', async () => {
      const r = await app.as('sales3').get(`/api/records/customer/${String(dept1Customer.id)}/history`);
      assert.equal(r.status, 404);
      assert.equal(r.body.data, undefined);
      assert.equal((await app.as('sales3').get(`/api/records/customer/${randomUUID()}/history`)).status, 404);
      assert.equal((await app.as('sales1').get(`/api/records/customer/${String(dept1Customer.id)}/history`)).status, 200);
      assert.equal((await app.as('sales3').get(`/api/records/opportunity/${randomUUID()}/history`)).status, 404);
      assert.equal((await app.as('service1').get(`/api/records/opportunity/${randomUUID()}/history`)).status, 403, 'service roles may not read opportunities');
    });

    it('the audit query is 403 without the audit function and 200 with it', async () => {
      for (const user of ['sales1', 'sales_mgr1', 'service_mgr', 'service1'] as DemoUser[]) {
        const r = await app.as(user).get(`/api/audit?entity=customer&record_id=${String(dept1Customer.id)}`);
        assert.equal(r.status, 403, user);
        assert.equal(r.body.data, undefined);
      }
      for (const user of ['admin', 'gm'] as DemoUser[]) assert.equal((await app.as(user).get('/api/audit?action=login')).status, 200, user);
      assert.equal((await app.as('sales1').post('/api/handover', { from: app.users.sales2.id, to: [app.users.sales1.id] })).status, 403);
      assert.equal((await app.sql(`select 1 from ${app.table('customer')} where owner = ?`, [app.users.sales2.id])).length > 0, true);
    });
  });

  describe('sign-in throttling (locks this tenant\'s loopback address; keep last)', () => {
    let clientIp: string;
    before(async () => {
      const [session] = await app.sql<{ ip: string }>(`select ip from ${app.table('crm_session')} order by created_at desc limit 1`);
      clientIp = session!.ip;
      // Trust proxy is off, so a client cannot pick its address with X-Forwarded-For: every request here is loopback.
      assert.match(clientIp, /127\.0\.0\.1$/);
    });

    it('20 wrong passwords for one account, however the name is written: 5 are checked, the rest 429 with Retry-After; then the right password is 429 too', async () => {
      await resetThrottle(app.engine.db.knex, app.engine.tenant, { ip: clientIp });
      const spellings = ['sales_director', 'SALES_DIRECTOR', ' sales_director ', 'Sales_Director', 'ｓａｌｅｓ＿ｄｉｒｅｃｔｏｒ'];
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await app.login(spellings[i % spellings.length]!, `wrong-${i}`, { 'x-forwarded-for': `203.0.113.${i}`, 'user-agent': `probe/${i}` });
        statuses.push(r.status);
        if (r.status === 429) assert.ok(Number(r.headers.get('retry-after')) > 0);
      }
      assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(15).fill(429)]);
      const right = await app.login('sales_director');
      assert.equal(right.status, 429);
      assert.ok(Number(right.headers.get('retry-after')) > 60);
      assert.equal(right.body.token, undefined);
      assert.equal(right.headers.get('set-cookie'), null);
      // The lock is the account's, not the address's: another account still signs in from here.
      assert.equal((await app.login('service_mgr')).status, 200);
    });

    it('a body with extra or malformed fields is 400 before any password check, whatever the password, and lifts no lock', async () => {
      const sessions = await count('crm_session');
      const bodies = (password: string) => [
        { username: 'sales_director', password, remember: true },
        { username: 'sales_director', password, otp: '123456' },
        { username: 'sales_director', password, username2: 'x' },
        { username: ['sales_director'], password },
        { username: 'sales_director', password: [password] },
        { username: 'sales_director'.padEnd(65, 'x'), password },
      ];
      for (const password of ['demo1234', 'wrong']) {
        for (const body of bodies(password)) {
          const r = await app.send('POST', '/api/auth/login', body);
          assert.equal(r.status, 400, JSON.stringify(body));
          assert.equal(r.body.token, undefined);
        }
      }
      // Right and wrong passwords get the same answers, so these requests are no guessing oracle.
      const answers = await Promise.all(['demo1234', 'wrong'].map(async (p) => (await app.send('POST', '/api/auth/login', bodies(p)[0])).body));
      assert.deepEqual(answers[0], answers[1]);
      assert.equal(await count('crm_session'), sessions);
      assert.equal((await app.login('sales_director')).status, 429, 'still locked');
    });

    it('20 failures from one address across different accounts lock the address, even with varying X-Forwarded-For and extra-field requests in between; then a right password for any account is 429', async () => {
      await resetThrottle(app.engine.db.knex, app.engine.tenant, { ip: clientIp });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await app.login(`nobody${i}`, 'wrong-password', { 'x-forwarded-for': `198.51.100.${i}` });
        statuses.push(r.status);
        const extra = await app.send('POST', '/api/auth/login', { username: `nobody${i}`, password: 'x', captcha: i });
        assert.equal(extra.status, 400);
      }
      assert.deepEqual(statuses, Array(20).fill(401));
      for (const user of ['gm', 'service1', 'sales3']) {
        const r = await app.login(user, undefined, { 'x-forwarded-for': '192.0.2.77' });
        assert.equal(r.status, 429, user);
        assert.ok(Number(r.headers.get('retry-after')) > 60);
      }
      assert.equal((await app.as('gm').get('/api/me')).status, 200, 'existing sessions are not affected');
    });
  });
});
