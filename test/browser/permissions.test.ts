// What a role may not see stays out of the UI: service engineers get no system menu and no contract amount.
import assert from 'node:assert/strict';
import { launchBrowser, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, crmServer, signIn, signOut } from './support/web-app.ts';

describe('browser: permissions shape the UI', function () {
  this.timeout(120_000);
  let url: string;
  let b: BrowserSession;
  let contract: { id: string; name: string; amount: number };
  let amountLabel: string;

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    b = await launchBrowser();
    const admin = await apiLogin(url, 'admin');
    contract = (await api(url, admin, 'GET', '/api/records/contract?limit=1&sort=-amount')).data[0];
    const meta = await api(url, admin, 'GET', '/api/meta/entities/contract');
    amountLabel = meta.fields.find((f: { name: string }) => f.name === 'amount').labels['zh-CN'];
  });
  after(async () => b?.close());

  async function openContract() {
    const { page } = b;
    await page.goto(`${url}/#/record/contract/${contract.id}`);
    const record = page.getByTestId('record-contract').filter({ visible: true });
    await record.getByTestId('record-title').filter({ hasText: contract.name }).waitFor();
    await record.locator('.record-form').waitFor();
    return record;
  }

  it('shows an administrator the system menu and the contract amount', async () => {
    const { page } = b;
    await signIn(page, url, 'admin');
    await page.locator('.side-menu').getByText('系统管理').waitFor();
    // Bulk delete / assign need row selection, offered to those who may.
    await page.goto(`${url}/#/list/customer`);
    await page.getByTestId('list-customer').locator('.ant-table-row .ant-checkbox').first().waitFor();
    const record = await openContract();
    assert.ok((await record.getByText(amountLabel, { exact: true }).count()) > 0, 'the amount field is on the form');
    await signOut(page);
  });

  it('hides the system menu and the contract amount from a service engineer', async () => {
    const { page } = b;
    await signIn(page, url, 'service1');
    await page.locator('.side-menu').getByText('服务管理').waitFor();
    assert.equal(await page.locator('.side-menu').getByText('系统管理').count(), 0);
    await page.goto(`${url}/#/list/customer`);
    const customers = page.getByTestId('list-customer');
    await customers.locator('.ant-table-row').first().waitFor();
    assert.equal(await customers.locator('.ant-checkbox').count(), 0, 'no bulk selection without delete or assign rights');
    assert.equal(await customers.getByTestId('list-new').count(), 0, 'no New button without the create right');
    const record = await openContract();
    assert.equal(await record.getByText(amountLabel, { exact: true }).count(), 0, 'no amount label anywhere on the record');
    assert.equal(await record.getByText(new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(contract.amount)).count(), 0, 'no amount value either');
    // Contracts are read-only for this role.
    await record.getByText('您只有查看权限').waitFor();
    await signOut(page);
  });
});
