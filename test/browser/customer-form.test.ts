// Creating a customer through the generated form: the server's validation error lands on its field, then the
// corrected record saves; an existing customer shows its related records and change history.
import assert from 'node:assert/strict';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, openMenu, suiteBrowser } from './support/web-app.ts';

describe('browser: customer form and detail', function () {
  this.timeout(120_000);
  const app = suiteBrowser({ username: 'sales2' });

  it('shows the server validation error on the field, then creates the customer', async () => {
    const { page } = app;
    await openMenu(page, '客户');
    const list = page.getByTestId('list-customer');
    await list.locator('.ant-table-row').first().waitFor();
    await screenshot(page, '03-customer-list');
    await list.getByTestId('list-new').click();

    const form = page.getByTestId('record-customer').filter({ visible: true });
    const name = form.getByLabel('客户名称');
    await name.fill('苏州精工测试机械有限公司');
    const email = form.getByLabel('电子邮箱');
    await email.fill('not-an-email');
    await form.getByTestId('record-save').click();
    // The message is the server's, in Chinese, under the e-mail field.
    const emailItem = form.locator('.ant-form-item').filter({ has: page.locator('input[id$="_email"]') });
    await emailItem.locator('.ant-form-item-explain-error').filter({ hasText: '格式不正确' }).waitFor();
    await screenshot(page, '04-customer-form-errors');

    await email.fill('sales@jinggong-test.cn');
    await form.getByTestId('record-save').click();
    await page.getByTestId('record-title').filter({ hasText: '苏州精工测试机械有限公司' }).waitFor();
    await page.locator('.ant-tabs-tab-active').filter({ hasText: '苏州精工测试机械有限公司' }).waitFor();
    assert.equal(await emailItem.locator('.ant-form-item-explain-error').count(), 0);
    // Saved records show their computed number.
    await page.locator('.record-key-fields').filter({ hasText: /KH-\d+/ }).first().waitFor();
  });

  it('warns while a new customer is typed under the name of an existing one (查重), and opens it', async () => {
    const { page } = app;
    await openMenu(page, '客户');
    await page.getByTestId('list-customer').getByTestId('list-new').click();
    const form = page.getByTestId('record-customer').filter({ visible: true });
    // Full-width brackets and spaces: the same company as 杭州恒驰汽车零部件有限公司.
    await form.getByLabel('客户名称').fill('杭州恒驰 汽车零部件（有限公司）');
    const notice = form.getByTestId('duplicate-notice');
    await notice.getByText('可能重复:已有客户名称相同的客户').waitFor();
    await screenshot(page, '04b-customer-duplicate-warning');
    await notice.getByTestId('duplicate-match').filter({ hasText: '杭州恒驰汽车零部件有限公司' }).click();
    await page.getByTestId('record-title').filter({ hasText: '杭州恒驰汽车零部件有限公司' }).filter({ visible: true }).waitFor();
  });

  it('shows a customer with related records and change history', async () => {
    const { page } = app;
    const token = await apiLogin(app.url, 'sales2');
    const found = await api(app.url, token, 'GET', `/api/records/customer?filter=${encodeURIComponent(JSON.stringify({ contains: [{ var: 'name' }, '恒驰'] }))}`);
    const customer = found.data[0];
    // A change so the history has a before → after to show.
    await api(app.url, token, 'PATCH', `/api/records/customer/${customer.id}`, { version: customer.version, city: '杭州市', phone: '0571-88886666' });
    await page.goto(`${app.url}/#/record/customer/${customer.id}`);
    const record = page.getByTestId('record-customer').filter({ visible: true });
    await record.getByTestId('record-title').filter({ hasText: customer.name }).waitFor();

    await record.getByRole('tab', { name: '相关记录' }).click();
    for (const entity of ['contact', 'opportunity', 'quote']) await record.getByTestId(`related-${entity}-customer`).locator('.ant-table-row').first().waitFor();
    await screenshot(page, '05-customer-related');

    await record.getByRole('tab', { name: '变更历史' }).click();
    const history = record.getByTestId('history');
    await history.getByText('总机电话').waitFor();
    await history.getByText('修改了记录').first().waitFor();
    await screenshot(page, '06-customer-history');
  });
});
