// A contract approved by three users in turn (department manager → upper manager → general manager), each finding
// it in the portal's 我的审批 and deciding from the record's header.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, crmServer, signIn, signOut } from './support/web-app.ts';

const NAME = '浏览器审批测试合同';

describe('browser: contract approval', function () {
  this.timeout(180_000);
  let url: string;
  let b: BrowserSession;
  let contractId: string;

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    const token = await apiLogin(url, 'sales1');
    const customer = (await api(url, token, 'GET', '/api/records/customer?limit=1')).data[0];
    // Over 100,000: every level of the three-level approval takes part.
    contractId = (await api(url, token, 'POST', '/api/records/contract', { name: NAME, customer: customer.id, amount: 580000 })).id;
    b = await launchBrowser();
  });
  after(async () => b?.close());

  const record = () => b.page.getByTestId('record-contract').filter({ visible: true });

  async function act(action: string, comment?: string) {
    const { page } = b;
    await record().getByTestId(`action-${action}`).click();
    const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('action-comment') });
    if (comment) await dialog.getByTestId('action-comment').fill(comment);
    await dialog.getByTestId('action-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
  }

  it('is submitted by its owner', async () => {
    const { page } = b;
    await signIn(page, url, 'sales1');
    await page.goto(`${url}/#/record/contract/${contractId}`);
    await record().getByTestId('record-title').filter({ hasText: NAME }).waitFor();
    await act('submit', '请审批');
    await record().getByTestId('approval-waiting').waitFor();
    await signOut(page);
  });

  for (const [i, approver] of ['sales_mgr1', 'sales_director', 'gm'].entries()) {
    it(`is approved by ${approver} from the portal inbox`, async () => {
      const { page } = b;
      await signIn(page, url, approver);
      const inbox = page.getByTestId('portal-approvals');
      await inbox.getByText(NAME).click();
      await record().getByTestId('record-title').filter({ hasText: NAME }).waitFor();
      await act('approve', `同意(第 ${i + 1} 级)`);
      await record().getByTestId('action-approve').waitFor({ state: 'detached' });
      if (approver === 'gm') {
        await record().getByRole('tab', { name: '审批流程' }).click();
        const timeline = record().getByTestId('approval-timeline');
        await timeline.getByText('同意(第 3 级)').waitFor();
        assert.equal(await timeline.locator('.ant-timeline-item').filter({ hasText: '同意' }).count() >= 3, true);
        await screenshot(page, '10-contract-approval');
      }
      await signOut(page);
    });
  }

  it('ends approved', async () => {
    const contract = await api(url, await apiLogin(url, 'sales1'), 'GET', `/api/records/contract/${contractId}`);
    assert.equal(contract.status, 'approved');
  });
});
