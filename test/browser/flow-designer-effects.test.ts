// An administrator edits what the standard sales process does by itself: entering 商务谈判 sets the win probability
// (the shipped 80 changed to 75, so the test sees the edit work), moving there tells the owner, and a new timer on
// 商务谈判 reminds the owner after 3 天. Published, the definition holds the effect, the notification and the timer
// (after "P3D"), and an opportunity moved to 商务谈判 by API gets 75 and its owner the message.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, chooseOption, openMenu, suiteBrowser, restoreShippedFlow } from './support/web-app.ts';

const FLOW = 'opportunity_standard';

describe('browser: flow designer edits effects, notifications and timers', function () {
  this.timeout(240_000);
  const s = suiteBrowser({ username: 'admin', width: 1440, height: 960 });
  let admin: string;
  let sales1: string;

  const node = (page: Page, text: string) => page.getByTestId('flow-diagram').locator('.react-flow__node').filter({ hasText: text });

  before(async () => {
    admin = await apiLogin(s.url, 'admin');
    sales1 = await apiLogin(s.url, 'sales1');
  });
  after(async () => {
    await restoreShippedFlow(s.url, admin, FLOW);
  });

  it('sets the probability on entering 商务谈判, notifies the owner and adds a 3-day reminder; published, they work', async () => {
    const { page } = s;
    await openMenu(page, '流程设计');
    await page.getByTestId(`flow-${FLOW}`).getByTestId('flow-open').click();
    await node(page, '商务谈判').click();

    // 进入时自动设置: the shipped constant shows as 固定值 in a number input of the field.
    const probability = page.getByTestId('flow-effect-probability');
    await probability.getByText('赢单概率').waitFor();
    await probability.getByTestId('flow-effect-kind').getByText('固定值').waitFor();
    const input = probability.getByTestId('flow-effect-value');
    assert.equal(await input.inputValue(), '80');
    await input.fill('75');
    await input.blur();
    await screenshot(page, '49d-flow-state-effects');

    // 通知 on the transition into 商务谈判: the owner, with the default title naming the record.
    await page.getByTestId('flow-diagram').locator('.react-flow__edge-text').filter({ hasText: '晋升到「商务谈判」' }).first().dispatchEvent('click');
    await page.getByTestId('flow-panel').getByText('动作:晋升到「商务谈判」').waitFor();
    await page.getByTestId('flow-notify').getByText('执行此动作时不发通知').waitFor();
    await page.getByTestId('flow-notify-add').click();
    await page.getByTestId('flow-notification').getByText('负责人').first().waitFor();
    await page.getByTestId('flow-notify-body').fill('金额 {{record.amount}},请跟进。');
    await screenshot(page, '49e-flow-transition-notify');

    // 时限与提醒: a new timer on 商务谈判, after 3 天, reminding the owner.
    await page.getByRole('button', { name: '时限与提醒' }).click();
    await page.getByTestId('flow-timers').waitFor();
    await page.getByTestId('flow-timer-2').waitFor(); // the three shipped stalled-opportunity reminders
    await page.getByTestId('flow-timer-add').click();
    const card = page.getByTestId('flow-timer-3');
    await card.waitFor();
    await card.getByTestId('flow-timer-label').fill('谈判跟进提醒');
    await chooseOption(page, card.getByTestId('flow-timer-state'), '商务谈判');
    await card.locator('.flow-timer-amount input').fill('3');
    await card.locator('.flow-timer-amount input').blur();
    await card.getByTestId('flow-notification').getByText('负责人').first().waitFor();
    await screenshot(page, '49f-flow-timer-added');

    // A broken template is refused at /timers/3/do/notify/title/zh-CN: publishing from another element brings the
    // timers back into the panel, with the problem under that timer's title.
    await card.getByTestId('flow-notify-title').fill('谈判已 3 天:{{display}');
    await node(page, '初步接洽').click();
    await page.getByTestId('flow-publish').click();
    await page.getByTestId('flow-timer-3').getByTestId('flow-notify-problems').getByText('模板写法有误').waitFor();
    await screenshot(page, '49g-flow-timer-template-refused');
    await page.getByTestId('flow-timer-3').getByTestId('flow-notify-title').fill('谈判已 3 天:{{display}}');

    await page.getByTestId('flow-publish').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认发布' }).click();
    await page.getByText('已发布,新版本立即生效').waitFor();

    const flow = (await api(s.url, admin, 'GET', `/api/admin/workflows/${FLOW}/versions`)).definition;
    assert.equal(flow.states.negotiation.effects.probability, 75);
    const move = flow.transitions.find((t: { action: string }) => t.action === 'to_negotiation');
    assert.deepEqual(move.notify[0].to, [{ kind: 'field', field: 'owner' }]);
    assert.match(move.notify[0].title['zh-CN'], /\{\{display\}\}/);
    const timer = flow.timers[3];
    assert.deepEqual(
      { state: timer.state, after: timer.after, to: timer.do.notify.to, label: timer.labels['zh-CN'], title: timer.do.notify.title['zh-CN'] },
      { state: 'negotiation', after: 'P3D', to: [{ kind: 'field', field: 'owner' }], label: '谈判跟进提醒', title: '谈判已 3 天:{{display}}' },
    );

    // An opportunity moved to 商务谈判 by API: the effect sets 75, the owner (sales1) gets the message.
    const contact = (await api(s.url, sales1, 'GET', '/api/records/contact?limit=1')).data[0];
    const name = '流程设计测试 自动设置商机';
    const opp = await api(s.url, sales1, 'POST', '/api/records/opportunity', { name, customer: contact.customer, primary_contact: contact.id, sales_process: 'standard', open_date: '2026-12-01', amount: 380000, expected_close_date: '2027-02-28' });
    const moved = await api(s.url, sales1, 'POST', `/api/records/opportunity/${opp.id}/actions/to_negotiation`, {});
    assert.equal(moved.state.code, 'negotiation');
    assert.equal(Number((await api(s.url, sales1, 'GET', `/api/records/opportunity/${opp.id}`)).probability), 75);
    const messages = JSON.stringify(await api(s.url, sales1, 'GET', '/api/messages'));
    assert.ok(messages.includes(name), 'the owner is told');
  });
});
