// 用户管理 and 系统日志: an admin creates sales4 with an initial password; sales4 signs in, is made to change it, and
// signs in again with the new one; the audit log filtered to sales4's record shows the change as before / after.
import assert from 'node:assert/strict';
import { screenshot } from './support/browser.ts';
import { chooseOption, openMenu, signIn, signOut, suiteBrowser } from './support/web-app.ts';

const INITIAL = 'Chushi-Mima-2026';
const CHOSEN = 'Xin-De-Mima-8899';

describe('browser: users and the audit log', function () {
  this.timeout(240_000);
  const b = suiteBrowser({ username: 'admin' });

  it('an admin creates sales4 with an initial password; sales4 must change it at sign-in and signs in again with the new one', async () => {
    const { page } = b;
    await openMenu(page, '用户管理');
    const users = page.getByTestId('users-page');
    await users.getByText('sales1', { exact: true }).waitFor();
    await screenshot(page, '30-users');

    await page.getByTestId('users-create').click();
    const dialog = page.getByTestId('user-dialog');
    await page.getByTestId('user-username').fill('sales4');
    await page.getByTestId('user-display-name').fill('孙小四');
    // A weak password is refused by the server at the password field.
    await page.getByTestId('user-password').fill('abc');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('密码至少需要 10 个字符').waitFor();
    await screenshot(page, '31-user-create-weak-password');
    await page.getByTestId('user-password').fill(INITIAL);
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await users.getByText('孙小四').waitFor();
    await signOut(page);

    await page.getByLabel('用户名').fill('sales4');
    await page.getByLabel('密码').fill(INITIAL);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    const forced = page.getByTestId('forced-password-change');
    await forced.getByText('请修改初始密码').waitFor();
    assert.equal(await page.getByTestId('user-menu').count(), 0, 'nothing but the password change is shown');
    await page.getByTestId('password-current').fill(INITIAL);
    await page.getByTestId('password-new').fill(CHOSEN);
    await page.getByTestId('password-again').fill(CHOSEN);
    await screenshot(page, '32-forced-password-change');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('user-menu').waitFor();
    await signOut(page);

    await page.getByLabel('用户名').fill('sales4');
    await page.getByLabel('密码').fill(CHOSEN);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('user-menu').waitFor();
    assert.equal(await page.getByTestId('forced-password-change').count(), 0);
    // 更改密码 from the user menu.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-change-password').click();
    await page.getByTestId('change-password-form').waitFor();
    await screenshot(page, '33-change-password');
    await page.keyboard.press('Escape');
    await signOut(page);
  });

  it('the audit log filtered to sales4\'s record shows its changes as before / after', async () => {
    const { page, url } = b;
    await signIn(page, url, 'admin');
    // Give sales4 a mobile number, so the record has an update to show.
    await openMenu(page, '用户管理');
    const users = page.getByTestId('users-page');
    const row = users.locator('.ant-table-row', { hasText: 'sales4' });
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    await page.getByTestId('user-display-name').fill('孙四');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await users.getByText('孙四', { exact: true }).waitFor();

    const token = await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo1234' }) })).json() as { token: string };
    const found = await (await fetch(`${url}/api/records/app_user?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'username' }, 'sales4'] }))}`, { headers: { authorization: `Bearer ${token.token}` } })).json() as { data: { id: string }[] };
    const id = found.data[0]!.id;

    await openMenu(page, '系统日志');
    const audit = page.getByTestId('audit-page');
    await audit.locator('.ant-table-row').first().waitFor();
    await page.getByTestId('audit-record').fill(id);
    await chooseOption(page, page.getByTestId('audit-action'), '修改');
    await page.getByTestId('audit-search').click();
    const entry = audit.locator('.ant-table-row', { hasText: '修改' }).first();
    await entry.waitFor();
    await entry.locator('.ant-table-row-expand-icon').click();
    const diff = audit.getByTestId('audit-diff').first();
    await diff.getByText('孙小四').waitFor();
    await diff.getByText('孙四', { exact: true }).waitFor();
    await screenshot(page, '34-audit-record-diff');
  });
});
