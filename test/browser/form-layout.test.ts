// Forms laid out by metadata: tabs of sections in their column grids, and sections shown only while their
// visibleWhen holds for the data being typed (a service ticket's 责任鉴定 for repairs, complaints and returns; an
// opportunity's 赢输原因 once it is won or lost).
import assert from 'node:assert/strict';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, chooseOption, openMenu, signIn, signOut, suiteBrowser } from './support/web-app.ts';

describe('browser: form layouts', function () {
  this.timeout(180_000);
  const app = suiteBrowser();

  it('shows a service ticket in tabs and sections, with 责任鉴定 only for repair, complaint or return tickets', async () => {
    const { page } = app;
    await signIn(page, app.url, 'service1');
    await openMenu(page, '服务请求');
    await page.getByTestId('list-service_ticket').getByTestId('list-new').click();
    const form = page.getByTestId('record-service_ticket').filter({ visible: true });
    for (const tab of ['服务请求', '处理', '回访']) await form.getByRole('tab', { name: tab, exact: true }).waitFor();
    // The first tab's sections, each under its title.
    for (const section of ['request-main', 'request-equipment', 'request-fault']) await form.getByTestId(`section-${section}`).waitFor();
    await screenshot(page, '17-form-layout-tabs');

    await form.getByRole('tab', { name: '处理', exact: true }).click();
    await form.getByTestId('section-handling-dispatch').waitFor();
    assert.equal(await form.getByTestId('section-handling-responsibility').count(), 0, 'no 责任鉴定 before the type says so');

    // Typing the type on the first tab brings the section in on the second.
    await form.getByRole('tab', { name: '服务请求', exact: true }).click();
    const type = form.locator('.layout-cell').filter({ has: page.locator('[id$="_ticket_type"]') }).locator('.ant-select');
    await chooseOption(page, type, '维修');
    await form.getByRole('tab', { name: '处理', exact: true }).click();
    const responsibility = form.getByTestId('section-handling-responsibility');
    await responsibility.locator('.layout-section-title', { hasText: '责任鉴定' }).waitFor();
    await responsibility.scrollIntoViewIfNeeded();
    await screenshot(page, '18-form-layout-visible-when');

    await form.getByRole('tab', { name: '服务请求', exact: true }).click();
    await chooseOption(page, type, '咨询');
    await form.getByRole('tab', { name: '处理', exact: true }).click();
    await form.getByTestId('section-handling-responsibility').waitFor({ state: 'detached' });
    await signOut(page);
  });

  it('shows an opportunity its 赢输原因 once it is won, and its stage read-only', async () => {
    const { page } = app;
    const token = await apiLogin(app.url, 'admin');
    const byStage = async (filter: unknown) => (await api(app.url, token, 'GET', `/api/records/opportunity?limit=1&filter=${encodeURIComponent(JSON.stringify(filter))}`)).data[0];
    const won = await byStage({ '==': [{ var: 'stage' }, 'won'] });
    const open = await byStage({ '!': { in: [{ var: 'stage' }, ['won', 'lost', 'abandoned']] } });
    await signIn(page, app.url, 'admin');
    const record = page.getByTestId('record-opportunity').filter({ visible: true });

    await page.goto(`${app.url}/#/record/opportunity/${open.id}`);
    await record.getByTestId('record-title').filter({ hasText: open.name }).waitFor();
    // The workflow's state is not a form input: it shows as a value.
    await record.locator('.readonly-value[data-field="stage"]').waitFor();
    assert.equal(await record.locator('input[id$="_stage"]').count(), 0);
    await record.getByRole('tab', { name: '竞争与结果' }).click();
    await record.getByTestId('section-competition-competitors').waitFor();
    assert.equal(await record.getByTestId('section-competition-outcome').count(), 0);

    await page.goto(`${app.url}/#/record/opportunity/${won.id}`);
    await record.getByTestId('record-title').filter({ hasText: won.name }).waitFor();
    await record.getByRole('tab', { name: '竞争与结果' }).click();
    await record.getByTestId('section-competition-outcome').locator('.layout-section-title', { hasText: '赢输原因' }).waitFor();
    await screenshot(page, '19-opportunity-win-loss');
    await signOut(page);
  });
});
