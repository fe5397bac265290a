// 导出 from the list: the button shows only with the export right; the file holds the rows of the list as filtered
// and the visible columns, headed in Chinese.
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, openMenu, signIn, signOut, suiteBrowser } from './support/web-app.ts';

describe('browser: export', function () {
  this.timeout(120_000);
  const app = suiteBrowser();

  it('is not offered to a user without the export right', async () => {
    const { page } = app;
    await signIn(page, app.url, 'sales1');
    await openMenu(page, '客户');
    const list = page.getByTestId('list-customer');
    await list.locator('.ant-table-row').first().waitFor();
    assert.equal(await list.getByTestId('list-export').count(), 0);
    await signOut(page);
  });

  it("downloads the sales manager's customers with the list's columns", async () => {
    const { page } = app;
    await signIn(page, app.url, 'sales_mgr1');
    await openMenu(page, '客户');
    const list = page.getByTestId('list-customer');
    await list.locator('.ant-table-row').first().waitFor();
    const headers = (await list.locator('thead th').allInnerTexts()).map((h) => h.trim()).filter(Boolean);
    // The button gives an Excel workbook; its menu a CSV file of the same rows.
    const [workbook] = await Promise.all([page.waitForEvent('download'), list.getByTestId('list-export').click()]);
    assert.match(workbook.suggestedFilename(), /^客户-\d{8}\.xlsx$/);
    const sheet = new ExcelJS.Workbook();
    await sheet.xlsx.readFile((await workbook.path())!);
    const header = sheet.worksheets[0]!.getRow(1).values as unknown[];
    await list.getByTestId('list-export-more').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('list-export-csv').click()]);
    assert.match(download.suggestedFilename(), /^客户-\d{8}\.csv$/);
    const rows = parse((await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '')) as string[][];
    const token = await apiLogin(app.url, 'sales_mgr1');
    const expected = await api(app.url, token, 'GET', '/api/records/customer?count=exact&limit=1');
    assert.equal(rows.length - 1, expected.count);
    assert.deepEqual(rows[0], headers.slice(0, rows[0]!.length), 'the columns of the list, in its order');
    assert.deepEqual(header.slice(1), rows[0], 'the workbook has the same columns');
    assert.equal(sheet.worksheets[0]!.rowCount, rows.length);
    await page.getByText(/已导出 客户-\d{8}\.csv/).waitFor();
    await screenshot(page, '24-list-export');
  });
});
