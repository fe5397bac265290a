// Refused designer changes in 实体设计, in zh-CN, each shown at the control that caused it and changing nothing: taking
// an option out of the core 所属行业 field while customers hold it (a narrowing the data cannot take: said at the
// options with the row count), and a validation rule whose condition, typed as JSON, names a field customers do not
// have (said under the condition). The flow and role refusals are the flow designer's and role designer's suites and
// test/http/designer-refusals.test.ts.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, crmServer, openMenu, signIn } from './support/web-app.ts';

describe('browser: refused designer changes, at their controls', function () {
  this.timeout(180_000);
  let url: string;
  let b: BrowserSession;
  let admin: string;
  let extensionBefore: unknown;

  const customerExtension = async () => (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'customer');
  const industryOptions = async () => ((await api(url, admin, 'GET', '/api/meta/entities/customer')).fields.find((f: { name: string }) => f.name === 'industry').options as { code: string; labels: Record<string, string> }[]);

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    admin = await apiLogin(url, 'admin');
    extensionBefore = await customerExtension();
    b = await launchBrowser();
    await signIn(b.page, url, 'admin');
  });
  after(async () => {
    await b?.close();
    // Nothing should have changed; if something did, the shared server gets customer back as it was.
    const now = await customerExtension();
    if (JSON.stringify(now) === JSON.stringify(extensionBefore)) return;
    if (extensionBefore) await api(url, admin, 'PUT', '/api/admin/extensions/customer', extensionBefore);
    else await api(url, admin, 'DELETE', '/api/admin/extensions/customer');
  });

  it('refuses taking out an industry option customers hold, at the options with their count, and keeps it', async () => {
    const { page } = b;
    const options = await industryOptions();
    const counts = await Promise.all(
      options.map(async (o) => (await api(url, admin, 'GET', `/api/records/customer?limit=1&count=exact&filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'industry' }, o.code] }))}`)).count as number),
    );
    const held = counts.indexOf(Math.max(...counts));
    assert.ok(counts[held]! > 0, 'some customers hold an industry');

    await openMenu(page, '实体设计');
    const designer = page.getByTestId('custom-fields-page');
    await designer.getByTestId('field-industry').getByTestId('field-edit').click();
    const editor = page.getByTestId('field-editor');
    const row = editor.getByTestId('field-option').nth(held);
    await row.getByLabel('中文名称').inputValue().then((v) => assert.equal(v, options[held]!.labels['zh-CN']));
    await row.getByRole('button', { name: '删除选项' }).click();
    await page.getByTestId('field-save').click();
    const at = editor.getByTestId('field-options').locator('.ant-form-item-explain-error');
    await at.filter({ hasText: `仍有 ${counts[held]} 行记录在用要删除的选项` }).waitFor();
    await editor.getByTestId('field-problems').filter({ hasText: '数据库拒绝了这项变更' }).waitFor();
    await screenshot(page, '80-designer-option-removal-refused');
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await editor.waitFor({ state: 'detached' });

    assert.deepEqual((await industryOptions()).map((o) => o.code), options.map((o) => o.code));
    assert.deepEqual(await customerExtension(), extensionBefore);
  });

  it('refuses a rule naming a field customers do not have, under the condition, and stores no rule', async () => {
    const { page } = b;
    const card = page.getByTestId('entity-rules');
    await card.getByTestId('rules-add').click();
    const editor = page.getByTestId('rule-editor');
    await editor.getByTestId('rule-name').fill('budget_cap');
    await editor.getByTestId('rule-message-zh').fill('预算不得超过 100 万元');
    await editor.getByTestId('rule-message-en').fill('Budget at most 1,000,000');
    await editor.getByTestId('rule-condition').getByText('JSON', { exact: true }).click();
    await editor.getByRole('textbox', { name: 'JSON' }).fill('{"<=": [{"var": "budget_amount"}, 1000000]}');
    await page.getByTestId('rule-save').click();
    await editor.getByTestId('rule-condition-problems').getByText('找不到字段“budget_amount”').waitFor();
    await screenshot(page, '81-designer-rule-unknown-field-refused');
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await editor.waitFor({ state: 'detached' });

    const ext = await customerExtension();
    assert.equal(((ext?.rules as { name: string }[] | undefined) ?? []).some((r) => r.name === 'budget_cap'), false);
    assert.deepEqual(ext, extensionBefore);
  });
});
