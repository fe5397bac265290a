// Saved reports through the public API as the demo users: metadata reports checked when the model is assembled (file +
// pointer), listed in the request's language, run by code with parameters, a user's report shared with roles run
// under each viewer's own scope, and exports (CSV / XLSX) typed, neutralised, refused without the export right, audited.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { ErrorDetail } from '../../engine/core/index.ts';
import { assembleModel } from '../../engine/plugins/index.ts';
import { ROOT, startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;

describe('saved reports: metadata files checked with file and pointer', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'crm-reports-'));
    cpSync(join(ROOT, 'metadata'), join(root, 'metadata'), { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const problemsOf = (files: Record<string, unknown>): ErrorDetail[] => {
    for (const [name, doc] of Object.entries(files)) writeFileSync(join(root, 'metadata/reports', name), JSON.stringify(doc));
    try {
      assembleModel(root, []);
      return [];
    } catch (e) {
      return (e as { details: ErrorDetail[] }).details;
    } finally {
      for (const name of Object.keys(files)) rmSync(join(root, 'metadata/reports', name));
    }
  };
  const labels = { 'zh-CN': '测试', en: 'Test' };

  it('names the file and the JSON pointer of a malformed document and of a code that is not its file name', () => {
    const problems = problemsOf({
      'misnamed.json': { code: 'other_name', labels, definition: { entity: 'opportunity', measures: [{ op: 'count', as: 'n' }] } },
      'bad_shape.json': { code: 'bad_shape', labels, definition: { entity: 'opportunity', measures: [] }, chart: { type: 'radar' } },
    });
    const at = (file: string) => problems.filter((p) => p.file === `metadata/reports/${file}.json`).map((p) => p.pointer).sort();
    assert.deepEqual(at('misnamed'), ['/code']);
    assert.deepEqual(at('bad_shape'), ['/chart/type', '/definition/measures']);
  });

  it('names the file and the JSON pointer of an unknown field, an unknown entity, a sum of text and a bad chart key', () => {
    const problems = problemsOf({
      'bad_field.json': { code: 'bad_field', labels, definition: { entity: 'opportunity', group_by: [{ field: 'customer.no_such' }], measures: [{ op: 'sum', field: 'name', as: 'n' }] } },
      'bad_entity.json': { code: 'bad_entity', labels, definition: { entity: 'no_such_entity', measures: [{ op: 'count', as: 'n' }] } },
      'bad_chart.json': { code: 'bad_chart', labels, definition: { entity: 'opportunity', group_by: [{ field: 'stage' }], measures: [{ op: 'count', as: 'n' }] }, chart: { type: 'bar', category: 'owner', values: ['m'] } },
    });
    const at = (file: string) => problems.filter((p) => p.file === `metadata/reports/${file}.json`).map((p) => p.pointer).sort();
    assert.deepEqual(at('bad_field'), ['/definition/group_by/0/field', '/definition/measures/0/op']);
    assert.deepEqual(at('bad_entity'), ['/definition/entity']);
    assert.deepEqual(at('bad_chart'), ['/chart/category', '/chart/values/0']);
    assert.match(problems.find((p) => p.pointer === '/definition/group_by/0/field')!.message, /customer\.no_such/);
  });

  it('refuses a second report drawing the same chart on one role\'s dashboard (the portal would show it twice)', () => {
    const funnel = { labels, definition: { entity: 'opportunity', filter: { '!': { in: [{ var: 'stage' }, ['lost', 'abandoned']] } }, group_by: [{ field: 'stage' }], measures: [{ op: 'count', as: 'm' }] }, chart: { type: 'funnel', category: 'stage' } };
    const problems = problemsOf({ 'zz_funnel_again.json': { code: 'zz_funnel_again', ...funnel, dashboard: { roles: ['gm', 'sales_manager'] } } });
    assert.deepEqual(problems.map((p) => [p.file, p.pointer]), [['metadata/reports/zz_funnel_again.json', '/dashboard/roles']]);
    assert.match(problems[0]!.message, /report "sales_funnel"/);
    assert.deepEqual(problemsOf({ 'zz_funnel_elsewhere.json': { code: 'zz_funnel_elsewhere', ...funnel, dashboard: { roles: ['service_manager'] } } }), [], 'another role may have it');
  });

  it('loads the shipped reports', () => {
    assert.deepEqual(problemsOf({}), []);
    assert.ok(assembleModel(root, []).model.reports.has('opportunity_by_stage'));
  });
});

describe('saved reports over HTTP: list, run by code, share, export', function () {
  this.timeout(240_000);
  let app: DemoApp;
  before(async () => (app = await startDemoApp()));
  after(() => app?.close());

  const create = async (user: DemoUser, doc: Row) => {
    const r = await app.as(user).post('/api/reports', doc);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as Row;
  };
  const download = async (user: DemoUser, path: string, body: unknown) => {
    const r = await fetch(`${app.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${app.tokens[user]}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
  };
  const count = async (user: DemoUser, filter?: unknown) => (await app.as(user).get(`/api/records/opportunity?count=exact&limit=1${filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`)).body.count as number;

  it('lists the metadata reports with labels in the request language, and the portal ones by role', async () => {
    const zh = await app.as('sales_director').get('/api/reports');
    assert.equal(zh.status, 200, JSON.stringify(zh.body));
    const funnel = zh.body.data.find((r: Row) => r.code === 'opportunity_by_stage');
    assert.equal(funnel.label, '销售漏斗(按阶段)');
    assert.equal(funnel.source, 'metadata');
    assert.equal((await app.as('sales_director').get('/api/reports?lang=en')).body.data.find((r: Row) => r.code === 'opportunity_by_stage').label, 'Sales funnel by stage');
    const board = (await app.as('sales_director').get('/api/reports?dashboard=true')).body.data as Row[];
    assert.ok(board.some((r) => r.code === 'sales_funnel'));
    assert.equal(board.filter((r) => (r.chart as Row | undefined)?.type === 'funnel').length, 1, 'one funnel on the sales director\'s portal');
    assert.equal(new Set(board.map((r) => r.code)).size, board.length, 'each widget once');
    assert.ok(!(await app.as('sales1').get('/api/reports?dashboard=true')).body.data.some((r: Row) => r.code === 'sales_funnel'), 'not on a salesman\'s portal');
    assert.equal((await app.as('sales1').get('/api/reports?dashboard=maybe')).status, 400);
    assert.equal((await app.as('sales1').get('/api/reports?x=1')).status, 400);
  });

  it('runs a metadata report by code as the viewer, equal to the same definition run ad hoc', async () => {
    const got = await app.as('sales_director').get('/api/reports/opportunity_by_stage');
    assert.equal(got.status, 200);
    const byCode = await app.as('sales_director').post('/api/reports/opportunity_by_stage/run', {});
    const adHoc = await app.as('sales_director').post('/api/reports/run', got.body.definition);
    assert.equal(byCode.status, 200, JSON.stringify(byCode.body));
    assert.deepEqual(byCode.body, adHoc.body);
    const open = { '!': { in: [{ var: 'stage' }, ['lost', 'abandoned']] } };
    assert.equal(byCode.body.totals.opportunities, await count('sales_director', open));
    assert.equal((await app.as('sales1').post('/api/reports/no_such_report/run', {})).status, 404);
    assert.equal((await app.as('sales1').post('/api/reports/opportunity_by_stage/run', { values: {} })).status, 400);
  });

  it('checks parameters against the definition: missing, mistyped and unknown ones are 422 naming /parameters/<name>', async () => {
    const report = await create('sales_mgr1', {
      labels: { 'zh-CN': '按立项日期的商机' },
      definition: {
        entity: 'opportunity',
        parameters: [{ name: 'from', type: 'date', required: true }],
        filter: { '>=': [{ var: 'open_date' }, { var: '$param.from' }] },
        group_by: [{ field: 'stage' }],
        measures: [{ op: 'count', as: 'n' }],
      },
    });
    const run = (parameters: unknown) => app.as('sales_mgr1').post(`/api/reports/${String(report.code)}/run`, { parameters });
    const missing = await run({});
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body.error.details.map((d: Row) => d.path), ['/parameters/from']);
    assert.equal((await run({ from: 'yesterday' })).body.error.details[0].path, '/parameters/from');
    assert.equal((await run({ from: '2000-01-01', to: '2030-01-01' })).body.error.details[0].path, '/parameters/to');
    const ok = await run({ from: '2000-01-01' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.totals.n, await count('sales_mgr1', { '>=': [{ var: 'open_date' }, '2000-01-01'] }));
  });

  it('refuses a report its author could not run, naming the path in the document', async () => {
    const bad = await app.as('sales1').post('/api/reports', { labels: { 'zh-CN': '坏报表' }, definition: { entity: 'opportunity', group_by: [{ field: 'no_such' }], measures: [{ op: 'count', as: 'n' }] } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details[0].path, '/definition/group_by/0/field');
    const hidden = await app.as('service1').post('/api/reports', { labels: { 'zh-CN': '合同金额' }, definition: { entity: 'contract', measures: [{ op: 'sum', field: 'amount', as: 'total' }] } });
    assert.equal(hidden.status, 403);
    assert.equal(hidden.body.error.details[0].path, '/definition/measures/0/field');
    const taken = await app.as('sales1').post('/api/reports', { code: 'opportunity_by_stage', labels: { 'zh-CN': '重名' }, definition: { entity: 'opportunity', measures: [{ op: 'count', as: 'n' }] } });
    assert.equal(taken.status, 409);
  });

  it('shows a report shared with roles to their holders only, each running it under their own scope', async () => {
    const report = await create('sales_mgr1', {
      code: 'shared_pipeline',
      labels: { 'zh-CN': '共享商机统计', en: 'Shared pipeline' },
      definition: { entity: 'opportunity', group_by: [{ field: 'stage' }], measures: [{ op: 'count', as: 'n' }] },
      chart: { type: 'bar', category: 'stage' },
      shared_roles: ['sales', 'gm'],
    });
    assert.equal(report.editable, true);
    const sees = async (user: DemoUser) => (await app.as(user).get('/api/reports')).body.data.some((r: Row) => r.code === 'shared_pipeline');
    assert.equal(await sees('sales1'), true);
    assert.equal(await sees('gm'), true);
    assert.equal(await sees('service1'), false, 'not shared with the service role');
    assert.equal((await app.as('service1').get('/api/reports/shared_pipeline')).status, 404);
    const sales1 = await app.as('sales1').post('/api/reports/shared_pipeline/run', {});
    const gm = await app.as('gm').post('/api/reports/shared_pipeline/run', {});
    assert.equal(sales1.body.totals.n, await count('sales1'));
    assert.equal(gm.body.totals.n, await count('gm'));
    assert.ok(sales1.body.totals.n < gm.body.totals.n, 'each under their own scope, never the author\'s');
    const mine = (await app.as('sales1').get('/api/reports/shared_pipeline')).body;
    assert.equal(mine.editable, false);
    assert.equal((await app.send('PUT', '/api/reports/shared_pipeline', { labels: { 'zh-CN': '改名' }, definition: mine.definition }, { as: 'sales1' })).status, 403);
    assert.equal((await app.as('sales1').delete('/api/reports/shared_pipeline')).status, 403);
    const renamed = await app.send('PUT', '/api/reports/shared_pipeline', { labels: { 'zh-CN': '改名后' }, definition: mine.definition, shared_departments: [app.users.service1.dept] }, { as: 'sales_mgr1' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.label, '改名后');
    assert.equal(await sees('sales1'), false, 'no longer shared with the role');
    assert.equal(await sees('service1'), false, 'service1 may not read opportunities at all');
    assert.equal((await app.as('sales_mgr1').delete('/api/reports/shared_pipeline')).status, 204);
    assert.equal((await app.as('sales_mgr1').get('/api/reports/shared_pipeline')).status, 404);
  });

  it('exports CSV with a BOM and XLSX with typed cells, dates as dates and a frozen header, under the export right, audited', async () => {
    const definition = { entity: 'opportunity', group_by: [{ field: 'open_date', bucket: 'month' }, { field: 'stage' }], measures: [{ op: 'count', as: 'n' }, { op: 'sum', field: 'amount', as: 'amount' }], sort: [{ key: 'open_date' }] };
    const run = (await app.as('sales_director').post('/api/reports/run', definition)).body;
    const csv = await download('sales_director', '/api/reports/export?format=csv', definition);
    assert.equal(csv.status, 200, csv.bytes.toString());
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = parse(csv.bytes.toString('utf8').slice(1)) as string[][];
    assert.deepEqual(lines[0], run.columns.map((c: Row) => c.label));
    assert.equal(lines.length, run.rows.length + 2, 'header, rows, totals');
    assert.equal(lines.at(-1)![0], '合计');
    const stages = run.columns[1].options as { code: string; label: string }[];
    assert.equal(lines[1]![1], stages.find((o) => o.code === run.rows[0].stage)!.label, 'option labels, not codes');

    const xlsx = await download('sales_director', '/api/reports/export?format=xlsx', definition);
    assert.equal(xlsx.status, 200);
    assert.match(xlsx.headers.get('content-type')!, /spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    assert.equal(sheet.views[0]!.state, 'frozen');
    assert.ok(sheet.getRow(2).getCell(1).value instanceof Date, 'a month as a date');
    assert.equal((sheet.getRow(2).getCell(1).value as Date).toISOString().slice(0, 10), run.rows[0].open_date);
    assert.equal(typeof sheet.getRow(2).getCell(3).value, 'number');
    assert.equal(sheet.getRow(sheet.rowCount).getCell(3).value, run.totals.n);
    assert.ok((sheet.getColumn(2).width ?? 0) >= 8);

    const audit = await app.sql<Row>(`select actor_id, entity, changes from ${app.table('crm_audit')} where action = 'export' order by seq desc limit 2`);
    assert.deepEqual(audit.map((a) => [a.actor_id, a.entity, (a.changes as Row).format]), [[app.users.sales_director.id, 'opportunity', 'xlsx'], [app.users.sales_director.id, 'opportunity', 'csv']]);

    const saved = await download('sales_director', '/api/reports/opportunity_by_stage/export?format=xlsx', {});
    assert.equal(saved.status, 200);
    assert.match(decodeURIComponent(saved.headers.get('content-disposition')!), /销售漏斗/);
    const refused = await download('sales1', '/api/reports/opportunity_by_stage/export?format=csv', {});
    assert.equal(refused.status, 403, 'the sales role reads opportunities but may not export them');
    assert.equal((await download('sales_director', '/api/reports/opportunity_by_stage/export?format=pdf', {})).status, 400);
  });

  it('neutralises cells that would start a formula', async () => {
    const created = await app.as('admin').post('/api/records/customer', { name: '=HYPERLINK("x")测试', status: 'active' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const csv = await download('admin', '/api/reports/export?format=csv', { entity: 'customer', filter: { '==': [{ var: 'id' }, created.body.id] }, group_by: [{ field: 'name' }], measures: [{ op: 'count', as: 'n' }] });
    const lines = parse(csv.bytes.toString('utf8').slice(1)) as string[][];
    assert.equal(lines[1]![0], '\'=HYPERLINK("x")测试');
    await app.as('admin').delete(`/api/records/customer/${String(created.body.id)}`);
  });
});
