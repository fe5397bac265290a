// 系统管理 › 导出设置 and 备份 › 下载: the administrator sees the export approval threshold and the two periods,
// a period the server refuses is shown at its field and nothing is saved, a good change is saved; and a backup in
// the list downloads through its 下载 link as the very file. The settings are put back for the shared server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, openMenu, suiteBrowser } from './support/web-app.ts';

describe('browser: export settings (导出设置) and downloading a backup', function () {
  this.timeout(120_000);
  const app = suiteBrowser({ username: 'admin' });
  let before: Record<string, unknown> | undefined;
  after(async () => {
    if (app.url && before) await api(app.url, await apiLogin(app.url, 'admin'), 'PUT', '/api/export-requests/settings', before);
  });

  it('shows the settings, refuses a bad period at its field and saves a good change', async () => {
    const { page } = app;
    const token = await apiLogin(app.url, 'admin');
    before = await api(app.url, token, 'GET', '/api/export-requests/settings');
    await openMenu(page, '导出设置');
    const screen = page.getByTestId('export-settings-page');
    await screen.getByText('审批阈值', { exact: true }).waitFor();
    await screen.locator('[data-testid="export-settings-save"]:enabled').waitFor();
    assert.equal(await screen.getByTestId('export-threshold').inputValue(), String(before!.threshold));
    assert.equal(await screen.getByTestId('export-download-days').inputValue(), String(before!.download_days));

    await screen.getByTestId('export-pending-days').fill('400');
    await screen.getByTestId('export-settings-save').click();
    await screen.locator('.ant-form-item', { hasText: '审批期限' }).getByText('审批期限须为 1 到 365 的整数（天）').waitFor();
    await screenshot(page, '99-export-settings-refused');
    assert.deepEqual(await api(app.url, token, 'GET', '/api/export-requests/settings'), before, 'nothing saved');

    await screen.getByTestId('export-threshold').fill('8000');
    await screen.getByTestId('export-download-days').fill('10');
    await screen.getByTestId('export-pending-days').fill('20');
    await screen.getByTestId('export-settings-save').click();
    await page.getByText('导出设置已保存').waitFor();
    await screenshot(page, '99-export-settings');
    assert.deepEqual(await api(app.url, token, 'GET', '/api/export-requests/settings'), { threshold: 8000, download_days: 10, pending_days: 20 });
  });

  it('downloads a backup from the 备份 list', async () => {
    const { page } = app;
    const taken = await api(app.url, await apiLogin(app.url, 'admin'), 'POST', '/api/admin/backups');
    const { folder } = await api(app.url, await apiLogin(app.url, 'admin'), 'GET', '/api/admin/backups');
    await openMenu(page, '备份');
    const link = page.getByTestId(`backup-download-${taken.name}`);
    await link.waitFor();
    await screenshot(page, '99-backups-download');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), taken.name);
    const saved = readFileSync(String(await download.path()));
    assert.ok(saved.equals(readFileSync(`${folder}/${taken.name}`)), 'the very backup file');
  });
});
