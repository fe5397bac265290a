// 导出审批 in the browser: an export above the threshold says it needs approval and files a request; once the manager
// approves it (through the API), the requester downloads the file from 导出申请.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, openMenu, signIn, signOut, suiteBrowser } from './support/web-app.ts';

describe('browser: export approval', function () {
  this.timeout(120_000);
  const app = suiteBrowser();
  let adminToken: string;
  let initial: number;
  let scoped: number;

  before(async () => {
    adminToken = await apiLogin(app.url, 'admin');
    initial = (await api(app.url, adminToken, 'GET', '/api/export-requests/settings')).threshold;
    scoped = (await api(app.url, await apiLogin(app.url, 'sales_mgr1'), 'GET', '/api/records/customer?count=exact&limit=1')).count;
    await api(app.url, adminToken, 'PUT', '/api/export-requests/settings', { threshold: scoped - 1 });
  });
  // Other suites share the server: the threshold goes back to what it was.
  after(async () => {
    if (adminToken) await api(app.url, adminToken, 'PUT', '/api/export-requests/settings', { threshold: initial });
  });

  it('files an export request above the threshold, and the requester downloads it from 导出申请 once approved', async () => {
    const { page } = app;
    await signIn(page, app.url, 'sales_mgr1');
    await openMenu(page, '客户');
    const list = page.getByTestId('list-customer');
    await list.locator('.ant-table-row').first().waitFor();
    await list.getByTestId('list-export-more').click();
    await page.getByTestId('list-export-csv').click();
    const notice = page.getByTestId('export-approval-needed');
    await notice.waitFor();
    assert.equal(await notice.innerText(), `导出 ${scoped.toLocaleString('en-US')} 行超过 ${(scoped - 1).toLocaleString('en-US')} 行,需审批:已提交导出申请,批准后在「导出申请」中下载`);
    await screenshot(page, '74-export-approval-needed');

    const requester = await apiLogin(app.url, 'sales_mgr1');
    const [request] = (await api(app.url, requester, 'GET', '/api/export-requests')).data as { id: string; status: string }[];
    assert.equal(request!.status, 'in_approval');
    await page.locator('.side-menu').getByText('导出申请', { exact: true }).click();
    const pageBody = page.getByTestId('export-requests-page');
    await pageBody.getByTestId(`export-request-status-${request!.id}`).getByText('审批中').waitFor();
    assert.equal(await pageBody.getByTestId(`export-request-download-${request!.id}`).count(), 0, 'no 下载 before approval');

    const manager = await apiLogin(app.url, 'sales_director');
    const inbox = (await api(app.url, manager, 'GET', '/api/inbox')).data as { record_id: string }[];
    assert.ok(inbox.some((t) => t.record_id === request!.id), 'the request waits in the manager\'s approval inbox');
    await api(app.url, manager, 'POST', `/api/records/export_request/${request!.id}/actions/approve`, { comment: '同意' });

    await page.getByRole('button', { name: /刷\s*新/ }).click();
    const button = pageBody.getByTestId(`export-request-download-${request!.id}`);
    await button.waitFor();
    await screenshot(page, '75-export-requests');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    assert.match(download.suggestedFilename(), /^客户-\d{8}\.csv$/);
    const rows = parse((await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '')) as string[][];
    assert.equal(rows.length - 1, scoped);
    await pageBody.getByText(/已于 .* 下载/).waitFor();
    await signOut(page);
  });
});
