// A quote's owned lines in the editable grid (formula column computed by the server, totals row), and the
// version-conflict dialog when someone else saved first.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, chooseOption, crmServer, signIn } from './support/web-app.ts';

describe('browser: quote lines and version conflicts', function () {
  this.timeout(120_000);
  let url: string;
  let b: BrowserSession;
  let token: string;
  let quote: { id: string; quote_no: string; version: number; lines: unknown[] };

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    token = await apiLogin(url, 'sales2');
    // A draft quote of our own with two lines (sent quotes are locked by their status rules).
    const customer = (await api(url, token, 'GET', '/api/records/customer?limit=1&sort=name')).data[0];
    const products = (await api(url, token, 'GET', '/api/records/product?limit=2&sort=name')).data;
    quote = await api(url, token, 'POST', '/api/records/quote?expand=lines', {
      subject: '浏览器测试报价',
      customer: customer.id,
      quote_date: '2026-11-20',
      lines: products.map((p: { id: string }, i: number) => ({ line_no: i + 1, product: p.id, quantity: i + 2, unit_price: 128000 + i * 50000, discount: 5 })),
    });
    b = await launchBrowser();
    await signIn(b.page, url, 'sales2');
  });
  after(async () => b?.close());

  const record = () => b.page.getByTestId('record-quote').filter({ visible: true });

  it('shows the lines with their computed amounts and a totals row, and adds a line', async () => {
    const { page } = b;
    await page.goto(`${url}/#/record/quote/${quote.id}`);
    await record().getByTestId('record-title').filter({ hasText: quote.quote_no }).waitFor();
    const grid = record().getByTestId('lines-lines');
    await grid.locator('.ant-table-row').nth(quote.lines.length - 1).waitFor();
    await grid.locator('.lines-total').filter({ hasText: '合计' }).filter({ hasText: '¥' }).waitFor();
    await record().locator('.lines-field').scrollIntoViewIfNeeded();
    await screenshot(page, '08-quote-lines');

    await grid.getByRole('button', { name: '添加明细' }).click();
    const row = grid.locator('.ant-table-row').nth(quote.lines.length);
    await chooseOption(page, row.locator('.ant-select').first(), '数控');
    await row.locator('.money-input input').fill('10000');
    // The new line's amount is the server's to compute.
    await row.getByText('保存后计算').waitFor();
    await record().getByTestId('record-save').click();
    await page.getByText('已保存').first().waitFor();
    await grid.locator('.ant-table-row').nth(quote.lines.length).getByText('¥10,000.00').waitFor();
    assert.equal(await grid.getByText('保存后计算').count(), 0);
  });

  it('explains a version conflict and keeps my change on request', async () => {
    const { page } = b;
    const current = await api(url, token, 'GET', `/api/records/quote/${quote.id}`);
    // I start typing (on the form layout's 条款 tab); meanwhile someone else saves the same quote.
    await record().getByRole('tab', { name: '条款', exact: true }).click();
    await record().getByLabel('交货期及方式').fill('合同签订后 60 天发货');
    await api(url, token, 'PATCH', `/api/records/quote/${quote.id}`, { version: current.version, warranty_terms: '整机质保 12 个月' });
    await record().getByTestId('record-save').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '记录已被他人修改' });
    await dialog.waitFor();
    await screenshot(page, '09-version-conflict');
    await dialog.getByTestId('conflict-keep-mine').click();
    await dialog.waitFor({ state: 'hidden' });
    // The dialog closes as the save is sent (no fade with reduced motion): read the quote once the save is in.
    let saved = await api(url, token, 'GET', `/api/records/quote/${quote.id}`);
    for (let i = 0; i < 40 && saved.version === current.version + 1; i++) {
      await page.waitForTimeout(100);
      saved = await api(url, token, 'GET', `/api/records/quote/${quote.id}`);
    }
    assert.equal(saved.delivery_terms, '合同签订后 60 天发货');
    assert.equal(saved.warranty_terms, '整机质保 12 个月', 'only my changed field was written over');
  });
});
