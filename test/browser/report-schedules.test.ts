// 定时发送 in 报表专家: the sales director opens his saved report, schedules it weekly to a department at a time of day,
// and sees it listed with its recipients and next run; the schedule and the report are taken away again.
import assert from 'node:assert/strict';
import { PERIOD_REPORT_DEFINITION } from './period-report.ts';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, signIn, signOut, suiteBrowser } from './support/web-app.ts';

describe('browser: report schedules (定时发送)', function () {
  this.timeout(120_000);
  const app = suiteBrowser();
  let token = '';
  let code = '';
  const codes: string[] = [];
  // Shared demo state: the reports (and their schedules) made here go again.
  after(async () => {
    for (const c of [code, ...codes].filter(Boolean)) {
      for (const s of (await api(app.url, token, 'GET', `/api/reports/${c}/schedules`)).data ?? []) await api(app.url, token, 'DELETE', `/api/reports/${c}/schedules/${s.id}`);
      await api(app.url, token, 'DELETE', `/api/reports/${c}`);
    }
  });

  it('schedules a saved report weekly to a department, lists it with its next run, and edits it to daily', async () => {
    token = await apiLogin(app.url, 'sales_director');
    const report = await api(app.url, token, 'POST', '/api/reports', {
      labels: { 'zh-CN': '商机阶段周报(定时)' },
      definition: { entity: 'opportunity', group_by: [{ field: 'stage' }], measures: [{ op: 'count', as: 'n' }] },
    });
    code = report.code;
    const { page } = app;
    await signIn(page, app.url, 'sales_director');
    await page.locator('.side-menu').getByText('报表专家', { exact: true }).click();
    const builder = page.getByTestId('report-builder');
    await builder.getByTestId(`saved-report-${code}`).click();
    await builder.getByTestId('report-schedule-open').click();
    const dialog = page.getByTestId('report-schedules-dialog');
    await dialog.getByText('还没有定时发送，可在下方添加').waitFor();

    await dialog.getByTestId('schedule-weekday').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '星期三' }).first().click();
    await dialog.getByTestId('schedule-time').click();
    await page.keyboard.type('08:30');
    await page.keyboard.press('Enter');
    await dialog.locator('.ant-form-item', { hasText: '按部门' }).locator('.ant-select').click();
    await page.keyboard.type('销售一部');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '销售一部' }).first().click();
    await page.keyboard.press('Escape');
    await screenshot(page, '54-report-schedule-form');
    await dialog.getByTestId('schedule-add').click();
    await page.getByText('已添加定时发送').waitFor();

    const item = dialog.getByTestId('report-schedule');
    await item.getByText('每周星期三 08:30').waitFor();
    await item.getByTestId('report-schedule-recipients').filter({ hasText: '部门「销售一部」' }).waitFor();
    const [schedule] = (await api(app.url, token, 'GET', `/api/reports/${code}/schedules`)).data;
    assert.equal(schedule.weekday, 3);
    assert.equal(schedule.time_of_day, '08:30');
    const next = new Date(schedule.next_run_at);
    assert.equal(next.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', weekday: 'long', hour: '2-digit', minute: '2-digit' }), 'Wednesday 08:30');
    const shown = await item.getByTestId('report-schedule-next').innerText();
    assert.match(shown, /^下次发送：\d{4}-\d{2}-\d{2} 08:30/);
    await screenshot(page, '55-report-schedule-list');

    // 修改 loads the schedule into the form; saving changes it in place (still one schedule), now daily at 07:00.
    await item.getByTestId('report-schedule-edit').click();
    await dialog.getByText('修改定时发送').waitFor();
    await dialog.getByTestId('schedule-frequency').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '每天' }).first().click();
    await dialog.getByTestId('schedule-time').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('07:00');
    await page.keyboard.press('Enter');
    await screenshot(page, '55b-report-schedule-edit');
    await dialog.getByTestId('schedule-add').click();
    await page.getByText('已保存定时发送').waitFor();
    await item.getByText('每天 07:00').waitFor();
    const after = (await api(app.url, token, 'GET', `/api/reports/${code}/schedules`)).data;
    assert.deepEqual(after.map((x: { id: string; frequency: string; time_of_day: string }) => [x.id, x.frequency, x.time_of_day]), [[schedule.id, 'daily', '07:00']]);
    assert.deepEqual(after[0].recipients, schedule.recipients, 'the recipients are kept');
    await page.locator('.ant-modal:visible .ant-modal-close').click();
    await signOut(page);
  });

  it('keeps parameter values with a schedule, a date as a relative period (上月的第一天 … 最后一天)', async () => {
    token = await apiLogin(app.url, 'sales_director');
    const report = await api(app.url, token, 'POST', '/api/reports', {
      labels: { 'zh-CN': '上月预计成交(定时)' },
      definition: PERIOD_REPORT_DEFINITION,
    });
    codes.push(report.code);
    const { page } = app;
    await signIn(page, app.url, 'sales_director');
    await page.locator('.side-menu').getByText('报表专家', { exact: true }).click();
    const builder = page.getByTestId('report-builder');
    await builder.getByTestId(`saved-report-${report.code}`).click();
    await builder.getByTestId('report-schedule-open').click();
    const dialog = page.getByTestId('report-schedules-dialog');
    await dialog.getByText('报表参数').waitFor();
    for (const name of ['from', 'to']) {
      await dialog.getByTestId(`schedule-param-${name}`).click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^上月$/ }).first().click();
    }
    await dialog.getByTestId('schedule-time').click();
    await page.keyboard.type('08:00');
    await page.keyboard.press('Enter');
    await dialog.locator('.ant-form-item', { hasText: '按部门' }).locator('.ant-select').click();
    await page.keyboard.type('销售一部');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '销售一部' }).first().click();
    await page.keyboard.press('Escape');
    await screenshot(page, '58-report-schedule-parameters');
    await dialog.getByTestId('schedule-add').click();
    await page.getByText('已添加定时发送').waitFor();
    await dialog.getByTestId('report-schedule-parameters').filter({ hasText: '参数：开始日期 上月·第一天，结束日期 上月·最后一天' }).waitFor();
    const [schedule] = (await api(app.url, token, 'GET', `/api/reports/${report.code}/schedules`)).data;
    assert.deepEqual(schedule.parameters, { from: { period: 'last_month', edge: 'start' }, to: { period: 'last_month', edge: 'end' } });
    await screenshot(page, '59-report-schedule-parameters-list');
    await page.locator('.ant-modal:visible .ant-modal-close').click();
    await signOut(page);
  });
});
