// In-app messages: a contract submitted by sales1 gives sales_mgr1 an unread message in the top bar's bell; the
// drawer lists it, opens the contract in a tab, and marks messages read.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, crmServer, signIn, signOut } from './support/web-app.ts';

const NAME = '浏览器消息测试合同';

describe('browser: messages', function () {
  this.timeout(180_000);
  let url: string;
  let b: BrowserSession;
  let contractId: string;

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    const token = await apiLogin(url, 'sales1');
    const customer = (await api(url, token, 'GET', '/api/records/customer?limit=1')).data[0];
    contractId = (await api(url, token, 'POST', '/api/records/contract', { name: NAME, customer: customer.id, amount: 86000 })).id;
    // A second one, submitted over the API, so something is still unread after the first is opened.
    const other = (await api(url, token, 'POST', '/api/records/contract', { name: `${NAME}(二)`, customer: customer.id, amount: 52000 })).id;
    await api(url, token, 'POST', `/api/records/contract/${other}/actions/submit`, {});
    b = await launchBrowser();
  });
  after(async () => b?.close());

  const unread = async () => Number((await b.page.getByTestId('messages-unread').locator('.ant-scroll-number').getAttribute('title')) ?? 0);

  it('is submitted by sales1', async () => {
    const { page } = b;
    await signIn(page, url, 'sales1');
    await page.goto(`${url}/#/record/contract/${contractId}`);
    const record = page.getByTestId('record-contract').filter({ visible: true });
    await record.getByTestId('record-title').filter({ hasText: NAME }).waitFor();
    await record.getByTestId('action-submit').click();
    await page.getByTestId('action-confirm').click();
    await record.getByTestId('approval-waiting').waitFor();
    await signOut(page);
  });

  it('reaches sales_mgr1 as an unread message in the bell, which opens the contract', async () => {
    const { page } = b;
    await signIn(page, url, 'sales_mgr1');
    const bell = page.getByTestId('messages-bell');
    await bell.locator('.ant-badge-count').waitFor();
    const before = await unread();
    assert.ok(before >= 1, `an unread count shows (${before})`);

    await bell.click();
    const drawer = page.getByTestId('messages-drawer');
    const item = drawer.getByTestId('message-item').filter({ has: page.locator('.message-title', { hasText: new RegExp(`${NAME}$`) }) });
    await item.waitFor();
    await screenshot(page, '20-messages');

    await item.getByTestId('message-open').click();
    await page.getByTestId('record-contract').filter({ visible: true }).getByTestId('record-title').filter({ hasText: new RegExp(`^${NAME}$`) }).waitFor();
    // Opening it marked it read.
    await page.waitForFunction((n) => {
      const el = document.querySelector('[data-testid="messages-unread"] .ant-scroll-number');
      return Number(el?.getAttribute('title') ?? 0) < n;
    }, before);

    await bell.click();
    await page.getByTestId('messages-read-all').click();
    await bell.locator('.ant-badge-count').waitFor({ state: 'detached' });
    await drawer.getByText('没有未读消息').waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await signOut(page);
  });
});
