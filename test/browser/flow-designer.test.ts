// An administrator opens the quote process in 系统管理 → 流程设计, adds a general-manager step that runs for quotes of
// 500000 and more, and publishes it after seeing the plan. A quote over the threshold submitted by sales1 then reaches
// the general manager's inbox (我的审批, by quote number), while a quote submitted before the change finishes on version 1 (no such step).
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, chooseOption, crmServer, openMenu, signIn, signOut, restoreShippedFlow } from './support/web-app.ts';

const NEW_QUOTE = '流程设计测试 新报价';
const OLD_QUOTE = '流程设计测试 旧报价';

describe('browser: flow designer', function () {
  this.timeout(240_000);
  let url: string;
  let b: BrowserSession;
  let admin: string;
  let sales1: string;
  let product: string;
  let customer: string;
  let older: { id: string; display: string };

  const submitQuote = async (subject: string, amount: number) => {
    const q = await api(url, sales1, 'POST', '/api/records/quote', { subject, customer, quote_date: '2026-12-01', valid_until: '2026-12-31', lines: [{ product, quantity: 1, unit_price: amount }] });
    const view = await api(url, sales1, 'POST', `/api/records/quote/${q.id}/actions/submit`, {});
    return { id: String(q.id), display: String(q.quote_no), version: view.workflow.version as number };
  };

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    admin = await apiLogin(url, 'admin');
    sales1 = await apiLogin(url, 'sales1');
    product = (await api(url, sales1, 'GET', '/api/records/product?limit=1')).data[0].id;
    customer = (await api(url, sales1, 'GET', '/api/records/customer?limit=1')).data[0].id;
    older = await submitQuote(OLD_QUOTE, 600000);
    b = await launchBrowser(1440, 900);
    await signIn(b.page, url, 'admin');
  });
  after(async () => {
    await b?.close();
    await restoreShippedFlow(url, admin, 'quote_flow');
  });

  it('lists the processes with their version and the approvals running on it', async () => {
    const { page } = b;
    await openMenu(page, '流程设计');
    const row = page.getByTestId('flow-quote_flow');
    await row.getByText('报价流程').waitFor();
    await row.getByText('系统内置').waitFor();
    await row.getByText('第 1 版:1 条').waitFor();
    await screenshot(page, '40-flow-list');
  });

  it('adds a conditional general-manager step to the quote approval and publishes it as version 2', async () => {
    const { page } = b;
    await page.getByTestId('flow-quote_flow').getByTestId('flow-open').click();
    const diagram = page.getByTestId('flow-diagram');
    await diagram.locator('.react-flow__node').filter({ hasText: '审批中' }).waitFor();
    await diagram.locator('.react-flow__edge-text').filter({ hasText: '提交审批' }).first().waitFor();
    await page.getByTestId('flow-add-step').click();
    const step = page.getByTestId('flow-step-step_2');
    await step.getByTestId('flow-step-label').fill('总经理审批');
    await chooseOption(page, step.getByTestId('flow-approver-role'), '总经理');
    const when = step.getByTestId('flow-step-when');
    await when.getByTestId('rule-add-row').click();
    await chooseOption(page, when.locator('.rule-field'), '报价总额');
    await chooseOption(page, when.locator('.rule-op'), '大于等于');
    await when.locator('.rule-value input').fill('500000');
    await when.locator('.rule-value input').blur();
    await screenshot(page, '41-flow-designer-step');
    // A state opens its own editor: which fields may be edited and which must be filled to enter it.
    await diagram.locator('.react-flow__node').filter({ hasText: '已批准' }).click();
    await page.getByTestId('flow-state-editor').getByText('指定字段').waitFor();
    await screenshot(page, '44-flow-designer-state');
    await page.getByTestId('flow-canvas-approval').click();
    await page.getByTestId('flow-step-step_2').waitFor();

    await page.getByTestId('flow-publish').click();
    const plan = page.getByTestId('flow-plan');
    await plan.getByText('已在审批中的记录继续按原版本走完').waitFor();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认发布' }).click();
    await page.getByText('已发布,新版本立即生效').waitFor();
    await page.getByTestId('flow-designer').getByText('已自定义').waitFor();
    await page.getByTestId('flow-version-1-running').filter({ hasText: '进行中 1 条' }).waitFor();
    await page.getByTestId('flow-version-2-running').filter({ hasText: '进行中 0 条' }).waitFor();
    await screenshot(page, '42-flow-published');

    const flow = await api(url, admin, 'GET', '/api/admin/workflows/quote_flow/versions');
    const added = flow.definition.approval.steps[1];
    assert.deepEqual(added.approvers, [{ kind: 'role', role: 'gm' }]);
    assert.deepEqual(added.when, { '>=': [{ var: 'total_amount' }, 500000] });
    assert.equal(flow.flow.currentVersion, 2);
  });

  it('sends a quote over the threshold to the general manager, while the older quote finishes on version 1', async () => {
    const { page } = b;
    const fresh = await submitQuote(NEW_QUOTE, 650000);
    assert.equal(fresh.version, 2);
    const manager = await apiLogin(url, 'sales_mgr1');
    const afterManager = await api(url, manager, 'POST', `/api/records/quote/${fresh.id}/actions/approve`, {});
    assert.equal(afterManager.approval.step, 'step_2');
    const oldDone = await api(url, manager, 'POST', `/api/records/quote/${older.id}/actions/approve`, {});
    assert.equal(oldDone.state.code, 'approved', 'version 1 has no general-manager step');

    await signOut(page);
    await signIn(page, url, 'gm');
    const inbox = page.getByTestId('portal-approvals');
    await inbox.getByText(fresh.display).waitFor();
    assert.equal(await inbox.getByText(older.display).count(), 0);
    await screenshot(page, '43-flow-gm-inbox');
    await signOut(page);
    await signIn(page, url, 'admin');
  });
});
