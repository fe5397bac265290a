// The designer shows what the shipped flows hold and the earlier designer could not: the machine-tool project
// lifecycle's gates of every kind (附件, 里程碑 that must be done, a sign-off step) and the receivables its payment
// lines create, and the sales order approval's facts and outcomes. The admin narrows 进入「发货」's milestones by
// renaming the requirement and publishes; the definition keeps every other part of the gate as it was.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser.ts';
import { MACHINE_TOOL_DEMO_CORE, pluginForSuite } from './support/plugin-suite.ts';
import { api, apiLogin, openMenu, restoreShippedFlow, suiteBrowser } from './support/web-app.ts';

const FLOW = 'mt_project_lifecycle';

describe('browser: flow designer shows and keeps the shipped gates, facts and created records', function () {
  this.timeout(300_000);
  const s = suiteBrowser({ username: 'admin', width: 1440, height: 1100 });
  let admin: string;
  let plugin: { remove(): Promise<void> } | undefined;

  const edge = (page: Page, text: string) => page.getByTestId('flow-diagram').locator('.react-flow__edge-text').filter({ hasText: text }).first();
  const open = async (page: Page, flow: string) => {
    await openMenu(page, '流程设计');
    await page.getByTestId(`flow-${flow}`).getByTestId('flow-open').click();
    await page.getByTestId('flow-diagram').waitFor();
  };

  before(async function () {
    this.timeout(300_000);
    admin = await apiLogin(s.url, 'admin');
    plugin = await pluginForSuite(s.url, admin, 'machine-tool-projects', MACHINE_TOOL_DEMO_CORE);
  });
  after(async function () {
    this.timeout(300_000);
    await restoreShippedFlow(s.url, admin, FLOW);
    await plugin?.remove();
  });

  it('shows a gate of milestones, a file and a sign-off, and the receivables made from payment lines', async () => {
    const { page } = s;
    const shipped = (await api(s.url, admin, 'GET', `/api/admin/workflows/${FLOW}/versions`)).definition;
    // The page signed in before the plugin came: it reads the model afresh, as a user does on their next visit.
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    await open(page, FLOW);
    await edge(page, '进入「发货」').dispatchEvent('click');
    const gates = page.getByTestId('flow-gates');
    const milestones = gates.getByTestId('flow-gate-records');
    await milestones.getByTestId('flow-gate-records-entity').getByText('里程碑').waitFor();
    assert.equal(await milestones.getByTestId('flow-gate-where').getByTestId('rule-row').count(), 1, '统计哪些记录 as a row');
    assert.equal(await milestones.getByTestId('flow-gate-records-rule').getByTestId('rule-row').count(), 1, 'every one must be done, as a row');
    await milestones.getByRole('radio', { name: '每一条都须满足(且至少有一条)' }).isChecked();
    await gates.getByTestId('flow-gate-document').waitFor();
    await milestones.scrollIntoViewIfNeeded();
    await screenshot(page, '75a-flow-gate-records');

    // The requirement's Chinese name is changed; published, every other part of the gate is as shipped.
    const zh = milestones.getByPlaceholder('中文名称,例如:出厂检验及之前的里程碑');
    await zh.fill('出厂检验及之前的全部里程碑');
    await edge(page, '终验收合格').dispatchEvent('click');
    await page.getByTestId('flow-gate-signoffs').getByText('终验收').waitFor();
    await page.getByTestId('flow-canvas-props').click();
    const creates = page.getByTestId('flow-creates');
    await creates.getByTestId('flow-create-receivables').waitFor();
    await creates.getByTestId('flow-effect-amount').waitFor();
    await creates.scrollIntoViewIfNeeded();
    await screenshot(page, '75b-flow-creates');
    await page.getByTestId('flow-publish').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认发布' }).click();
    await page.getByText('已发布,新版本立即生效').waitFor();
    const published = (await api(s.url, admin, 'GET', `/api/admin/workflows/${FLOW}/versions`)).definition;
    const index = shipped.transitions.findIndex((t: { action: string }) => t.action === 'to_shipment');
    const expected = structuredClone(shipped.transitions[index]);
    expected.requires.records[0].labels['zh-CN'] = '出厂检验及之前的全部里程碑';
    assert.deepEqual(published.transitions[index], expected);
    assert.deepEqual(published.creates, shipped.creates);

    // The sales order approval: its facts (looked up on the customer) and how its approval ends.
    await page.getByRole('button', { name: '返回流程列表' }).click();
    await page.getByTestId('flow-sales_order_approval').getByTestId('flow-open').click();
    await page.getByTestId('flow-canvas-props').click();
    const facts = page.getByTestId('flow-facts');
    await facts.getByTestId('flow-fact-credit_limit').getByText('关联记录的字段').waitFor();
    await facts.getByTestId('flow-fact-credit_limit').getByText('信用额度').waitFor();
    await screenshot(page, '75c-flow-facts');
    await page.getByTestId('flow-canvas-approval').click();
    await page.getByTestId('flow-outcome-approved').getByText('已确认').waitFor();
    await page.getByTestId('flow-outcomes').scrollIntoViewIfNeeded();
    await screenshot(page, '75d-flow-outcomes');
  });
});
