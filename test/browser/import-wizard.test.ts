// 导入 from the customer list as sales1: choose a CSV, see each column matched to a field, try it without writing,
// import it with a progress bar, and get the rejected row back with its reason and as a file to fix.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, openMenu, signIn, signOut, suiteBrowser } from './support/web-app.ts';

const NAMES = ['浏览器导入一号机床厂', '浏览器导入二号机床厂', '浏览器导入三号机床厂'];
const CSV = `客户名称,城市,员工人数\n${NAMES[0]},苏州,120\n${NAMES[1]},无锡,80\n${NAMES[2]},常州,很多\n`;

describe('browser: import wizard', function () {
  this.timeout(120_000);
  const app = suiteBrowser();
  after(async () => {
    // The shared server's customer list as the other suites expect it.
    const token = await apiLogin(app.url, 'admin');
    const filter = encodeURIComponent(JSON.stringify({ in: [{ var: 'name' }, NAMES] }));
    for (const row of (await api(app.url, token, 'GET', `/api/records/customer?filter=${filter}`)).data as { id: string }[]) {
      await api(app.url, token, 'DELETE', `/api/records/customer/${row.id}`);
    }
  });

  it('maps the columns, tries the file, imports it and hands back the rejected row', async () => {
    const { page } = app;
    await signIn(page, app.url, 'sales1');
    await openMenu(page, '客户');
    const list = page.getByTestId('list-customer');
    await list.locator('.ant-table-row').first().waitFor();
    await list.getByTestId('list-import').click();
    const wizard = page.locator('.ant-modal', { hasText: '导入客户' });
    await wizard.locator('input[type=file]').setInputFiles({ name: '客户导入.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

    const mapping = wizard.getByTestId('import-mapping');
    await mapping.getByText('共 3 行数据', { exact: false }).waitFor();
    // Each header matched to the field of that label.
    for (const [i, label] of ['客户名称', '城市', '员工人数'].entries()) await mapping.getByTestId(`import-field-${i}`).getByText(label, { exact: true }).waitFor();
    await screenshot(page, '70-import-mapping');

    await wizard.getByTestId('import-dry-run').click();
    const result = wizard.getByTestId('import-result');
    await result.getByText('试导入完成,尚未写入任何数据').waitFor();
    await result.locator('.ant-statistic', { hasText: '将新建' }).getByText('2', { exact: true }).waitFor();
    const token = await apiLogin(app.url, 'sales1');
    const named = async () => (await api(app.url, token, 'GET', `/api/records/customer?count=exact&limit=1&filter=${encodeURIComponent(JSON.stringify({ in: [{ var: 'name' }, NAMES] }))}`)).count;
    assert.equal(await named(), 0, 'a trial writes nothing');

    await wizard.getByTestId('import-run').click();
    await result.getByText('导入完成,部分行被拒绝', { exact: false }).waitFor();
    await result.locator('.ant-statistic', { hasText: '新建' }).getByText('2', { exact: true }).waitFor();
    const errors = result.getByTestId('import-errors');
    await errors.getByText('员工人数', { exact: true }).waitFor();
    await errors.getByText('“很多”不是数字').waitFor();
    assert.equal(await errors.locator('.ant-table-row').first().locator('td').first().innerText(), '4');
    await screenshot(page, '71-import-result');
    const [download] = await Promise.all([page.waitForEvent('download'), result.getByTestId('import-error-file').click()]);
    assert.equal(download.suggestedFilename(), '客户导入-错误行.csv');
    assert.match(await readFile((await download.path())!, 'utf8'), new RegExp(`${NAMES[2]},常州,很多`));
    assert.equal(await named(), 2);

    await wizard.getByTestId('import-close').click();
    await list.getByText(NAMES[0]!).waitFor();
    await signOut(page);
  });
});
