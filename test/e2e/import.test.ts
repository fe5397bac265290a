// Import (导入) through the public API as the demo users: headers in Chinese, values as people type them, duplicates
// found after normalisation (also against existing customers), all-or-nothing or valid rows only, GBK files, the
// importer's own rights, audited.
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

describe('e2e/import: spreadsheets into records through the record service', function () {
  this.timeout(180_000);
  let app: DemoApp;
  before(async () => (app = await startDemoApp()));
  after(() => app?.close());

  const upload = async (user: DemoUser, entity: string, fileName: string, bytes: Buffer | string, query = '') => {
    const res = await fetch(`${app.url}/api/records/${entity}/import?file_name=${encodeURIComponent(fileName)}${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.tokens[user]}`, 'content-type': fileName.endsWith('.csv') ? 'text/csv' : 'application/octet-stream' },
      body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const customersNamed = async (pattern: string) =>
    app.sql<{ name: string; owner: string; grade: string | null; annual_revenue: string | null }>(`select name, owner, grade, annual_revenue from ${app.table('customer')} where name like ? order by name`, [pattern]);

  it('imports a CSV with Chinese headers, option labels, money with ¥ and a reference by name, as the importer', async () => {
    const [existing] = await app.sql<{ name: string }>(`select name from ${app.table('customer')} order by name limit 1`);
    const status = app.engine.model().entities.get('customer')!.fields.get('status')!.options![0]!.labels['zh-CN'];
    const csv = `客户名称,客户状态,客户等级,年营业额,上级单位,员工人数\n导入测试一号机床厂,${status},,"¥1,200,000.50",${existing!.name},120\n导入测试二号机床厂,,,,,约一百\n`;
    const r = await upload('sales1', 'customer', '客户.csv', csv);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.read, 2);
    // The second row's head count is not a number: --mode valid (the default) lands the first only.
    assert.equal(r.body.created, 1, JSON.stringify(r.body));
    assert.equal(r.body.rejected, 1);
    assert.deepEqual(r.body.errors.map((e: { row: number; column?: string }) => [e.row, e.column]), [[3, '员工人数']]);
    const [one] = await customersNamed('导入测试一号%');
    assert.equal(one!.owner, app.users.sales1.id, 'the importer owns what they import');
    assert.equal(Number(one!.annual_revenue), 1200000.5);
    const audit = await app.sql<{ changes: { file: { name: string; sha256: string }; created: string[] } }>(`select changes from ${app.table('crm_audit')} where action = 'import' order by seq desc limit 1`);
    assert.equal(audit[0]!.changes.file.name, '客户.csv');
    assert.equal(audit[0]!.changes.created.length, 1);
  });

  it('finds duplicates after normalisation, in the file and against existing records, and skips or updates them', async () => {
    const status = app.engine.model().entities.get('customer')!.fields.get('status')!.options![0]!.labels['zh-CN'];
    const csv = `客户名称,客户状态,城市\n导入测试一号机床厂有限公司 ,${status},苏州\n（导入测试三号）,${status},无锡\n导入测试三号,${status},常州\n`;
    const skipped = await upload('sales1', 'customer', 'dup.csv', csv, '&key=name');
    assert.equal(skipped.status, 200, JSON.stringify(skipped.body));
    assert.deepEqual([skipped.body.created, skipped.body.skipped], [1, 2]);
    assert.equal((await customersNamed('%导入测试三号%')).length, 1);
    const updated = await upload('sales1', 'customer', 'dup2.csv', `客户名称,客户状态,城市\n导入测试一号机床厂有限公司,${status},苏州\n`, '&key=name&on_duplicate=update');
    assert.equal(updated.body.updated, 1, JSON.stringify(updated.body));
    const [city] = await app.sql<{ city: string }>(`select city from ${app.table('customer')} where name = '导入测试一号机床厂'`);
    assert.equal(city!.city, '苏州');
  });

  it('lands nothing in --mode all when one row is wrong, and nothing at all on a dry run', async () => {
    const status = app.engine.model().entities.get('customer')!.fields.get('status')!.options![0]!.labels['zh-CN'];
    const before = (await customersNamed('导入全有全无%')).length;
    const bad = await upload('admin', 'customer', 'all.csv', `客户名称,客户状态,员工人数\n导入全有全无甲,${status},10\n导入全有全无乙,${status},很多\n`, '&mode=all');
    assert.equal(bad.status, 200);
    assert.deepEqual([bad.body.created, bad.body.rejected], [0, 1]);
    assert.equal(bad.body.errors[0].message, '“很多”不是数字', "in the importer's language");
    const dry = await upload('admin', 'customer', 'dry.csv', `客户名称,客户状态\n导入全有全无丙,${status}\n`, '&dry_run=true');
    assert.deepEqual([dry.body.created, dry.body.dryRun], [1, true]);
    assert.equal((await customersNamed('导入全有全无%')).length, before);
  });

  it('reads GBK CSV and XLSX with dates and numbers as cells', async () => {
    const status = app.engine.model().entities.get('customer')!.fields.get('status')!.options![0]!.labels['zh-CN'];
    const gbk = await upload('admin', 'customer', 'gbk.csv', iconv.encode(`客户名称,客户状态\n导入编码测试,${status}\n`, 'gbk'));
    assert.equal(gbk.body.created, 1, JSON.stringify(gbk.body));
    assert.equal((await customersNamed('导入编码测试')).length, 1);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['客户名称', '客户状态', '员工人数']);
    sheet.addRow(['导入表格测试', status, 300]);
    const xlsx = await upload('admin', 'customer', 'customers.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    assert.equal(xlsx.body.created, 1, JSON.stringify(xlsx.body));
  });

  it('refuses users without the import right, system columns, unknown keys and missing file names, changing nothing', async () => {
    assert.equal((await upload('service1', 'customer', 'x.csv', '客户名称\n甲\n')).status, 403);
    const owner = await upload('admin', 'customer', 'x.csv', '客户名称,owner\n甲\n', `&mapping=${encodeURIComponent(JSON.stringify({ columns: { owner: 'owner' } }))}`);
    assert.equal(owner.status, 400);
    assert.match(JSON.stringify(owner.body.error.details), /set by the system/);
    assert.equal((await upload('admin', 'customer', 'x.csv', '客户名称\n甲\n', '&key=nope')).status, 400);
    assert.equal((await upload('admin', 'customer', 'x.txtx', '客户名称\n甲\n')).status, 400);
    assert.equal((await upload('admin', 'customer', 'x.csv', '客户名称\n甲\n', '&mode=some')).status, 400);
  });

  it('previews a file without writing: header, row count, first rows, the field each column fills and what the user may fill', async () => {
    const csv = '客户名称,credit_limit,备注说明,城市\n预览一号,100,随便,苏州\n预览二号,,,\n';
    const res = await fetch(`${app.url}/api/records/customer/import/preview?file_name=p.csv`, { method: 'POST', headers: { authorization: `Bearer ${app.tokens.sales1}`, 'content-type': 'text/csv' }, body: csv });
    const body = (await res.json()) as any;
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(body.header, ['客户名称', 'credit_limit', '备注说明', '城市']);
    assert.equal(body.total, 2);
    assert.deepEqual(body.sample[0], ['预览一号', '100', '随便', '苏州']);
    // credit_limit is read-only for sales: not suggested, not offered; an unknown header stays unmapped.
    assert.deepEqual(body.columns.map((c: { field: string | null }) => c.field), ['name', null, null, 'city']);
    assert.ok(!body.fields.some((f: { name: string }) => f.name === 'credit_limit' || f.name === 'owner'));
    assert.equal((await customersNamed('预览%')).length, 0);
    const refused = await fetch(`${app.url}/api/records/customer/import/preview?file_name=p.csv`, { method: 'POST', headers: { authorization: `Bearer ${app.tokens.service1}` }, body: csv });
    assert.equal(refused.status, 403);
  });

  it('streams progress lines for a progress bar, then the summary with the rejected rows as a file', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `进度测试${i},${i === 7 ? '很多' : 10}`).join('\n');
    const res = await fetch(`${app.url}/api/records/customer/import?file_name=${encodeURIComponent('进度.csv')}&error_file=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.tokens.sales1}`, accept: 'application/x-ndjson', 'content-type': 'text/csv' },
      body: `客户名称,员工人数\n${rows}\n`,
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    const progress = lines.filter((l) => l.progress).map((l) => l.progress.done);
    assert.ok(progress.length >= 10 && progress.every((d: number, i: number) => i === 0 || d > progress[i - 1]), JSON.stringify(progress));
    const { result } = lines.at(-1);
    assert.deepEqual([result.created, result.rejected], [29, 1]);
    assert.equal(result.error_file.name, '进度-错误行.csv');
    const errors = Buffer.from(result.error_file.content_base64, 'base64').toString('utf8');
    assert.match(errors, /进度测试7,很多/);
    assert.match(errors, /第9行/);
    // A refusal after the stream began still reaches the client, as the last line.
    const refused = await fetch(`${app.url}/api/records/customer/import?file_name=x.csv`, { method: 'POST', headers: { authorization: `Bearer ${app.tokens.sales1}`, accept: 'application/x-ndjson' }, body: '无关列\n甲\n' });
    const last = JSON.parse((await refused.text()).trim().split('\n').at(-1)!);
    assert.equal(last.status, 400);
    assert.match(last.error.message, /columns cannot be mapped/);
  });
});
