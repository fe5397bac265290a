// An administrator adds fields of their own to customers from 系统管理 → 实体设计: a refused schema change (a
// required field without a default on a populated table) is explained on the default input, then the field is saved
// and shows in an already open customer form at once (no reload of page or server), where it is filled and saved.
// A choice field with options and a reference to another object go the same way.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, chooseOption, crmServer, openMenu, signIn } from './support/web-app.ts';

const LABEL = '重点行业标记';

describe('browser: custom fields', function () {
  this.timeout(180_000);
  let url: string;
  let b: BrowserSession;
  let admin: string;
  let customer: { id: string; name: string };

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    admin = await apiLogin(url, 'admin');
    customer = (await api(url, admin, 'GET', '/api/records/customer?limit=1&sort=name')).data[0];
    b = await launchBrowser();
    await signIn(b.page, url, 'admin');
  });
  after(async () => {
    await b?.close();
    // The suites share one server: the customer entity goes back to how it was.
    const left = (await api(url, admin, 'GET', '/api/admin/extensions')).data.some((d: { extends: string }) => d.extends === 'customer');
    if (left) await api(url, admin, 'DELETE', '/api/admin/extensions/customer');
  });

  const record = () => b.page.getByTestId('record-customer').filter({ visible: true });

  it('adds a boolean field to customers, showing the server\'s problems on their inputs first', async () => {
    const { page } = b;
    // A customer form is open before the field exists.
    await page.goto(`${url}/#/record/customer/${customer.id}`);
    await record().getByTestId('record-title').filter({ hasText: customer.name }).waitFor();
    assert.equal(await record().getByText(LABEL).count(), 0);

    await openMenu(page, '实体设计');
    const fields = page.getByTestId('custom-fields-page');
    await fields.getByTestId('field-industry').waitFor();
    await fields.getByTestId('fields-add').click();
    const editor = page.getByTestId('field-editor');
    await editor.locator('#custom_field_name').fill('key_industry');
    await editor.locator('#custom_field_zh').fill(LABEL);
    await editor.locator('#custom_field_en').fill('Key industry');
    // What only the server checks comes back on the input its JSON pointer names (/fields/key_industry/maxLength).
    await editor.locator('#custom_field_maxLength').fill('99999999');
    await page.getByTestId('field-save').click();
    const lengthItem = editor.locator('.ant-form-item').filter({ has: page.locator('#custom_field_maxLength') });
    await lengthItem.locator('.ant-form-item-explain-error').filter({ hasText: '不能大于 10485760' }).waitFor();

    await chooseOption(page, editor.locator('.ant-form-item').filter({ has: page.locator('#custom_field_type') }).locator('.ant-select'), '是/否');
    // Required with no default, on a table that has customers: the database change is refused, and why is said.
    await editor.locator('#custom_field_required').click();
    await page.getByTestId('field-save').click();
    await editor.getByTestId('field-problems').filter({ hasText: '数据库拒绝了这项变更' }).waitFor();
    const defaultItem = editor.locator('.ant-form-item').filter({ has: page.locator('#custom_field_default') });
    await defaultItem.locator('.ant-form-item-explain-error').filter({ hasText: /已有 \d+ 行记录没有这个字段的值/ }).waitFor();
    await screenshot(page, '11-custom-field-refused');

    await editor.locator('#custom_field_required').click();
    await page.getByTestId('field-save').click();
    await page.getByTestId('plan-apply').click();
    await fields.getByTestId('fields-saved').waitFor();
    await fields.getByTestId('field-key_industry').getByText(LABEL).waitFor();
    await screenshot(page, '12-custom-fields');
  });

  it('shows the new field in the open customer form at once, and saves it', async () => {
    const { page } = b;
    await page.locator('.document-tabs .ant-tabs-tab', { hasText: customer.name }).click();
    const box = record().getByLabel(LABEL);
    await box.waitFor();
    // Fields no section of the layout places come last, under 其他.
    await record().getByTestId('section-basic-__other').getByText(LABEL).waitFor();
    await box.check();
    await record().getByTestId('record-save').click();
    await page.getByText('已保存', { exact: true }).first().waitFor();
    await record().getByTestId('section-basic-__other').scrollIntoViewIfNeeded();
    await screenshot(page, '13-custom-field-in-form');
    const saved = await api(url, admin, 'GET', `/api/records/customer/${customer.id}`);
    assert.equal(saved.key_industry, true);

    // A new customer's form has it too.
    await openMenu(page, '客户');
    await page.getByTestId('list-customer').getByTestId('list-new').click();
    await page.getByTestId('record-customer').filter({ visible: true }).getByLabel(LABEL).waitFor();
  });

  it('adds a choice field with options and a reference, with both labels, and both work in the open form', async () => {
    const { page } = b;
    const competitor = (await api(url, admin, 'GET', '/api/records/competitor?limit=1&sort=name')).data[0];
    await page.locator('.document-tabs .ant-tabs-tab', { hasText: '实体设计' }).click();
    const fields = page.getByTestId('custom-fields-page');
    const editor = page.getByTestId('field-editor');
    const item = (id: string) => editor.locator('.ant-form-item').filter({ has: page.locator(`#custom_field_${id}`) });

    // 单选 with two options, the second the default.
    await fields.getByTestId('fields-add').click();
    await editor.locator('#custom_field_name').fill('tier');
    await chooseOption(page, item('type').locator('.ant-select'), '单选');
    await editor.locator('#custom_field_zh').fill('客户分层');
    await editor.locator('#custom_field_en').fill('Customer tier');
    // Saving without options is caught before the server is asked.
    await page.getByTestId('field-save').click();
    await editor.getByTestId('field-options').getByText('请至少添加一个选项').waitFor();
    for (const [code, zh, en] of [['A', '战略客户', 'Strategic'], ['B', '一般客户', 'Regular']]) {
      await editor.getByTestId('field-option-add').click();
      const row = editor.getByTestId('field-option').last();
      await row.getByLabel('代码').fill(code!);
      await row.getByLabel('中文名称').fill(zh!);
      await row.getByLabel('英文名称').fill(en!);
    }
    await chooseOption(page, item('default').locator('.ant-select'), '一般客户');
    await screenshot(page, '21-custom-field-options');
    await page.getByTestId('field-save').click();
    await page.getByTestId('plan-apply').click();
    await fields.getByTestId('field-tier').getByText('战略客户').waitFor();

    // 引用 to 竞争对手, cleared when that competitor is deleted.
    await fields.getByTestId('fields-add').click();
    await editor.locator('#custom_field_name').fill('main_competitor');
    await chooseOption(page, item('type').locator('.ant-select'), '引用');
    await editor.locator('#custom_field_zh').fill('主要竞争对手');
    await editor.locator('#custom_field_en').fill('Main competitor');
    assert.equal(await editor.locator('#custom_field_default').count(), 0, 'a reference has no default');
    await chooseOption(page, item('target').locator('.ant-select'), '竞争对手');
    await chooseOption(page, item('onDelete').locator('.ant-select'), '清空此字段');
    await screenshot(page, '22-custom-field-ref');
    await page.getByTestId('field-save').click();
    await page.getByTestId('plan-apply').click();
    await fields.getByTestId('field-main_competitor').getByText('引用「竞争对手」').waitFor();

    const stored = (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'customer');
    assert.deepEqual(stored.fields.tier.labels, { 'zh-CN': '客户分层', en: 'Customer tier' });
    assert.deepEqual(
      stored.fields.tier.options.map((o: { code: string; labels: object }) => [o.code, o.labels]),
      [['A', { 'zh-CN': '战略客户', en: 'Strategic' }], ['B', { 'zh-CN': '一般客户', en: 'Regular' }]],
    );
    assert.equal(stored.fields.tier.default, 'B');
    assert.deepEqual(stored.fields.main_competitor, { type: 'ref', labels: { 'zh-CN': '主要竞争对手', en: 'Main competitor' }, target: 'competitor', onDelete: 'set_null' });
    assert.ok(stored.fields.key_industry, 'the fields added before are kept');

    // The customer form opened before any of this shows both, in 其他, and saves them.
    await page.locator('.document-tabs .ant-tabs-tab', { hasText: customer.name }).click();
    const other = record().getByTestId('section-basic-__other');
    const formItem = (text: string) => other.locator('.ant-form-item').filter({ hasText: text });
    await formItem('客户分层').waitFor();
    await formItem('主要竞争对手').waitFor();
    // The new default (一般客户) fills in as on a fresh load: neither an untouched record nor a new one counts as edited.
    for (const title of [customer.name, '新建客户']) {
      assert.equal(await page.locator('.document-tabs .ant-tabs-tab', { hasText: title }).locator('.dirty-dot').count(), 0, `${title} is not marked unsaved`);
    }
    assert.equal(await formItem('客户分层').locator('.ant-select').textContent(), '一般客户');
    await chooseOption(page, formItem('客户分层').locator('.ant-select'), '战略客户');
    await chooseOption(page, formItem('主要竞争对手').locator('.ant-select'), competitor.name);
    await record().getByTestId('record-save').click();
    await page.getByText('已保存', { exact: true }).first().waitFor();
    await other.scrollIntoViewIfNeeded();
    await screenshot(page, '23-custom-fields-in-form');
    const saved = await api(url, admin, 'GET', `/api/records/customer/${customer.id}`);
    assert.equal(saved.tier, 'A');
    assert.equal(saved.main_competitor, competitor.id);
    assert.equal(saved.key_industry, true);
  });
});
