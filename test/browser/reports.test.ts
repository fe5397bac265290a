// 报表专家 and dashboards: the sales director's portal shows the sales funnel once (computed under their own rights);
// clicking a stage opens exactly the matching opportunities as a filtered list; long department names on the
// performance chart do not run into each other; a sales manager builds a report in the builder, sees the live preview
// and saves it as their own report; a report with parameters previews with the values chosen in its boxes.
import assert from 'node:assert/strict';
import { PERIOD_REPORT_DEFINITION } from './period-report.ts';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, signIn, signOut, suiteBrowser } from './support/web-app.ts';

const OPEN = { '!': { in: [{ var: 'stage' }, ['lost', 'abandoned']] } };

describe('browser: reports and dashboards', function () {
  this.timeout(120_000);
  const app = suiteBrowser();
  const created: { token: string; code: string }[] = [];
  // Shared demo state: the reports saved here are taken away again.
  after(async () => {
    for (const { token, code } of created) await api(app.url, token, 'DELETE', `/api/reports/${code}`);
  });

  it("shows the sales director the funnel on the portal, and a stage's click opens its opportunities", async () => {
    const { page } = app;
    await signIn(page, app.url, 'sales_director');
    const token = await apiLogin(app.url, 'sales_director');
    const result = await api(app.url, token, 'POST', '/api/reports/sales_funnel/run', {});
    const stages = result.columns[0].options.map((o: { code: string }) => o.code) as string[];
    const rows = [...result.rows].sort((a, b) => stages.indexOf(a.stage) - stages.indexOf(b.stage));
    assert.ok(rows.length > 1, 'the demo has open opportunities in several stages');

    const card = page.getByTestId('dashboard-sales_funnel');
    await card.getByText('销售漏斗', { exact: true }).waitFor();
    const chart = page.getByTestId('dashboard-chart-sales_funnel');
    await chart.locator('canvas').waitFor();
    // Every dashboard card is drawn before counting: one funnel, each widget once.
    const board = (await api(app.url, token, 'GET', '/api/reports?dashboard=true')).data as { code: string }[];
    await page.getByTestId('portal-dashboard').locator('.portal-card').nth(board.length - 1).waitFor();
    assert.equal(await page.getByTestId('portal-dashboard').locator('.portal-card').count(), board.length);
    assert.equal(await page.getByTestId('portal-dashboard').locator('[data-chart="funnel"]').count(), 1, 'one funnel on the portal');
    // The director's portal has several dashboards: this one may start below the fold, where a click lands nowhere.
    await chart.scrollIntoViewIfNeeded();
    await page.waitForTimeout(800); // the funnel's entry animation
    await screenshot(page, '50-portal-dashboard-funnel');

    // The funnel draws the stages top to bottom between top 10 px and bottom 40 px of the chart: click the first.
    const box = (await chart.boundingBox())!;
    const band = (box.height - 50) / rows.length;
    await page.mouse.click(box.x + box.width / 2, box.y + 10 + band / 2);
    const label = result.columns[0].options.find((o: { code: string }) => o.code === rows[0].stage).label as string;
    const list = page.getByTestId('list-opportunity');
    await list.getByTestId('list-report-filter').waitFor();
    assert.match(await list.getByTestId('list-report-filter').innerText(), new RegExp(label));
    const filter = encodeURIComponent(JSON.stringify({ and: [OPEN, { '==': [{ var: 'stage' }, rows[0].stage] }] }));
    const expected = await api(app.url, token, 'GET', `/api/records/opportunity?count=exact&limit=1&filter=${filter}`);
    assert.equal(expected.count, rows[0].n);
    await list.getByTestId('list-total').filter({ hasText: `共 ${expected.count} 条` }).waitFor();
    assert.equal(await list.locator('.ant-table-row').count(), Math.min(expected.count, 50));
    await screenshot(page, '51-funnel-stage-records');
    await signOut(page);
  });

  it('keeps long department names on the performance chart apart: wrapped or turned and cut, the whole name in the tooltip', async () => {
    const { page } = app;
    const admin = await apiLogin(app.url, 'admin');
    const departments = (await api(app.url, admin, 'GET', '/api/records/department?fields=name,version&limit=100')).data as { id: string; name: string; version: number }[];
    const renamed = departments.filter((d) => /^销售.部$/.test(d.name));
    assert.ok(renamed.length >= 2, renamed.map((d) => d.name).join());
    const long = (name: string) => `华东大区${name}重点行业客户（机床及自动化产线）`;
    for (const d of renamed) await api(app.url, admin, 'PATCH', `/api/records/department/${d.id}`, { name: long(d.name), version: d.version });
    try {
      await signIn(page, app.url, 'sales_director');
      // The first test left the director's opportunity list open: back to the portal.
      await page.locator('.side-menu').getByText('个人门户', { exact: true }).click();
      const chart = page.getByTestId('dashboard-chart-sales_performance_department');
      await chart.locator('canvas').waitFor();
      await chart.scrollIntoViewIfNeeded();
      await page.waitForTimeout(800);
      assert.notEqual(await chart.getAttribute('data-axis-labels'), 'plain', 'the long names do not fit side by side');
      await screenshot(page, '56-portal-department-chart-long-names');
      // Over the first bar the tooltip names the department in full.
      const box = (await chart.boundingBox())!;
      await page.mouse.move(box.x + 90, box.y + box.height / 3);
      await chart.locator('div', { hasText: /华东大区销售.部重点行业客户（机床及自动化产线）/ }).last().waitFor();
      await screenshot(page, '57-portal-department-chart-tooltip');
      await signOut(page);
    } finally {
      for (const d of renamed) {
        const now = await api(app.url, admin, 'GET', `/api/records/department/${d.id}`);
        await api(app.url, admin, 'PATCH', `/api/records/department/${d.id}`, { name: d.name, version: now.version });
      }
    }
  });

  it('lets a sales manager build a report with a live preview and save it as their own', async () => {
    const { page } = app;
    await signIn(page, app.url, 'sales_mgr1');
    await page.locator('.side-menu').getByText('报表专家', { exact: true }).click();
    const builder = page.getByTestId('report-builder');
    await builder.getByText('先选择统计对象').waitFor();
    await builder.getByTestId('report-entity').click();
    await page.keyboard.type('销售机会');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^销售机会$/ }).first().click();
    await builder.getByTestId('report-add-group').click();
    await builder.getByTestId('report-group-0').click();
    await page.keyboard.type('销售阶段');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '销售阶段' }).first().click();
    await builder.getByTestId('report-add-measure').click();
    await builder.getByTestId('report-measure-field-1').click();
    await page.keyboard.type('预计金额');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '预计金额' }).first().click();
    await builder.getByTestId('report-chart-type').getByText('饼图', { exact: true }).click();
    await builder.getByTestId('report-preview-chart').locator('canvas').waitFor();
    const table = builder.getByTestId('report-preview-table');
    await table.getByText('合计', { exact: true }).waitFor();
    // The preview runs again once the measure's field is chosen: read the header after that answer is drawn.
    await table.locator('thead th', { hasText: '预计金额合计' }).waitFor();
    const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
    assert.deepEqual(headers, ['销售阶段', '数量', '预计金额合计']);
    await page.waitForTimeout(600);
    await screenshot(page, '52-report-builder-preview');

    await builder.getByTestId('report-save').click();
    const dialog = page.getByTestId('save-report-dialog');
    await page.getByTestId('report-name').fill('我部门商机阶段金额');
    // A sales manager may not list roles (only their own are offered); departments they may read.
    await page.getByTestId('report-share-departments').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '销售一部' }).first().click();
    await page.keyboard.press('Escape');
    await screenshot(page, '53-report-save-dialog');
    await page.locator('.ant-modal:visible').getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('报表「我部门商机阶段金额」已保存').waitFor();
    await builder.getByTestId('saved-reports').getByText('我部门商机阶段金额').waitFor();
    // The dialog closes (its animation may outlast the message).
    await dialog.waitFor({ state: 'detached' });

    const token = await apiLogin(app.url, 'sales_mgr1');
    const mine = (await api(app.url, token, 'GET', '/api/reports')).data.find((r: { label: string }) => r.label === '我部门商机阶段金额');
    created.push({ token, code: mine.code });
    assert.deepEqual(mine.definition.group_by, [{ field: 'stage' }]);
    assert.equal(mine.chart.type, 'pie');
    assert.deepEqual(mine.shared_departments, [(await api(app.url, token, 'GET', '/api/me')).user.department]);
    const sales1 = await apiLogin(app.url, 'sales1');
    assert.ok((await api(app.url, sales1, 'GET', '/api/reports')).data.some((r: { code: string }) => r.code === mine.code), 'shared with his department');
    await signOut(page);
  });
  it('runs an opened report with parameters in the live preview with the values chosen, a date as a relative period', async () => {
    const { page } = app;
    const token = await apiLogin(app.url, 'sales_director');
    const report = await api(app.url, token, 'POST', '/api/reports', {
      labels: { 'zh-CN': '期间预计成交(按阶段)' },
      definition: PERIOD_REPORT_DEFINITION,
    });
    created.push({ token, code: report.code });
    await signIn(page, app.url, 'sales_director');
    await page.locator('.side-menu').getByText('报表专家', { exact: true }).click();
    const builder = page.getByTestId('report-builder');
    await builder.getByTestId(`saved-report-${report.code}`).click();
    // Required parameters without a value: the preview waits for them instead of failing.
    await builder.getByTestId('report-parameters-needed').getByText('请先在上方填写报表参数').waitFor();
    const boxes = builder.getByTestId('report-parameters');
    await boxes.getByText('报表参数', { exact: true }).waitFor();
    for (const name of ['from', 'to']) {
      await boxes.getByTestId(`report-param-${name}`).click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^本年$/ }).first().click();
    }
    // 本年 counted from today in the company's time zone: the first and the last day of the year.
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
    await builder.getByTestId('report-parameters-used').filter({ hasText: `参数：开始日期 ${year}-01-01，结束日期 ${year}-12-31` }).waitFor();
    const expected = await api(app.url, token, 'POST', `/api/reports/${report.code}/run`, { parameters: { from: { period: 'this_year', edge: 'start' }, to: { period: 'this_year', edge: 'end' } } });
    assert.ok(expected.rows.length > 0, 'the demo has opportunities closing this year');
    const table = builder.getByTestId('report-preview-table');
    await table.locator('.ant-table-row').last().filter({ hasText: `合计${expected.totals.count}` }).waitFor();
    assert.equal(await table.locator('.ant-table-row').count(), expected.rows.length + 1, "this year's stages and the totals");
    await boxes.scrollIntoViewIfNeeded();
    await page.waitForTimeout(600);
    await screenshot(page, '52b-report-builder-parameters');

    // A fixed date narrows it: the preview runs again with the date picked.
    await boxes.getByTestId('report-param-from').click();
    // The option list opens scrolled to 本年 (a virtual list draws only what is in view): back to its top.
    await page.locator('.ant-select-dropdown:visible').hover();
    await page.mouse.wheel(0, -2000);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^固定日期$/ }).first().click();
    await boxes.locator('.ant-picker input').click();
    await page.keyboard.type(`${year}-12-01`);
    await page.keyboard.press('Enter');
    await builder.getByTestId('report-parameters-used').filter({ hasText: `参数：开始日期 ${year}-12-01，结束日期 ${year}-12-31` }).waitFor();
    await signOut(page);
  });
});
