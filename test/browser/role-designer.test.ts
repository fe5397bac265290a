// 角色设计 and 组织架构 as an administrator uses them: narrowing the sales role's customer read scope to 本人 and taking
// 市场管理 off its menus takes effect for sales1 (already signed in) on the next page load; moving sales2 to another
// department in the org chart moves sales2's record scope with them.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, chooseOption, openMenu, signIn, suiteBrowser } from './support/web-app.ts';

const eq = (field: string, value: unknown) => encodeURIComponent(JSON.stringify({ '==': [{ var: field }, value] }));

describe('browser: role designer and org chart', function () {
  this.timeout(240_000);
  const b = suiteBrowser({ username: 'admin' });
  let other: BrowserSession | undefined;
  let admin = '';
  let original: unknown;
  let roleId = '';
  let moved: { id: string; dept: string } | undefined;
  after(async () => {
    await other?.close();
    // And sales2 back in their department: the sign-in suite's portal shows sales2's own department's records.
    if (moved) {
      const user = await api(b.url, admin, 'GET', `/api/records/app_user/${moved.id}`);
      await api(b.url, admin, 'PATCH', `/api/records/app_user/${moved.id}`, { dept: moved.dept, version: user.version });
    }
    // Leave the shared server's sales role as it was for the other suites.
    if (original) {
      const role = await api(b.url, admin, 'GET', `/api/records/role/${roleId}`);
      await api(b.url, admin, 'PATCH', `/api/records/role/${roleId}`, { permissions: original, version: role.version });
    }
  });

  const countOf = async (entity: string, filter: string) => (await api(b.url, admin, 'GET', `/api/records/${entity}?limit=1&count=exact&filter=${filter}`)).count as number;
  const userId = async (username: string) => (await api(b.url, admin, 'GET', `/api/records/app_user?filter=${eq('username', username)}`)).data[0].id as string;

  it('narrowing the sales role to 本人 and without 市场管理 in the matrix takes effect for sales1 at once', async () => {
    const { page, url } = b;
    admin = await apiLogin(url, 'admin');
    const role = (await api(url, admin, 'GET', `/api/records/role?filter=${eq('code', 'sales')}`)).data[0];
    roleId = role.id;
    original = role.permissions;
    const sales1 = await userId('sales1');
    const dept = (await api(url, admin, 'GET', `/api/records/app_user/${sales1}`)).dept as string;
    const inDepartment = await countOf('customer', eq('department', dept));
    const own = await countOf('customer', eq('owner', sales1));
    assert.ok(own > 0 && own < inDepartment, `sales1 owns ${own} of the department's ${inDepartment} customers`);

    other = await launchBrowser();
    const salesPage = other.page;
    await signIn(salesPage, url, 'sales1');
    await salesPage.goto(`${url}/#/list/customer`);
    await salesPage.getByTestId('list-customer').getByTestId('list-total').filter({ hasText: new RegExp(`^共 ${inDepartment} 条$`) }).waitFor();
    await salesPage.locator('.side-menu').getByText('市场管理').waitFor();

    await openMenu(page, '角色设计');
    const designer = page.getByTestId('role-designer-page');
    await designer.getByText('销售', { exact: true }).first().click();
    const readCell = designer.getByTestId('scope-customer-read');
    await readCell.locator('.ant-select-content, .ant-select-selection-item').first().filter({ hasText: '本部门' }).waitFor();
    await chooseOption(page, readCell, '本人');
    await designer.getByRole('tab', { name: '界面' }).click();
    await designer.getByTestId('role-menu-tree').getByText('市场管理', { exact: true }).waitFor();
    await designer.getByTestId('role-menu-tree').locator('.ant-tree-treenode', { hasText: '市场管理' }).first().locator('.ant-tree-checkbox').click();
    await screenshot(page, '60-role-designer-menus');
    await designer.getByRole('tab', { name: '数据权限' }).click();
    await screenshot(page, '61-role-designer-matrix');
    await designer.getByTestId('role-save').click();
    await page.getByText('的权限已保存').waitFor();

    // sales1's next request: only their own customers, and no 市场管理.
    await salesPage.reload();
    await salesPage.getByTestId('list-customer').getByTestId('list-total').filter({ hasText: new RegExp(`^共 ${own} 条$`) }).waitFor();
    await salesPage.locator('.side-menu').getByText('客户管理').waitFor();
    assert.equal(await salesPage.locator('.side-menu').getByText('市场管理').count(), 0);
    await screenshot(salesPage, '62-sales1-after-narrowing');

    // The designer's preview shows the same, as sales1.
    await designer.getByRole('tab', { name: '以此角色预览' }).click();
    const preview = designer.getByTestId('role-preview');
    await chooseOption(page, preview.locator('.ant-select').first(), '陈晓明');
    await preview.getByText(`(共 ${own} 条)`).waitFor();
    assert.equal(await preview.getByTestId('role-preview-menu').getByText('市场管理').count(), 0);
    await designer.getByRole('tab', { name: '持有人' }).click();
    await designer.getByTestId('role-holders').getByText('陈晓明(sales1)', { exact: false }).waitFor();
    await designer.getByRole('tab', { name: '以此角色预览' }).click();
    await screenshot(page, '63-role-preview');
  });

  it('moving sales2 to 销售二部 in the org chart moves their record scope with them', async () => {
    const { page, url } = b;
    // Back to the role as shipped (department scope), so the department is what decides.
    const role = await api(url, admin, 'GET', `/api/records/role/${roleId}`);
    await api(url, admin, 'PATCH', `/api/records/role/${roleId}`, { permissions: original, version: role.version });
    const departments = (await api(url, admin, 'GET', '/api/records/department?limit=100')).data as { id: string; name: string }[];
    const second = departments.find((d) => d.name === '销售二部')!.id;
    const secondCount = await countOf('customer', eq('department', second));
    const sales2 = await api(url, admin, 'GET', `/api/records/app_user/${await userId('sales2')}`);
    moved = { id: sales2.id, dept: sales2.dept };

    await page.reload();
    await openMenu(page, '组织架构');
    const org = page.getByTestId('org-chart-page');
    await org.getByTestId('department-tree').getByText('销售一部', { exact: true }).click();
    const row = org.locator('.ant-table-row', { hasText: 'sales2' });
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    const dialog = page.getByTestId('user-dialog');
    await chooseOption(page, dialog.locator('.ant-form-item', { hasText: '部门' }).locator('.ant-select'), '销售二部');
    await screenshot(page, '64-org-chart-move-user');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await org.locator('.ant-table-row', { hasText: 'sales2' }).waitFor({ state: 'detached' });
    await org.getByTestId('department-tree').getByText('销售二部', { exact: true }).click();
    await org.locator('.ant-table-row', { hasText: 'sales2' }).waitFor();
    await screenshot(page, '65-org-chart');

    const salesPage = other!.page;
    await salesPage.getByTestId('user-menu').click();
    await salesPage.getByRole('menuitem', { name: '退出登录' }).click();
    await signIn(salesPage, url, 'sales2');
    await salesPage.goto(`${url}/#/list/customer`);
    await salesPage.getByTestId('list-customer').getByTestId('list-total').filter({ hasText: new RegExp(`^共 ${secondCount} 条$`) }).waitFor();
    await screenshot(salesPage, '66-sales2-after-move');
  });
});
