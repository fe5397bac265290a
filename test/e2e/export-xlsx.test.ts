// XLSX export (导出 Excel) through the public API, read back with exceljs as a spreadsheet would: typed cells, the
// header row frozen, columns sized, formula-leading text kept as text, and the same rights as the CSV export.
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.ts';

type Row = Record<string, unknown>;

describe('e2e/export: XLSX export with typed cells', function () {
  this.timeout(120_000);
  let app: DemoApp;
  before(async () => (app = await startDemoApp()));
  after(() => app?.close());

  const workbook = async (user: 'admin' | 'gm', query: string): Promise<{ res: Response; sheet: ExcelJS.Worksheet }> => {
    const res = await fetch(`${app.url}/api/records/${query}`, { headers: { authorization: `Bearer ${app.tokens[user]}` } });
    assert.equal(res.status, 200, await res.clone().text());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    return { res, sheet: book.worksheets[0]! };
  };

  it('writes numbers as numbers, dates as dates, names for references, a frozen header and sized columns', async () => {
    const fields = 'contract_no,customer,amount,sign_date,warranty_months,created_at';
    const { res, sheet } = await workbook('gm', `contract/export?format=xlsx&sort=contract_no&fields=${fields}`);
    assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(decodeURIComponent(res.headers.get('content-disposition')!), /filename\*=UTF-8''\S+-\d{8}\.xlsx/);
    const labels = app.engine.model().entities.get('contract')!.fields;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), fields.split(',').map((f) => labels.get(f)!.labels['zh-CN']));
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
    assert.ok(sheet.columns.every((c) => (c.width ?? 0) >= 4), 'every column has a width');

    const userName = app.engine.model().entities.get('customer')!.displayField;
    const rows = await app.sql<Row>(
      `select c.contract_no, k."${userName}" as customer_name, c.amount, c.sign_date, c.warranty_months, c.created_at
         from ${app.table('contract')} c left join ${app.table('customer')} k on k.id = c.customer order by c.contract_no`,
    );
    assert.equal(sheet.rowCount - 1, rows.length);
    assert.equal(res.headers.get('x-total-count'), String(rows.length));
    const first = rows[0]!;
    const cells = sheet.getRow(2);
    assert.equal(cells.getCell(1).value, first.contract_no);
    assert.equal(cells.getCell(2).value, first.customer_name, 'the customer by name');
    assert.equal(cells.getCell(3).type, ExcelJS.ValueType.Number);
    assert.equal(cells.getCell(3).value, first.amount);
    assert.equal(cells.getCell(3).numFmt, '#,##0.00');
    if (first.sign_date) {
      assert.ok(cells.getCell(4).value instanceof Date, 'a date cell');
      assert.equal((cells.getCell(4).value as Date).toISOString().slice(0, 10), first.sign_date);
      assert.equal(cells.getCell(4).numFmt, 'yyyy-mm-dd');
    }
    if (first.warranty_months !== null) assert.equal(cells.getCell(5).type, ExcelJS.ValueType.Number);
    const created = cells.getCell(6).value as Date;
    assert.ok(created instanceof Date, 'a date-time cell');
    // The tenant's wall-clock time (Asia/Shanghai, UTC+8), as the CSV export prints it.
    assert.equal(created.getTime() - Math.floor(new Date(first.created_at as string).getTime() / 1000) * 1000, 8 * 3600_000);
  });

  it('keeps text a spreadsheet would run as a formula as text, as the CSV export does', async () => {
    const created = await app.as('admin').post('/api/records/customer', { name: '=1+2 有限公司', status: 'prospect' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'id' }, created.body.id] }));
    const { sheet } = await workbook('admin', `customer/export?format=xlsx&fields=name&filter=${filter}`);
    const cell = sheet.getRow(2).getCell(1);
    assert.equal(cell.type, ExcelJS.ValueType.String);
    assert.equal(cell.value, "'=1+2 有限公司");
  });

  it('is refused without the export right, like the CSV export, and audited with its format', async () => {
    const denied = await app.as('sales1').get('/api/records/customer/export?format=xlsx');
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'FORBIDDEN');
    const [last] = await app.sql<{ changes: Row }>(`select changes from ${app.table('crm_audit')} where action = 'export' order by seq desc limit 1`);
    assert.equal(last!.changes.format, 'xlsx');
  });
});
