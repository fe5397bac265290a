// The condition builder in zh-CN: an admin builds a validation rule for customers in 实体设计 (信用额度 不超过 a cap),
// tries it on the customer with the highest limit and sees the message a save would show, then saves it after the
// plan; and in 选型模版管理 sets a rule's condition with the builder and sees the 试配置 box refuse that combination
// before anything is saved. The customer extension and the template are put back afterwards (shared server).
import assert from 'node:assert/strict';
import { customerFixture, type CustomerFixture } from './support/customer-extension.ts';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, chooseOption, crmServer, openMenu, signIn } from './support/web-app.ts';

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const TEMPLATE = {
  code: 'RB1',
  labels: L('RB1 试验流量计', 'RB1 Test flow meter'),
  base_price: '1000',
  currency: 'CNY',
  segments: [
    { code: 'size', labels: L('口径', 'Size'), prefix: '-', options: [{ code: '025', labels: L('DN25', 'DN25'), spec: '口径 DN25' }, { code: '050', labels: L('DN50', 'DN50'), spec: '口径 DN50' }] },
    { code: 'electrode', labels: L('电极', 'Electrode'), options: [{ code: 'S', labels: L('316L', '316L'), spec: '电极:316L' }, { code: 'T', labels: L('钽', 'Tantalum'), spec: '电极:钽', price: { add: '800' } }] },
  ],
};

describe('browser: condition builder and try-it boxes', function () {
  this.timeout(180_000);
  let url: string;
  let b: BrowserSession;
  let admin: string;
  let customers: CustomerFixture;
  let richest: CustomerFixture['richest'];

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    admin = await apiLogin(url, 'admin');
    customers = await customerFixture(url, admin);
    richest = customers.richest;
    assert.ok(Number(richest.credit_limit) > 0);
    await api(url, admin, 'PUT', '/api/configurator/templates/RB1', TEMPLATE);
    b = await launchBrowser(1366, 900);
    await signIn(b.page, url, 'admin');
  });
  after(async () => {
    await b?.close();
    await customers?.restore();
    for (const r of (await api(url, admin, 'GET', '/api/records/configurator_template?fields=id&filter=' + encodeURIComponent(JSON.stringify({ '==': [{ var: 'code' }, 'RB1'] })))).data) {
      await api(url, admin, 'DELETE', `/api/records/configurator_template/${r.id}`);
    }
  });

  it('builds a validation rule for customers, tries it on a record, and saves it after the plan', async () => {
    const { page } = b;
    const cap = Math.floor(Number(richest.credit_limit) / 2);
    await openMenu(page, '实体设计');
    const card = page.getByTestId('entity-rules');
    await card.getByText('还没有校验规则').waitFor();
    await card.getByTestId('rules-add').click();
    const editor = page.getByTestId('rule-editor');
    await editor.getByTestId('rule-name').fill('credit_cap');
    await editor.getByTestId('rule-message-zh').fill(`信用额度不得超过 ${cap} 元`);
    await editor.getByTestId('rule-message-en').fill(`Credit limit at most ${cap}`);
    await editor.getByTestId('rule-add-row').click();
    const row = editor.getByTestId('rule-row').first();
    await chooseOption(page, row.locator('.rule-field'), '信用额度');
    await chooseOption(page, row.locator('.rule-op'), '小于等于');
    await row.getByLabel('值').fill(String(cap));

    const tryBox = editor.getByTestId('rule-try');
    await chooseOption(page, tryBox.locator('.rule-try-record'), richest.name);
    await tryBox.getByTestId('rule-try-run').click();
    const result = tryBox.getByTestId('rule-try-result');
    await result.getByText('校验不通过').waitFor();
    assert.match(await result.innerText(), new RegExp(`信用额度不得超过 ${cap} 元`));
    await screenshot(page, '70-rule-builder-try-validation');

    await page.getByTestId('rule-save').click();
    await page.getByTestId('schema-plan').waitFor();
    await page.getByTestId('plan-apply').click();
    await card.getByText('credit_cap').waitFor();
    const stored = (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'customer');
    assert.deepEqual(stored.rules, [{ name: 'credit_cap', condition: { '<=': [{ var: 'credit_limit' }, cap] }, message: L(`信用额度不得超过 ${cap} 元`, `Credit limit at most ${cap}`) }]);
    await screenshot(page, '71-rule-builder-entity-rules');
  });

  it('sets a template rule with the builder and the test box refuses that combination before saving', async () => {
    const { page } = b;
    await openMenu(page, '选型模版管理');
    const root = page.getByTestId('cfg-editor');
    await chooseOption(page, root.locator('.cfg-series'), 'RB1');
    const rules = root.getByTestId('cfg-editor-rules');
    await rules.getByRole('button', { name: '添加规则' }).click();
    await rules.getByRole('textbox', { name: '代码 1' }).fill('tantalum_small');
    await rules.getByLabel('中文提示 1').fill('钽电极仅用于 DN50 及以上');
    await rules.getByLabel('英文提示 1').fill('Tantalum electrodes from DN50 up');
    await rules.getByTestId('cfg-rule-when-0').click();
    const builder = page.getByTestId('cfg-rule-builder');
    for (const [field, value] of [['口径', '025'], ['电极', 'T']] as const) {
      await builder.getByTestId('rule-add-row').first().click();
      const row = builder.getByTestId('rule-row').last();
      await chooseOption(page, row.locator('.rule-field'), field);
      await chooseOption(page, row.locator('.rule-value'), value);
    }
    await screenshot(page, '72-rule-builder-template-condition');
    await page.getByTestId('cfg-rule-when-apply').click();
    await rules.getByTestId('cfg-rule-when-0').getByText('口径、电极').waitFor();

    const box = root.getByTestId('cfg-test-box');
    await chooseOption(page, box.locator('#cfg-test-size').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]'), '025');
    await chooseOption(page, box.locator('#cfg-test-electrode').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]'), 'T');
    await box.getByTestId('cfg-test-run').click();
    await box.getByText('钽电极仅用于 DN50 及以上').waitFor();
    await screenshot(page, '73-rule-builder-template-test-refused');
    // Nothing was saved: the stored template still has no rule.
    assert.equal((await api(url, admin, 'GET', '/api/configurator/templates/RB1')).rules, undefined);
    await chooseOption(page, box.locator('#cfg-test-size').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]'), '050');
    await box.getByTestId('cfg-test-run').click();
    await box.getByTestId('cfg-model-code').getByText('RB1-050T').waitFor();
  });
});
