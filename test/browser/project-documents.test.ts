// A machine-tool project in the browser: moving it to 合同 without the contract, the amount and the signed technical
// agreement is refused with all three listed; the agreement is uploaded in the project form, a file of a type the
// field does not take is refused at the field, and the uploaded scan is previewed in the page.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { MACHINE_TOOL_DEMO_CORE, pluginForSuite } from './support/plugin-suite.ts';
import { api, apiLogin, crmServer, signIn } from './support/web-app.ts';

const PLUGIN = 'machine-tool-projects';
const NAME = '浏览器附件测试项目';

describe('browser: machine-tool project documents and stage gates', function () {
  this.timeout(240_000);
  let url: string;
  let b: BrowserSession;
  let admin: string;
  let project: string;
  let plugin: { remove(): Promise<void> } | undefined;

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    admin = await apiLogin(url, 'admin');
    plugin = await pluginForSuite(url, admin, PLUGIN, MACHINE_TOOL_DEMO_CORE);
    const customer = (await api(url, admin, 'GET', '/api/records/customer?limit=1')).data[0];
    const created = await api(url, admin, 'POST', '/api/records/mt_project', { name: NAME, customer: customer.id, machine_model: 'VMC850', quantity: 2 });
    project = created.id;
    await api(url, admin, 'POST', `/api/records/mt_project/${project}/actions/to_bidding`, {});
    await api(url, admin, 'PATCH', `/api/records/mt_project/${project}`, { version: (await api(url, admin, 'GET', `/api/records/mt_project/${project}`)).version, bid_date: '2026-11-20' });
    await api(url, admin, 'POST', `/api/records/mt_project/${project}/actions/to_won`, {});
    b = await launchBrowser();
    await signIn(b.page, url, 'admin');
  });
  after(async function () {
    this.timeout(120_000);
    await b?.close();
    // The suites share one server: the plugin goes as it came (the plugins suite expects it never installed).
    await plugin?.remove();
  });

  const record = () => b.page.getByTestId('record-mt_project').filter({ visible: true });

  it('lists everything 合同 still needs when the move is refused', async () => {
    const { page } = b;
    await page.goto(`${url}/#/record/mt_project/${project}`);
    await record().getByTestId('record-title').filter({ hasText: NAME }).waitFor();
    await record().getByTestId('action-to_contract').click();
    await page.getByTestId('action-confirm').click();
    const missing = page.getByTestId('gate-missing');
    await missing.waitFor();
    const items = await missing.locator('li').allTextContents();
    assert.equal(items.length, 3, items.join(' | '));
    assert.ok(items.some((i) => i.includes('销售合同')) && items.some((i) => i.includes('合同金额')), items.join(' | '));
    assert.ok(items.includes('请先上传「技术协议」'), items.join(' | '));
    await screenshot(page, '66-project-gate-refused');
    await page.locator('.ant-modal-confirm').getByRole('button').click();
    await missing.waitFor({ state: 'detached' });
    // The action's own dialog closed with the refusal: the user goes to fix what is missing.
    await page.getByTestId('action-confirm').waitFor({ state: 'hidden' });
  });

  it('uploads the signed technical agreement in the form, refuses a file type the field does not take, and previews the scan', async () => {
    const { page } = b;
    const field = record().getByTestId('files-tech_agreement');
    await field.scrollIntoViewIfNeeded();
    await field.getByText('最多 5 个文件,每个不超过 20 MB,类型:PDF、图片、DOC、DOCX').waitFor();
    await field.getByText('尚未上传文件').waitFor();
    // A real PNG to preview: a picture of the page itself.
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 480, height: 300 } });
    await field.locator('input[type=file]').setInputFiles([
      { name: '技术协议(双方签字).png', mimeType: 'image/png', buffer: png },
      { name: '安装程序.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') },
    ]);
    await field.getByTestId('attachment-item').filter({ hasText: '技术协议(双方签字).png' }).waitFor();
    const refusal = record().getByTestId('files-error-tech_agreement');
    await refusal.getByText('安装程序.exe:不接受此类文件(可上传:PDF、图片、DOC、DOCX),未上传').waitFor();
    assert.equal(await field.getByTestId('attachment-item').count(), 1, 'only the accepted file is stored');
    assert.match(await field.getByTestId('attachment-item').textContent() ?? '', /KB|B/);
    await screenshot(page, '67-project-attachment-uploaded');

    await field.getByTestId('attachment-preview').click();
    const image = page.getByTestId('attachment-preview-image');
    await image.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="attachment-preview-image"]') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await screenshot(page, '68-project-attachment-preview');
    await page.keyboard.press('Escape');
    await image.waitFor({ state: 'detached' });
  });
});
