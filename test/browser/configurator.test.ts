// 快速选型: a sales user picks the 3051C series, sees an option disabled with its rule's reason, configures a
// transmitter, sees model code, spec and price as the server computes them, decodes a pasted code back into its
// choices, and adds the item to a new quote whose line keeps model code, spec, price and template version.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, chooseOption, crmServer, openMenu, signIn } from './support/web-app.ts';

const seed = JSON.parse(readFileSync(new URL('../../plugins/instrument-selection/seed/demo.json', import.meta.url), 'utf8'));
const TEMPLATE = seed.records.configurator_template.find((t: { code: string }) => t.code === '3051C').document;
const CHOICES = { type: 'G', range: '2', output: 'A', flange: '2', diaphragm: '2', oring: 'A', fill: '1', housing: 'A', options: ['B4', 'M5'] };

describe('browser: product configurator (快速选型)', function () {
  this.timeout(120_000);
  let url: string;
  let b: BrowserSession;
  let sales: string;
  let customer: { id: string; name: string };

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    // The series entered as data by an administrator (the plugin's example template, without the plugin).
    await api(url, await apiLogin(url, 'admin'), 'PUT', '/api/configurator/templates/3051C', TEMPLATE);
    sales = await apiLogin(url, 'sales1');
    customer = (await api(url, sales, 'GET', '/api/records/customer?limit=1&sort=name&fields=id,name')).data[0];
    b = await launchBrowser(1366, 900);
    await signIn(b.page, url, 'sales1');
  });
  after(async () => b?.close());

  const pageRoot = () => b.page.locator('.cfg-page').filter({ visible: true });
  const segment = (code: string) => pageRoot().locator(`[data-segment="${code}"]`);
  const option = (page: Page, seg: string, code: string) =>
    segment(seg).locator('.ant-radio-wrapper, .ant-checkbox-wrapper', { has: page.locator('.cfg-code', { hasText: new RegExp(`^${code}$`) }) });

  it('offers a forbidden option disabled with the rule\'s reason, and computes code, spec and price', async () => {
    const { page } = b;
    // 销售管理 → 快速选型 (the group may already be open).
    const entry = page.locator('.side-menu').getByRole('menuitem', { name: '快速选型', exact: true });
    if (!(await entry.isVisible())) await page.locator('.side-menu').getByText('销售管理', { exact: true }).click();
    await openMenu(page, '快速选型');
    await chooseOption(page, pageRoot().locator('.cfg-series'), '3051C');
    await chooseOption(page, pageRoot().locator('.cfg-customer .ant-select'), customer.name);
    await option(page, 'type', 'G').click();
    // Range 0 is for differential and absolute types only: offered disabled, with the rule's message.
    const range0 = option(page, 'range', '0');
    await range0.locator('.cfg-reason').waitFor();
    assert.ok(await range0.locator('input').isDisabled());
    const rule = TEMPLATE.rules.find((r: { code: string }) => r.code === 'range0_dp_ap');
    assert.match(await range0.innerText(), new RegExp(rule.message['zh-CN'].slice(0, 6)));
    await screenshot(page, '40-configurator-disabled-option');

    for (const [seg, code] of Object.entries(CHOICES)) {
      if (seg === 'type') continue;
      for (const c of Array.isArray(code) ? code : [code]) await option(page, seg, c).click();
    }
    const expected = await api(url, sales, 'POST', '/api/configurator/configure', { template: '3051C', choices: CHOICES, quantity: 1, customer: customer.id });
    await pageRoot().getByTestId('cfg-model-code').filter({ hasText: expected.model_code }).waitFor();
    const total = pageRoot().getByTestId('cfg-total');
    await total.waitFor();
    assert.equal((await total.innerText()).replace(/[^\d.]/g, ''), expected.total.toFixed(2));
    await pageRoot().locator('.ant-descriptions').getByText(expected.spec[0].text, { exact: false }).first().waitFor();
    await screenshot(page, '41-configurator-result');
  });

  it('reads a pasted model code back into its choices', async () => {
    const { page } = b;
    const other = await api(url, sales, 'POST', '/api/configurator/configure', { template: '3051C', choices: { ...CHOICES, type: 'D', range: '3', options: ['B4'] } });
    await pageRoot().locator('#cfg-decode').fill(other.model_code);
    await pageRoot().locator('#cfg-decode').press('Enter');
    await pageRoot().getByTestId('cfg-model-code').filter({ hasText: new RegExp(`^${other.model_code}$`) }).waitFor();
    assert.ok(await option(page, 'type', 'D').locator('input').isChecked());
    assert.ok(await option(page, 'range', '3').locator('input').isChecked());
    // A code no template reads says where it fails.
    await pageRoot().locator('#cfg-decode').fill(`${other.model_code.slice(0, 6)}Z`);
    await pageRoot().locator('#cfg-decode').press('Enter');
    await pageRoot().locator('.ant-typography-danger').waitFor();
    await screenshot(page, '42-configurator-decode-error');
  });

  it('adds the configured item to a new quote, whose line keeps model code, spec, price and template version', async () => {
    const { page } = b;
    await pageRoot().locator('#cfg-decode').fill('');
    for (const [seg, code] of Object.entries(CHOICES)) {
      if (seg === 'options') continue;
      await option(page, seg, code as string).click();
    }
    for (const c of CHOICES.options) if (!(await option(page, 'options', c).locator('input').isChecked())) await option(page, 'options', c).click();
    const expected = await api(url, sales, 'POST', '/api/configurator/configure', { template: '3051C', choices: CHOICES, quantity: 1, customer: customer.id });
    await pageRoot().getByTestId('cfg-model-code').filter({ hasText: new RegExp(`^${expected.model_code}$`) }).waitFor();

    await pageRoot().getByRole('button', { name: '加入报价单' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '加入报价单' });
    await dialog.getByText('新建报价单').click();
    await dialog.locator('#cfg-quote-subject').fill('选型测试报价');
    await screenshot(page, '43-configurator-add-to-quote');
    await dialog.getByRole('button', { name: '加入报价单' }).click();
    await page.getByText('已加入报价单').first().waitFor();
    // The quote opens in its own tab, its line's model code cell holding the code.
    const record = page.getByTestId('record-quote').filter({ visible: true });
    await record.getByTestId('lines-lines').locator(`input[value="${expected.model_code}"]`).first().waitFor();
    await screenshot(page, '44-configurator-quote-line');

    const quotes = await api(url, sales, 'GET', `/api/records/quote?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'subject' }, '选型测试报价'] }))}&expand=lines`);
    assert.equal(quotes.data.length, 1);
    const [line] = quotes.data[0].lines;
    assert.equal(line.model_code, expected.model_code);
    assert.equal(line.unit_price, expected.unit_price);
    assert.equal(line.quantity, 1);
    assert.equal(line.config_template, '3051C');
    assert.equal(line.template_version, expected.template_version);
    assert.match(line.specification, new RegExp(expected.spec[1].text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(quotes.data[0].customer, customer.id);
  });
});
