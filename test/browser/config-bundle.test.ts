// 配置导入导出: the administrator chooses a bundle file, sees every file with 新建 / 替换 / 不变 and the schema steps,
// applies it, and a bundle with a bad file is refused with the file and JSON pointer listed; nothing else changes.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, crmServer, openMenu, signIn } from './support/web-app.ts';

const labels = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const layout = { entity: 'customer', tabs: [{ id: 'main', labels: labels('主要信息', 'Main'), sections: [{ id: 'key', labels: labels('关键信息', 'Key facts'), columns: 2, fields: ['name', 'grade'] }] }] };

describe('browser: configuration import and export', function () {
  this.timeout(240_000);
  let url: string;
  let admin: string;
  let b: BrowserSession;
  let bundle: Record<string, any>;

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    admin = await apiLogin(url, 'admin');
    bundle = await api(url, admin, 'GET', '/api/admin/config-bundle');
    b = await launchBrowser();
    await signIn(b.page, url, 'admin');
  });
  after(async () => {
    await b?.close();
    // The suites share one server: the shipped customer layout comes back.
    const left = await fetch(`${url}/api/admin/metadata/forms/customer`, { headers: { authorization: `Bearer ${admin}` } });
    if (left.status === 200) await api(url, admin, 'DELETE', '/api/admin/metadata/forms/customer');
  });

  const choose = (name: string, json: unknown) =>
    b.page.getByTestId('config-bundle-page').locator('input[type=file]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });

  it('lists a bundle with a bad file as refused, naming the file and pointer', async () => {
    const { page } = b;
    await openMenu(page, '配置导入导出');
    await page.getByTestId('config-export').waitFor();
    const bad = { ...bundle, 'metadata/forms/customer.json': { ...layout, tabs: [{ ...layout.tabs[0], sections: [{ ...layout.tabs[0]!.sections[0], fields: ['name', 'no_such_field'] }] }] } };
    await choose('bad.json', bad);
    const problems = page.getByTestId('config-problems');
    await problems.getByText('metadata/forms/customer.json /tabs/0/sections/0/fields/1').waitFor();
    await screenshot(page, '95-config-bundle-refused');
  });

  it('shows the plan of a good bundle and applies it', async () => {
    const { page } = b;
    await choose('config.json', { ...bundle, 'metadata/forms/customer.json': layout });
    const plan = page.getByTestId('config-plan');
    await plan.getByTestId('config-action-metadata/forms/customer.json').getByText('新建').waitFor();
    assert.equal(await plan.getByTestId('config-action-metadata/roles/sales.json').innerText(), '不变');
    await screenshot(page, '96-config-bundle-plan');
    await page.getByTestId('config-apply').click();
    await page.getByText('配置已导入,1 项变更已生效').waitFor();
    assert.deepEqual((await api(url, admin, 'GET', '/api/admin/metadata/forms/customer')).doc, layout);
  });
});
