// A selection table (选型表, one row per option) imported as XLSX or CSV gives the same segments as the JSON template;
// a broken table is refused by row and column and changes nothing.
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { entity, modelOf } from '../helpers/model-builder.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { FLOW } from './mag8-template.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['选型段', '选型段名称', 'segment_label_en', '必选', '可多选', '前缀', '代码', '名称', '英文名称', '规格', '加价'];

function tableRows(): string[][] {
  return FLOW.segments.flatMap((s) =>
    s.options.map((o) => {
      const price = (o as { price?: { add?: unknown; percent?: unknown } }).price;
      const seg = s as { required?: boolean; multiple?: boolean; prefix?: string };
      return [s.code, s.labels['zh-CN'], s.labels.en, seg.required === false ? '否' : '', seg.multiple ? '是' : '', seg.prefix ?? '', o.code, o.labels['zh-CN'], o.labels.en, o.spec, price?.add !== undefined ? String(price.add) : price?.percent !== undefined ? `${String(price.percent)}%` : ''];
    }),
  );
}

/** FLOW's segments as a table states them: every price a decimal string. */
const expectedSegments = () =>
  JSON.parse(JSON.stringify(FLOW.segments), (key, value) => (key === 'add' || key === 'percent' ? String(value) : value)) as unknown;

describe('configurator/selection table import (XLSX and CSV)', function () {
  this.timeout(120_000);
  let s: TestServer;
  before(async () => {
    s = await startTestServer(modelOf([entity('widget')]), 'cfgtbl');
    const header = { ...FLOW, segments: [FLOW.segments[0]], rules: [] };
    assert.equal((await s.request('PUT', '/api/configurator/templates/MAG8', header)).status, 200);
  });
  after(() => s?.close());

  const upload = async (body: Buffer | string, type: string) => {
    const res = await fetch(`${s.url}/api/configurator/templates/MAG8/table`, { method: 'PUT', headers: { authorization: `Bearer ${s.token}`, 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
    return { status: res.status, body: await res.json() };
  };

  it('imports an XLSX table into the same segments as the JSON series, then configures like it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('选型表');
    sheet.addRow(HEADER);
    for (const row of tableRows()) sheet.addRow(row);
    const r = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), XLSX);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.segments, expectedSegments());
    const current = (await s.request('GET', '/api/configurator/templates/MAG8')).body;
    assert.deepEqual(current.segments, expectedSegments());
    assert.equal((await s.request('PUT', '/api/configurator/templates/MAG8', { ...current, rules: FLOW.rules })).status, 200);
    const c = await s.request('POST', '/api/configurator/configure', { template: 'MAG8', choices: { size: '050', liner: 'F', electrode: 'T', extras: ['G', 'P'] }, parameters: { temp: 120 }, quantity: 4 });
    assert.deepEqual([c.body.model_code, c.body.total], ['MAG8-050-FT/P/G', 35986]);
  });

  it('imports the same table as CSV (UTF-8 with BOM, codes such as 025 kept as text)', async () => {
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const csv = '\uFEFF' + [HEADER, ...tableRows()].map((r) => r.map(quote).join(',')).join('\r\n');
    const r = await upload(csv, 'text/csv; charset=utf-8');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.segments, expectedSegments());
  });

  it('refuses a broken table by row and column, and keeps the stored template', async () => {
    const before = (await s.request('GET', '/api/configurator/templates/MAG8')).body;
    const rows = tableRows();
    rows[1]![10] = 'cheap';
    rows[2]![6] = '';
    const r = await upload([HEADER, ...rows].map((x) => x.join(',')).join('\n'), 'text/csv');
    assert.equal(r.status, 422);
    assert.deepEqual(r.body.error.details.map((d: { path: string }) => d.path), ['/rows/3/price', '/rows/4/code']);
    // Dropping the electrode segment leaves rules naming it: refused by the template check.
    const short = tableRows().filter((x) => x[0] !== 'electrode');
    const refused = await upload([HEADER, ...short].map((x) => x.join(',')).join('\n'), 'text/csv');
    assert.equal(refused.status, 422);
    assert.ok(refused.body.error.details.some((d: { path: string }) => d.path.startsWith('/rules/')), JSON.stringify(refused.body));
    assert.deepEqual((await s.request('GET', '/api/configurator/templates/MAG8')).body, before);
  });
});
