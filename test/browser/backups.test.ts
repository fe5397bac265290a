// 系统管理 › 备份: the administrator takes a backup now and sees it listed with its size, turns on a weekly schedule
// and sees when it next runs, and a folder the server cannot use is refused at the field. The schedule goes off again.
import assert from 'node:assert/strict';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, openMenu, suiteBrowser } from './support/web-app.ts';

describe('browser: backups (备份)', function () {
  this.timeout(120_000);
  const app = suiteBrowser({ username: 'admin' });
  // Shared server: the schedule is put back off.
  after(async () => {
    if (app.url) await api(app.url, await apiLogin(app.url, 'admin'), 'PUT', '/api/admin/backups/settings', { enabled: false });
  });

  it('backs up now, schedules weekly backups and refuses a folder that is a file', async () => {
    const { page } = app;
    await openMenu(page, '备份');
    const screen = page.getByTestId('backups-page');
    await screen.getByText('定时备份未开启').waitFor();
    await screen.getByText('还没有备份,点击「立即备份」生成第一份').waitFor();

    await screen.getByTestId('backup-now').click();
    const row = screen.getByTestId('backup-files').locator('tbody tr', { hasText: '手动' });
    await row.waitFor();
    assert.match(await row.innerText(), /crm-\w+-\d{8}-\d{6}\.tar\.gz[\s\S]*\d+(\.\d)? (KB|MB)/);

    await screen.getByTestId('backup-enabled').click();
    await screen.getByTestId('backup-frequency').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '每周' }).first().click();
    await screen.getByTestId('backup-weekday').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '星期三' }).first().click();
    await screen.getByTestId('backup-time').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('02:30');
    await page.keyboard.press('Enter');
    await screen.getByTestId('backup-keep-count').fill('5');
    await screen.getByTestId('backup-save').click();
    await page.getByText('备份计划已保存').waitFor();
    const next = screen.getByTestId('backup-status').getByText(/^下次备份:/);
    await next.waitFor();
    assert.match(await next.innerText(), /\d{4}-\d{2}-\d{2} 02:30/);
    const saved = await api(app.url, await apiLogin(app.url, 'admin'), 'GET', '/api/admin/backups/settings');
    assert.deepEqual([saved.enabled, saved.frequency, saved.weekday, saved.time, saved.keep_count], [true, 'weekly', 3, '02:30', 5]);
    await screenshot(page, '97-backups');

    await screen.getByTestId('backup-folder').fill('/etc/hostname/backups');
    await screen.getByTestId('backup-save').click();
    await screen.locator('.ant-form-item', { hasText: '备份文件夹' }).getByText('/etc/hostname 是一个文件，不是文件夹').waitFor();
    await screenshot(page, '98-backups-folder-refused');
    const after = await api(app.url, await apiLogin(app.url, 'admin'), 'GET', '/api/admin/backups/settings');
    assert.equal(after.folder, null, 'the refused folder was not saved');
  });
});
