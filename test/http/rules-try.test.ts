// The designers' "try it" routes on the demo company: a rule evaluated on a record with the engine's own evaluator
// (the same answer a save gives), bad rules refused at their JSON pointers, records outside the caller's read scope
// not found; and the template editor's dry run configuring an unsaved template document.
import assert from 'node:assert/strict';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';
import { FLOW } from '../configurator/mag8-template.ts';

describe('http: trying rules on a record and templates before saving', function () {
  this.timeout(120_000);
  let app: DemoApp;
  let customer: { id: string; credit_limit: number | null; department: string };
  let otherDepartmentCustomer: string;
  before(async () => {
    app = await startDemoApp();
    customer = (await app.sql<typeof customer>(`select id, credit_limit::float8 as credit_limit, department from ${app.table('customer')} where credit_limit is not null order by credit_limit desc limit 1`))[0]!;
    otherDepartmentCustomer = String((await app.sql<{ id: string }>(`select id from ${app.table('customer')} where department is distinct from ? limit 1`, [app.users.sales1.dept]))[0]!.id);
    // sales1 gets the metadata function (a rule designer) but keeps the sales role's department read scope.
    const designer = await app.as('admin').post('/api/records/role', { code: 'rule_designer', name: '规则设计', permissions: { functions: ['metadata'] } });
    assert.equal(designer.status, 201, JSON.stringify(designer.body));
    const sales = (await app.sql<{ id: string }>(`select id from ${app.table('role')} where code = 'sales'`))[0]!.id;
    const patched = await app.as('admin').patch(`/api/records/app_user/${app.users.sales1.id}`, { roles: [sales, designer.body.id] });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
  });
  after(() => app?.close());

  const tryRule = (body: unknown, user: 'admin' | 'sales1' | 'gm' = 'admin') => app.as(user).post('/api/admin/rules/try', body);

  it('answers whether a condition holds on a stored record, as the engine evaluates it', async () => {
    const above = await tryRule({ entity: 'customer', kind: 'condition', logic: { '>=': [{ var: 'credit_limit' }, customer.credit_limit] }, record_id: customer.id });
    assert.equal(above.status, 200, JSON.stringify(above.body));
    assert.deepEqual(above.body, { kind: 'condition', result: true });
    const below = await tryRule({ entity: 'customer', kind: 'condition', logic: { '>': [{ var: 'credit_limit' }, customer.credit_limit] }, record_id: customer.id });
    assert.deepEqual(below.body, { kind: 'condition', result: false });
  });

  it('shows the message a failing validation rule would show, and none when it passes; typed values lie over the record', async () => {
    const rule = { entity: 'customer', kind: 'validation', logic: { '<=': [{ var: 'credit_limit' }, 1000] }, message: { 'zh-CN': '信用额度不得超过 1000', en: 'At most 1000' }, record_id: customer.id };
    const failing = await tryRule(rule);
    assert.deepEqual(failing.body, { kind: 'validation', result: false, message: '信用额度不得超过 1000' });
    const passing = await tryRule({ ...rule, values: { credit_limit: 500 } });
    assert.deepEqual(passing.body, { kind: 'validation', result: true });
  });

  it('computes a formula on typed values, recomputing the formulas a save would', async () => {
    const amount = await tryRule({ entity: 'quote_line', kind: 'formula', logic: { '*': [{ var: 'amount' }, 2] }, values: { quantity: 3, unit_price: 100, discount: 10 } });
    assert.equal(amount.status, 200, JSON.stringify(amount.body));
    assert.deepEqual(amount.body, { kind: 'formula', result: 540 });
  });

  it('refuses a rule naming an unknown field or operator at its JSON pointer, and malformed requests at theirs', async () => {
    const unknownField = await tryRule({ entity: 'customer', kind: 'condition', logic: { and: [{ '==': [{ var: 'grade' }, 'A'] }, { '==': [{ var: 'nope' }, 1] }] } });
    assert.equal(unknownField.status, 422);
    assert.equal(unknownField.body.error.details[0].path, '/logic/and/1/==/0/var');
    const unknownOperator = await tryRule({ entity: 'customer', kind: 'condition', logic: { like: [{ var: 'name' }, 'a'] } });
    assert.equal(unknownOperator.status, 422);
    assert.equal(unknownOperator.body.error.details[0].path, '/logic/like');
    assert.match(unknownOperator.body.error.details[0].message, /like/);
    const bad = await tryRule({ entity: 'nope', kind: 'guess', record_id: 'x', values: { a: 1 }, extra: true });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path).sort(), ['/entity', '/extra', '/kind', '/logic', '/record_id']);
    const badValue = await tryRule({ entity: 'customer', kind: 'condition', logic: true, values: { nope: 1 } });
    assert.deepEqual(badValue.body.error.details.map((d: { path: string }) => d.path), ['/values/nope']);
    assert.equal((await app.as('admin').post('/api/admin/rules/try?x=1', { entity: 'customer', kind: 'condition', logic: true })).status, 400);
  });

  it('does not find a record outside the caller\'s read scope, and refuses callers without the metadata function', async () => {
    const own = String((await app.sql<{ id: string }>(`select id from ${app.table('customer')} where department = ? limit 1`, [app.users.sales1.dept]))[0]!.id);
    const mine = await tryRule({ entity: 'customer', kind: 'condition', logic: { '!': { missing: ['name'] } }, record_id: own }, 'sales1');
    assert.deepEqual(mine.body, { kind: 'condition', result: true });
    const outside = await tryRule({ entity: 'customer', kind: 'condition', logic: true, record_id: otherDepartmentCustomer }, 'sales1');
    assert.equal(outside.status, 404, JSON.stringify(outside.body));
    assert.equal((await tryRule({ entity: 'customer', kind: 'condition', logic: true }, 'gm')).status, 403);
  });

  it('configures an unsaved template document, refuses a forbidden combination naming its rule, and stores nothing', async () => {
    const before = await app.sql(`select count(*)::int as n from ${app.table('configurator_template')}`);
    const ok = await app.as('admin').post('/api/configurator/try', { document: FLOW, choices: { size: '050', liner: 'F', electrode: 'T', extras: ['G', 'P'] }, parameters: { temp: 120, medium: 'acid' }, quantity: 4 });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.model_code, 'MAG8-050-FT/P/G');
    assert.equal(ok.body.total, 35986);
    const refused = await app.as('admin').post('/api/configurator/try', { document: FLOW, choices: { size: '025', liner: 'R', electrode: 'T' }, parameters: { temp: 100 } });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.body.error.details.map((d: { rule: string }) => d.rule).sort(), ['rubber_hot', 'tantalum_big']);
    // An edited rule takes effect at once, though nothing was saved: the dry run never serves a cached template.
    const edited = { ...FLOW, rules: FLOW.rules.filter((r) => r.code !== 'rubber_hot') };
    const now = await app.as('admin').post('/api/configurator/try', { document: edited, choices: { size: '050', liner: 'R', electrode: 'S' }, parameters: { temp: 100 } });
    assert.equal(now.status, 200, JSON.stringify(now.body));
    const broken = await app.as('admin').post('/api/configurator/try', { document: { ...FLOW, rules: [{ ...FLOW.rules[0], when: { '==': [{ var: 'colour' }, 'R'] } }] }, choices: {} });
    assert.equal(broken.status, 422);
    assert.ok(broken.body.error.details.some((d: { path: string }) => d.path.startsWith('/document/rules/0/when')), JSON.stringify(broken.body));
    assert.equal((await app.as('admin').post('/api/configurator/try', { choices: {} })).body.error.details[0].path, '/document');
    assert.equal((await app.as('sales2').post('/api/configurator/try', { document: FLOW, choices: {} })).status, 403);
    assert.deepEqual(await app.sql(`select count(*)::int as n from ${app.table('configurator_template')}`), before);
  });
});
