// The generated list: a filter built in the UI (json-logic on the server), sorting by a header, the exact total,
// and keyset paging with "load more".
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, chooseOption, crmServer, openMenu, signIn } from './support/web-app.ts';

const ROWS = 60;
const label = (i: number) => `分页测试 ${String(i).padStart(2, '0')}`;

describe('browser: list view', function () {
  this.timeout(120_000);
  let url: string;
  let b: BrowserSession;

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    const token = await apiLogin(url, 'sales3');
    const customer = (await api(url, token, 'GET', '/api/records/customer?limit=1')).data[0].id;
    const operations = Array.from({ length: ROWS }, (_, i) => ({
      op: 'create',
      data: { subject: label(i + 1), activity_type: 'phone', activity_time: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), notes: '列表测试数据', customer },
    }));
    await api(url, token, 'POST', '/api/records/activity/bulk', { operations });
    b = await launchBrowser();
    await signIn(b.page, url, 'sales3');
  });
  after(async () => b?.close());

  it('filters, sorts on the server and loads further pages with the cursor', async () => {
    const { page } = b;
    await openMenu(page, '跟进记录');
    const list = page.getByTestId('list-activity');
    await list.locator('.ant-table-row').first().waitFor();

    // Filter: 主题 contains "分页测试" (the first field and operator the builder offers).
    await list.getByTestId('filter-toggle').click();
    const builder = list.getByTestId('filter-builder');
    await builder.getByRole('button', { name: '添加条件' }).click();
    await chooseOption(page, builder.locator('.filter-field').first(), '主题');
    await builder.locator('.filter-value input').first().fill('分页测试');
    await builder.getByTestId('filter-apply').click();
    await list.getByTestId('list-total').filter({ hasText: `共 ${ROWS} 条` }).waitFor();

    // Sort by subject, ascending then descending.
    const header = list.locator('th', { hasText: '主题' });
    const firstCell = list.locator('.ant-table-row').first().locator('.display-link');
    await header.click();
    await firstCell.filter({ hasText: label(1) }).waitFor();
    await header.click();
    await firstCell.filter({ hasText: label(ROWS) }).waitFor();

    // 50 rows a page: load more brings the rest, in the same order.
    assert.equal(await list.locator('.ant-table-row').count(), 50);
    await list.getByTestId('list-load-more').click();
    await list.getByTestId('list-loaded').filter({ hasText: `已加载 ${ROWS} 条` }).waitFor();
    assert.equal(await list.locator('.ant-table-row').count(), ROWS);
    assert.equal((await list.locator('.ant-table-row').last().locator('.display-link').innerText()).trim(), label(1));
    await list.getByText('已全部加载').waitFor();
    await page.locator('.document-tabs > .ant-tabs-body-holder').evaluate((el) => el.scrollTo(0, 0));
    await screenshot(page, '07-list-filter-sort');
  });
});
