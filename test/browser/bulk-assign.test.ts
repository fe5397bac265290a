// 分配负责人 on selected list rows: one all-or-nothing request; the list shows the new owner afterwards.
import assert from 'node:assert/strict';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, chooseOption, openMenu, suiteBrowser } from './support/web-app.ts';

describe('browser: bulk assign', function () {
  this.timeout(120_000);
  const app = suiteBrowser({ username: 'sales_mgr1' });
  let token: string;

  before(async function () {
    this.timeout(300_000);
    token = await apiLogin(app.url, 'sales_mgr1');
  });

  it('gives the selected customers a new owner in one step', async () => {
    const { page } = app;
    const users = await api(app.url, token, 'GET', '/api/records/app_user?fields=username,display_name&limit=100');
    const byName = (u: string) => users.data.find((x: { username: string }) => x.username === u);
    const [sales1, sales2] = [byName('sales1'), byName('sales2')];
    assert.ok(sales1 && sales2);
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'owner' }, sales1.id] }));
    const owned = (await api(app.url, token, 'GET', `/api/records/customer?filter=${filter}&fields=name`)).data as { id: string; name: string }[];
    assert.ok(owned.length >= 2, 'precondition: sales1 owns two customers');

    await openMenu(page, '客户');
    const list = page.getByTestId('list-customer');
    for (const c of owned.slice(0, 2)) await list.locator('.ant-table-row', { hasText: c.name }).locator('.ant-checkbox-input').check();
    await list.getByRole('button', { name: '分配负责人' }).click();
    const dialog = page.locator('.ant-modal:visible');
    await chooseOption(page, dialog.locator('.ant-select'), sales2.display_name);
    await screenshot(page, '28-bulk-assign');
    await dialog.getByRole('button', { name: '分配负责人' }).click();
    await dialog.waitFor({ state: 'hidden' });
    for (const c of owned.slice(0, 2)) await list.locator('.ant-table-row', { hasText: c.name }).filter({ hasText: sales2.display_name }).waitFor();

    for (const c of owned.slice(0, 2)) assert.equal((await api(app.url, token, 'GET', `/api/records/customer/${c.id}`)).owner, sales2.id);
    await api(app.url, token, 'POST', '/api/records/customer/bulk', { operations: owned.slice(0, 2).map((c) => ({ op: 'assign', id: c.id, owner: sales1.id })) });
  });
});
