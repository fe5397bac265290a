// Export (导出) through the public API as the demo users: exactly the rows of the exporter's scope, only the fields they
// may read, labels instead of codes and ids, safe against spreadsheet formulas, audited; refused cleanly otherwise.
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';
import type { Reply } from '../helpers/test-server.ts';

type Row = Record<string, unknown>;

describe('e2e/export: CSV export under the exporter\'s scope and field rights', function () {
  this.timeout(120_000);
  let app: DemoApp;
  before(async () => (app = await startDemoApp()));
  after(() => app?.close());

  const csv = (r: Reply): string[][] => {
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    // fetch's text() drops the BOM; the bytes are checked in the first test.
    return parse(r.body as string) as string[][];
  };
  const exports = async () => app.sql<Row>(`select actor_name, entity, changes from ${app.table('crm_audit')} where action = 'export' order by seq`);
  const labelsOf = (entity: string, locale: 'zh-CN' | 'en') =>
    new Map([...app.engine.model().entities.get(entity)!.fields.values()].map((f) => [f.name, f.labels[locale]]));

  it('gives the admin every customer with labels for codes, names for references and the header in Chinese', async () => {
    const file = await app.as('admin').get('/api/records/customer/export?sort=name');
    const [{ n }] = (await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('customer')}`)) as [{ n: number }];
    const [header, ...rows] = csv(file);
    const labels = labelsOf('customer', 'zh-CN');
    assert.ok(header!.includes(labels.get('name')!) && header!.includes(labels.get('grade')!) && header!.includes(labels.get('owner')!));
    assert.ok(!header!.includes(labels.get('id')!), 'ids only when asked for');
    assert.equal(rows.length, n);
    assert.equal(file.headers.get('x-total-count'), String(n));
    assert.match(decodeURIComponent(file.headers.get('content-disposition')!), /filename\*=UTF-8''客户-\d{8}\.csv/);
    const bytes = new Uint8Array(await (await fetch(`${app.url}/api/records/customer/export?fields=name`, { headers: { authorization: `Bearer ${app.tokens.admin}` } })).arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 BOM, so that Excel reads the Chinese right');

    const userName = app.engine.model().entities.get('app_user')!.displayField;
    const [first] = await app.sql<Row>(`select c.name, c.grade, u."${userName}" as owner_name from ${app.table('customer')} c join ${app.table('app_user')} u on u.id = c.owner order by c.name limit 1`);
    const col = (label: string) => header!.indexOf(labels.get(label)!);
    assert.equal(rows[0]![col('name')], first!.name);
    const grade = app.engine.model().entities.get('customer')!.fields.get('grade')!.options!.find((o) => o.code === first!.grade);
    assert.equal(rows[0]![col('grade')], grade ? grade.labels['zh-CN'] : '');
    assert.equal(rows[0]![col('owner')], first!.owner_name, 'the owner by name, not id');

    const audit = await exports();
    assert.equal(audit.length, 2);
    assert.equal(audit[0]!.actor_name, 'admin');
    assert.equal(audit[0]!.entity, 'customer');
    assert.equal((audit[0]!.changes as Row).rows, n);
  });

  it("gives a sales manager exactly the rows their list shows (department and below), and a filter narrows it", async () => {
    const listed = await app.as('sales_mgr1').get('/api/records/customer?count=exact&limit=1');
    const [, ...rows] = csv(await app.as('sales_mgr1').get('/api/records/customer/export'));
    assert.equal(rows.length, listed.body.count);
    const [all] = await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('customer')}`);
    assert.ok(rows.length < all!.n, 'another department\'s customers stay out');
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'grade' }, 'A'] }));
    const listedA = await app.as('sales_mgr1').get(`/api/records/customer?count=exact&limit=1&filter=${filter}`);
    const [, ...graded] = csv(await app.as('sales_mgr1').get(`/api/records/customer/export?filter=${filter}`));
    assert.equal(graded.length, listedA.body.count);
  });

  it('exports only the requested fields, in English with ?lang=en', async () => {
    const [header, ...rows] = csv(await app.as('gm').get('/api/records/contract/export?fields=contract_no,amount,customer&lang=en'));
    const labels = labelsOf('contract', 'en');
    assert.deepEqual(header, ['contract_no', 'amount', 'customer'].map((f) => labels.get(f)), 'in the order asked');
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r[1] !== '' && !Number.isNaN(Number(r[1]))), 'amounts are plain numbers');
  });

  it('writes a value that a spreadsheet would run as a formula as text', async () => {
    const created = await app.as('admin').post('/api/records/customer', { name: '=HYPERLINK("http://evil","点我")', status: 'prospect' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'id' }, created.body.id] }));
    const [header, row] = csv(await app.as('admin').get(`/api/records/customer/export?fields=name&filter=${filter}`));
    assert.equal(header!.length, 1);
    assert.equal(row![0], `'=HYPERLINK("http://evil","点我")`);
  });

  it('refuses without the export right, and bad parameters, naming them, with nothing logged', async () => {
    const before = (await exports()).length;
    const denied = await app.as('sales1').get('/api/records/customer/export');
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'FORBIDDEN');
    const cases: [string, string][] = [
      ['limit=5', 'limit'],
      ['format=pdf', 'format'],
      [`filter=${encodeURIComponent('{"==":[{"var":"nope"},1]}')}`, 'filter'],
      ['sort=name;drop', 'sort'],
      ['fields=credit_limit,nope', 'fields'],
    ];
    for (const [query, path] of cases) {
      const r = await app.as('admin').get(`/api/records/customer/export?${query}`);
      assert.equal(r.status, 400, `${query}: ${JSON.stringify(r.body)}`);
      assert.ok(r.body.error.details.some((d: { path: string }) => d.path.startsWith(path)), `${query} names ${path}: ${JSON.stringify(r.body)}`);
    }
    assert.equal((await exports()).length, before);
  });

  it('never exports a field hidden from the exporter, even with the export right granted', async () => {
    // The admin grants service_manager export on contracts, whose amount stays hidden from that role.
    const [role] = await app.sql<{ id: string; version: number; permissions: { entities: Record<string, Row> } }>(`select id, version, permissions from ${app.table('role')} where code = 'service_manager'`);
    const permissions = structuredClone(role!.permissions);
    permissions.entities.contract = { ...permissions.entities.contract, export: 'all' };
    const patched = await app.as('admin').patch(`/api/records/role/${role!.id}`, { version: role!.version, permissions });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const [header, ...rows] = csv(await app.as('service_mgr').get('/api/records/contract/export'));
    const labels = labelsOf('contract', 'zh-CN');
    assert.ok(header!.includes(labels.get('contract_no')!));
    assert.ok(!header!.includes(labels.get('amount')!), JSON.stringify(header));
    assert.ok(rows.length > 0);
    const asked = await app.as('service_mgr').get('/api/records/contract/export?fields=contract_no,amount');
    assert.equal(asked.status, 400, JSON.stringify(asked.body));
    assert.equal(asked.body.error.details[0].path, 'fields');
  });
});
