// Signing in and out, the menu a role sees, and the personal portal.
import assert from 'node:assert/strict';
import { screenshot } from './support/browser.ts';
import { signIn, signOut, suiteBrowser } from './support/web-app.ts';

describe('browser: sign-in and portal', function () {
  this.timeout(120_000);
  const app = suiteBrowser();

  it('refuses a wrong password with a message in Chinese', async () => {
    const { page } = app;
    await page.goto(app.url);
    await page.getByLabel('用户名').waitFor();
    // A demo installation lists its sign-ins (the server says which mode it runs in).
    const demo = page.getByTestId('demo-sign-ins');
    await demo.getByText('sales_mgr1').waitFor();
    await demo.getByText('demo1234').waitFor();
    await screenshot(page, '01-sign-in');
    await page.getByLabel('用户名').fill('sales2');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('用户名或密码不正确').waitFor();
  });

  it('switches the language to English and back, and remembers it', async () => {
    const { page } = app;
    await page.getByText('EN', { exact: true }).click();
    await page.getByText('Customer relationship management for equipment manufacturers').waitFor();
    await page.reload();
    await page.getByLabel('Username').waitFor();
    await page.getByText('中文', { exact: true }).click();
    await page.getByLabel('用户名').waitFor();
  });

  it('signs in to the personal portal with the menu from metadata', async () => {
    const { page } = app;
    await signIn(page, app.url, 'sales2');
    await page.getByText('刘芳,您好').waitFor();
    await page.getByTestId('portal-opportunities').locator('.ant-table-row').first().waitFor();
    const menu = page.locator('.side-menu');
    for (const label of ['个人门户', '客户管理', '客户', '报价单', '服务请求']) await menu.getByText(label, { exact: true }).first().waitFor();
    assert.equal(await menu.getByText('系统管理').count(), 0, 'sales users do not see the system menu');
    await screenshot(page, '02-portal');
  });

  it('finds a customer with the global search and opens it in a tab', async () => {
    const { page } = app;
    await page.locator('.global-search-input input').fill('恒驰');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '杭州恒驰汽车零部件有限公司' }).click();
    await page.locator('.document-tabs .ant-tabs-tab-active', { hasText: '杭州恒驰汽车零部件有限公司' }).waitFor();
    await page.getByTestId('record-customer').filter({ visible: true }).getByTestId('record-title').filter({ hasText: '杭州恒驰汽车零部件有限公司' }).waitFor();
    await signOut(page);
  });
});
