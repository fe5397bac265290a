// An administrator changes how a service request is dispatched: 派工 now assigns it in turn among the 服务经理 role
// only (not 服务部's engineers), sets 服务费用 by a formula (0 under warranty, else 800) and keeps 派工时间 = 当前时间;
// a new timer on 已派工 reminds the owner after 1 分钟 unless an activity was logged on the ticket's customer since.
// The formula is refused by the server once (an unknown field typed as JSON), shown at its row. Published, the
// definition holds exactly that, and the engine follows it over HTTP: new tickets go to service_mgr with a fee of 800,
// and after the minute (the server's own job runner, on the real clock) only the ticket whose customer had no
// follow-up reminds its owner.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, chooseOption, openMenu, suiteBrowser, restoreShippedFlow } from './support/web-app.ts';

const FLOW = 'service_ticket_flow';

describe('browser: flow designer edits assignment, formulas and a timer held back by related records', function () {
  this.timeout(300_000);
  const s = suiteBrowser({ username: 'admin', width: 1440, height: 1100 });
  let admin: string;
  let sales1: string;

  const edge = (page: Page, text: string) => page.getByTestId('flow-diagram').locator('.react-flow__edge-text').filter({ hasText: text }).first();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  before(async () => {
    admin = await apiLogin(s.url, 'admin');
    sales1 = await apiLogin(s.url, 'sales1');
  });
  after(async () => {
    await restoreShippedFlow(s.url, admin, FLOW);
  });

  it('edits 派工 (assign, a formula effect) and adds a timer with unlessRelated; published, tickets follow it', async () => {
    const { page } = s;
    await openMenu(page, '流程设计');
    await page.getByTestId(`flow-${FLOW}`).getByTestId('flow-open').click();
    await edge(page, '派工').dispatchEvent('click');
    await page.getByTestId('flow-panel').getByText('动作:派工').waitFor();

    // 执行时分配: the shipped round robin (处理人, 服务部 and 服务工程师) is shown; with neither nobody could be assigned.
    const assign = page.getByTestId('flow-assign');
    assert.equal(await assign.getByTestId('flow-assign-on').isChecked(), true);
    await assign.getByTestId('flow-assign-field').getByText('处理人').waitFor();
    await assign.getByTestId('flow-assign-department').getByText('服务部').waitFor();
    await assign.getByTestId('flow-assign-role').getByText('服务工程师').waitFor();
    for (const part of ['flow-assign-department', 'flow-assign-role']) {
      await assign.getByTestId(part).hover();
      await assign.getByTestId(part).locator('.ant-select-clear').click();
    }
    await assign.getByText('请至少选择部门或角色').waitFor();
    await page.getByTestId('flow-unfinished').waitFor();
    assert.equal(await page.getByTestId('flow-publish').isDisabled(), true, 'a round robin among nobody is not published');
    await chooseOption(page, assign.getByTestId('flow-assign-role'), '服务经理');
    await page.getByTestId('flow-unfinished').waitFor({ state: 'detached' });

    // 执行时自动设置: 派工时间 is shown as 当前时间 (the shipped {"now": []}); 服务费用 is added as a formula.
    await page.getByTestId('flow-effect-dispatch_time').getByTestId('flow-effect-kind').getByText('当前时间').waitFor();
    await chooseOption(page, page.getByTestId('flow-effect-add'), '服务费用');
    const fee = page.getByTestId('flow-effect-service_fee');
    await chooseOption(page, fee.getByTestId('flow-effect-kind'), '公式');
    await fee.getByTestId('formula-text').fill('if(在保修期内, 0, 800');
    await fee.getByTestId('flow-formula-error').waitFor();
    assert.equal(await page.getByTestId('flow-publish').isDisabled(), true, 'an unfinished formula is not published');
    await fee.getByTestId('formula-text').fill('if(在保修期内, 0, 800)');
    await fee.getByTestId('flow-formula-error').waitFor({ state: 'detached' });

    // The notification 派工 sends: its card is titled by its recipient, not a blank bar.
    await page.getByTestId('flow-notify').getByTestId('flow-notify-card-title').getByText('通知 1:发给 处理人').waitFor();
    await page.getByTestId('flow-notify').scrollIntoViewIfNeeded();
    await screenshot(page, '49h-flow-transition-assign-formula');

    // The same formula as JSON naming a field the ticket does not have: the server refuses it at this row.
    await fee.getByRole('button', { name: '以 JSON 编辑' }).click();
    await fee.getByTestId('formula-text').fill('{"if": [{"var": "under_warranty_x"}, 0, 800]}');
    await page.getByTestId('flow-publish').click();
    await fee.getByTestId('flow-effect-problems').getByText('「under_warranty_x」不是这个业务对象的字段').waitFor();
    await fee.scrollIntoViewIfNeeded();
    await screenshot(page, '49i-flow-effect-formula-refused');
    await fee.getByTestId('formula-text').fill('{"if": [{"var": "under_warranty"}, 0, 800]}');

    // 时限与提醒: a reminder on 已派工 after 1 分钟, unless an activity was logged on the ticket's customer since.
    await page.getByRole('button', { name: '时限与提醒' }).click();
    await page.getByTestId('flow-timers').waitFor();
    // The shipped response deadline, calculated by priority, opens as a formula to edit (no longer view-only).
    const sla = page.getByTestId('flow-timer-0');
    assert.equal(await sla.getByTestId('flow-timer-after-kind').innerText(), '按公式计算');
    assert.match(await sla.getByTestId('formula-text').inputValue(), /^if\(优先级 = "urgent", "PT2H", /);
    await page.getByTestId('flow-timer-add').click();
    const timers = (await api(s.url, admin, 'GET', `/api/admin/workflows/${FLOW}/versions`)).definition.timers.length;
    const card = page.getByTestId(`flow-timer-${timers}`);
    await card.getByTestId('flow-timer-label').fill('派工后跟进提醒');
    await chooseOption(page, card.getByTestId('flow-timer-state'), '已派工');
    await chooseOption(page, card.getByTestId('flow-timer-unit'), '分钟');
    await card.locator('.flow-timer-amount input').fill('1');
    await card.locator('.flow-timer-amount input').blur();
    await card.getByTestId('flow-related-on').click();
    await chooseOption(page, card.getByTestId('flow-related-entity'), '跟进记录');
    await chooseOption(page, card.getByTestId('flow-related-link'), '其「客户」与本记录的「客户」相同');
    await card.getByTestId('flow-notify-title').fill('派工 1 分钟仍未跟进:{{display}}');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, '49j-flow-timer-unless-related');

    await page.getByTestId('flow-publish').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认发布' }).click();
    await page.getByText('已发布,新版本立即生效').waitFor();

    // What was published is what the panels showed.
    const flow = (await api(s.url, admin, 'GET', `/api/admin/workflows/${FLOW}/versions`)).definition;
    const dispatch = flow.transitions.find((t: { action: string }) => t.action === 'dispatch');
    assert.deepEqual(dispatch.assign, { field: 'assigned_to', roundRobin: { role: 'service_manager' } });
    assert.deepEqual(dispatch.effects, { dispatch_time: { now: [] }, service_fee: { if: [{ var: 'under_warranty' }, 0, 800] } });
    const timer = flow.timers[timers];
    assert.deepEqual(
      { state: timer.state, after: timer.after, unlessRelated: timer.unlessRelated, to: timer.do.notify.to },
      { state: 'assigned', after: 'PT1M', unlessRelated: { entity: 'activity', field: 'customer', via: 'customer' }, to: [{ kind: 'field', field: 'owner' }] },
    );

    // The engine follows it: two tickets on two customers go to service_mgr with a fee of 800 …
    const customers = (await api(s.url, sales1, 'GET', '/api/records/customer?limit=2&sort=name')).data.map((c: { id: string }) => c.id);
    const serviceMgr = (await api(s.url, admin, 'GET', '/api/records/app_user?limit=50')).data.find((u: { username: string }) => u.username === 'service_mgr').id;
    const ticket = async (customer: string, subject: string) => {
      const created = await api(s.url, sales1, 'POST', '/api/records/service_ticket', { subject, ticket_type: 'repair', priority: 'medium', customer, reported_time: new Date().toISOString(), under_warranty: false, fault_description: '主轴异响' });
      return api(s.url, sales1, 'GET', `/api/records/service_ticket/${created.id}`);
    };
    const followed = await ticket(customers[0], '流程设计测试 已跟进');
    const silent = await ticket(customers[1], '流程设计测试 未跟进');
    for (const t of [followed, silent]) {
      assert.equal(t.status, 'assigned');
      assert.equal(t.assigned_to, serviceMgr, 'assigned within the 服务经理 role');
      assert.equal(Number(t.service_fee), 800);
    }
    // … and an activity on the first ticket's customer holds its reminder back; the other reminds its owner.
    await api(s.url, sales1, 'POST', '/api/records/activity', { subject: '电话回访', activity_type: 'phone', activity_time: new Date().toISOString(), notes: '已约上门时间', customer: customers[0] });
    const reminders = async (id: string) => (await api(s.url, sales1, 'GET', '/api/messages?limit=200')).data.filter((m: { record_id: string; kind: string }) => m.record_id === id && m.kind === 'reminder');
    const deadline = Date.now() + 150_000;
    while (!(await reminders(silent.id)).length) {
      assert.ok(Date.now() < deadline, 'the reminder for the ticket without follow-up came');
      await sleep(3000);
    }
    await sleep(6000); // one more turn of the job runner (every 5 s): the followed ticket's timer has had its turn
    assert.equal((await reminders(followed.id)).length, 0, 'no reminder once an activity was logged on the customer');
    const [message] = await reminders(silent.id);
    assert.match(message.title, /派工 1 分钟仍未跟进:/);
  });
});
