// An administrator adds a state 「技术评审」 between 初步接洽 and 方案报价 of the standard sales process: the state from
// a button, the way in by drawing an edge between two states, the way out from the panel's button (led to 方案报价
// in its panel afterwards); publishes in one change with the new option, and an
// opportunity moves through the new state. Then deleting it: a transition alone leaves the state unreachable (refused
// at the state), the state with an opportunity still in it is refused at the state, and once it is empty it goes.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, chooseOption, openMenu, restoreShippedFlow, suiteBrowser } from './support/web-app.ts';

const FLOW = 'opportunity_standard';

describe('browser: flow designer adds and deletes states and transitions', function () {
  this.timeout(240_000);
  const s = suiteBrowser({ username: 'admin', width: 1440, height: 960 });
  let admin: string;
  let sales1: string;
  let customer: string;
  let extensionBefore: unknown;
  let waiting: { id: string } | undefined;

  const node = (page: Page, text: string) => page.getByTestId('flow-diagram').locator('.react-flow__node').filter({ hasText: text });
  const dialogOk = (page: Page) => page.locator('.ant-modal:visible').getByRole('button', { name: /添\s*加/ }).click();
  const newOpportunity = async (name: string) =>
    api(s.url, sales1, 'POST', '/api/records/opportunity', { name, customer, sales_process: 'standard', open_date: '2026-12-01', amount: 380000, expected_close_date: '2027-02-28' });
  const act = async (id: string, action: string) => (await api(s.url, sales1, 'POST', `/api/records/opportunity/${id}/actions/${action}`, {})).state.code as string;
  /** Publishes the draft and waits for the server's answer (a toast left by an earlier publish proves nothing). */
  const publish = async (page: Page) => {
    await page.getByTestId('flow-publish').click();
    // The flow alone (PUT …/workflows/<flow>) or with the state field's new options (one change of several documents).
    const published = page.waitForResponse((r) => r.request().method() !== 'GET' && r.url().includes('/api/admin/metadata') && !r.url().includes('dry_run'));
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认发布' }).click();
    assert.equal((await published).status(), 200);
  };

  before(async () => {
    admin = await apiLogin(s.url, 'admin');
    sales1 = await apiLogin(s.url, 'sales1');
    customer = (await api(s.url, sales1, 'GET', '/api/records/customer?limit=1')).data[0].id;
    extensionBefore = (await api(s.url, admin, 'GET', '/api/admin/metadata/extensions')).data.find((d: { name: string }) => d.name === 'opportunity')?.doc;
  });
  after(async () => {
    // The suites share one server: the shipped sales process, and the opportunity's fields as they were.
    if (waiting) await act(waiting.id, 'tech_review_done').catch(() => undefined);
    await restoreShippedFlow(s.url, admin, FLOW);
    if (extensionBefore) await api(s.url, admin, 'PUT', '/api/admin/metadata/extensions/opportunity', extensionBefore);
    else await api(s.url, admin, 'DELETE', '/api/admin/metadata/extensions/opportunity').catch(() => undefined);
  });

  it('adds 技术评审 with its two transitions (one drawn as an edge) and publishes; an opportunity moves through it', async () => {
    const { page } = s;
    await openMenu(page, '流程设计');
    await page.getByTestId(`flow-${FLOW}`).getByTestId('flow-open').click();
    await node(page, '初步接洽').waitFor();

    await page.getByTestId('flow-add-state-button').click();
    const form = page.getByTestId('flow-add-state');
    await form.getByTestId('flow-add-code').fill('Tech review');
    await form.getByTestId('flow-add-label-zh').fill('技术评审');
    await dialogOk(page);
    await form.getByText('编码须以小写字母开头').waitFor();
    await form.getByText('请填写名称').waitFor();
    await screenshot(page, '45-flow-add-state-refused');
    await form.getByTestId('flow-add-code').fill('tech_review');
    await form.getByTestId('flow-add-label-en').fill('Technical review');
    await dialogOk(page);
    await node(page, '技术评审').waitFor();
    // The new state opens in the panel's editor: fields it requires on entry, as for any state.
    await page.getByTestId('flow-panel').getByText('状态:技术评审').waitFor();
    await page.getByTestId('flow-state-editor').waitFor();

    // An edge drawn from 初步接洽 to 技术评审 starts a transition between them.
    const source = node(page, '初步接洽').locator('.react-flow__handle.source');
    const target = node(page, '技术评审').locator('.react-flow__handle.target');
    const a = (await source.boundingBox())!;
    const b = (await target.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await page.mouse.up();
    const drawn = page.getByTestId('flow-add-transition');
    await drawn.getByText('初步接洽').waitFor();
    await drawn.getByText('技术评审').waitFor();
    await drawn.getByTestId('flow-add-code').fill('to_tech_review');
    await drawn.getByTestId('flow-add-label-zh').fill('提交技术评审');
    await drawn.getByTestId('flow-add-label-en').fill('Send to technical review');
    await screenshot(page, '46-flow-add-transition-drawn');
    await dialogOk(page);
    await page.getByTestId('flow-panel').getByText('动作:提交技术评审').waitFor();

    // The panel's button adds the way out; the draft keeps the unsaved additions while the selection changes.
    await node(page, '方案报价').click();
    await page.getByTestId('flow-add-transition-button').click();
    const form2 = page.getByTestId('flow-add-transition');
    await form2.getByTestId('flow-add-code').fill('to_tech_review');
    await form2.getByTestId('flow-add-label-zh').fill('评审通过');
    await form2.getByTestId('flow-add-label-en').fill('Review passed');
    await chooseOption(page, form2.getByTestId('flow-add-to'), '初步接洽');
    await chooseOption(page, form2.getByTestId('flow-add-from'), '技术评审');
    await page.locator('.ant-modal:visible .ant-modal-title').click(); // a multiple choice stays open until the focus leaves
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await dialogOk(page);
    await form2.getByText('此流程中已有这个编码').waitFor();
    await form2.getByTestId('flow-add-code').fill('tech_review_done');
    await dialogOk(page);
    await page.getByTestId('flow-diagram').locator('.react-flow__edge-text').filter({ hasText: '评审通过' }).waitFor();
    // Where a transition leads is edited in its panel after it was added: 评审通过 goes on to 方案报价, not back.
    await page.getByTestId('flow-panel').getByText('动作:评审通过').waitFor();
    await chooseOption(page, page.getByTestId('flow-transition-to'), '方案报价');
    await screenshot(page, '47-flow-states-added');

    await publish(page);
    await page.getByText('已发布,新版本立即生效').last().waitFor();
    const flow = await api(s.url, admin, 'GET', `/api/admin/workflows/${FLOW}/versions`);
    assert.deepEqual(flow.definition.states.tech_review, { labels: { 'zh-CN': '技术评审', en: 'Technical review' } });
    assert.deepEqual(flow.definition.transitions.slice(-2).map((t: { action: string; from: string[]; to: string }) => [t.action, t.from, t.to]), [['to_tech_review', ['initial'], 'tech_review'], ['tech_review_done', ['tech_review'], 'proposal']]);

    const passing = await newOpportunity('流程设计测试 技术评审商机');
    assert.equal(await act(passing.id, 'to_tech_review'), 'tech_review');
    assert.equal(await act(passing.id, 'tech_review_done'), 'proposal');
  });

  it('refuses deletions that leave a state unreachable or stranded, at that state, then deletes it once it is empty', async () => {
    const { page } = s;
    waiting = await newOpportunity('流程设计测试 评审中商机');
    assert.equal(await act(waiting!.id, 'to_tech_review'), 'tech_review');
    await page.getByRole('button', { name: '返回流程列表' }).click();
    await page.getByTestId(`flow-${FLOW}`).getByTestId('flow-open').click();
    await node(page, '技术评审').waitFor();

    // Deleting only the way in: the server finds 技术评审 unreachable, and says so at the state.
    await page.getByTestId('flow-diagram').locator('.react-flow__edge-text').filter({ hasText: '提交技术评审' }).dispatchEvent('click'); // labels of crossing edges overlap
    await page.getByTestId('flow-remove').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /删\s*除/ }).click();
    await page.getByTestId('flow-publish').click();
    await page.getByTestId('flow-node-problem-tech_review').waitFor();
    await page.getByTestId('flow-panel-problems').getByText('状态「技术评审」无法到达').waitFor();
    await screenshot(page, '48-flow-state-unreachable');

    // Deleting the state lists the transition that goes with it; an opportunity still in it makes the server refuse.
    await page.getByTestId('flow-remove').click();
    const confirm = page.getByTestId('flow-remove-confirm');
    await confirm.getByText('评审通过').waitFor();
    await screenshot(page, '49-flow-state-remove-confirm');
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /删\s*除/ }).click();
    await page.getByTestId('flow-publish').click();
    await page.getByTestId('flow-node-problem-tech_review').waitFor();
    await page.getByTestId('flow-panel-problems').getByText('状态「技术评审」中还有 1 条记录').waitFor();
    await page.getByTestId('flow-removed-state').waitFor();
    await page.getByTestId('flow-node-problem-tech_review').getByText('技术评审').waitFor();
    await screenshot(page, '49b-flow-state-in-use');

    // Once the opportunity has moved on, the same draft publishes.
    assert.equal(await act(waiting!.id, 'tech_review_done'), 'proposal');
    await publish(page);
    await page.getByText('已发布,新版本立即生效').last().waitFor();
    const flow = await api(s.url, admin, 'GET', `/api/admin/workflows/${FLOW}/versions`);
    assert.equal(flow.definition.states.tech_review, undefined);
    assert.equal(flow.definition.transitions.some((t: { action: string }) => t.action.includes('tech_review')), false);
    await screenshot(page, '49c-flow-state-removed');
  });
});
