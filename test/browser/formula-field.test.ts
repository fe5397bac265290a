// 计算字段 in 实体设计, in zh-CN: the admin adds a formula field to customers by typing an Excel-like expression with
// Chinese field names (a misspelt name is shown under the box with its place), inserts a field with the picker, tries
// the formula on an existing customer in the 试算 box, sees the plan compute it for the existing rows, saves, and the
// customer's record shows the computed value. The customer extension is put back afterwards (shared server).
import assert from 'node:assert/strict';
import { customerFixture, type CustomerFixture } from './support/customer-extension.ts';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, chooseOption, crmServer, openMenu, signIn } from './support/web-app.ts';

const FORMULA = 'if(信用额度 >= 500000, "大额客户", "普通客户")';

describe('browser: formula fields in the entity designer', function () {
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
    assert.ok(Number(richest.credit_limit) >= 500000);
    b = await launchBrowser(1366, 900);
    await signIn(b.page, url, 'admin');
  });
  after(async () => {
    await b?.close();
    await customers?.restore();
  });

  it('adds a formula typed with Chinese field names, tries it on a customer, and existing customers get its value', async () => {
    const { page } = b;
    await openMenu(page, '实体设计');
    const designer = page.getByTestId('custom-fields-page');
    await designer.getByTestId('field-industry').waitFor();
    await designer.getByTestId('fields-add').click();
    const editor = page.getByTestId('field-editor');
    const item = (id: string) => editor.locator('.ant-form-item').filter({ has: page.locator(`#custom_field_${id}`) });
    await editor.locator('#custom_field_name').fill('credit_band');
    await chooseOption(page, item('type').locator('.ant-select'), '计算字段');
    await editor.locator('#custom_field_zh').fill('额度级别');
    await editor.locator('#custom_field_en').fill('Credit band');
    await chooseOption(page, item('resultType').locator('.ant-select'), '单行文本');

    // The picker inserts a field by its label, bracketed when the label holds parentheses.
    const box = editor.locator('#custom_field_formula');
    await editor.getByTestId('formula-insert').click();
    await page.locator('.formula-insert-menu:visible').getByText('信用周期(天)').click();
    assert.equal(await box.inputValue(), '[信用周期(天)]');

    // A misspelt name is said under the box, with where it is.
    await box.fill(FORMULA.replace('信用额度', '信用额'));
    await item('formula').locator('.ant-form-item-explain-error').filter({ hasText: '第 4 个字符:找不到字段“信用额”' }).waitFor();
    await screenshot(page, '64-designer-formula-error');
    await box.fill(FORMULA);
    await item('formula').locator('.ant-form-item-explain-error').waitFor({ state: 'detached' });

    // 试算 on the customer with the highest credit limit, by the server's own evaluator.
    const tryBox = editor.getByTestId('rule-try');
    await chooseOption(page, tryBox.locator('.rule-try-record'), richest.name);
    await tryBox.getByTestId('rule-try-run').click();
    await tryBox.getByTestId('rule-try-result').filter({ hasText: '大额客户' }).waitFor();
    await screenshot(page, '65-designer-formula-try');

    // The plan computes the formula for the customers already there before anything changes.
    await page.getByTestId('field-save').click();
    const plan = page.getByTestId('schema-plan');
    await plan.getByTestId('plan-step-compute_formula').getByText('为已有记录计算公式').waitFor();
    await screenshot(page, '66-designer-formula-plan');
    await page.getByTestId('plan-apply').click();
    await designer.getByTestId('field-credit_band').getByText('计算字段').waitFor();

    const stored = (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'customer').fields.credit_band;
    assert.deepEqual(stored, { type: 'formula', labels: { 'zh-CN': '额度级别', en: 'Credit band' }, formula: { if: [{ '>=': [{ var: ['credit_limit', 0] }, 500000] }, '大额客户', '普通客户'] }, resultType: 'string' });

    // The existing customer holds the value without being edited, and the record shows it.
    assert.equal((await api(url, admin, 'GET', `/api/records/customer/${richest.id}`)).credit_band, '大额客户');
    await page.goto(`${url}/#/record/customer/${richest.id}`);
    const record = page.getByTestId('record-customer').filter({ visible: true });
    await record.getByText('大额客户').first().waitFor();
    await screenshot(page, '67-customer-formula-value');

    // Opened again, the stored formula reads as the expression it was typed as.
    await openMenu(page, '实体设计');
    await designer.getByTestId('field-credit_band').getByTestId('field-edit').click();
    assert.equal(await editor.locator('#custom_field_formula').inputValue(), FORMULA);
    await page.locator('.ant-modal-close').click();
    await editor.waitFor({ state: 'detached' });

    // A shipped formula opens the same way in the override dialog, where it can be changed.
    await designer.getByTestId('field-credit_exposure').getByTestId('field-edit').click();
    assert.equal(await editor.locator('#custom_field_formula').inputValue(), '未收应收款 + 未完成订单');
    await screenshot(page, '67b-designer-builtin-formula');
    await page.locator('.ant-modal-close').click();
    await editor.waitFor({ state: 'detached' });
  });

  it('adds an autonumber field with the next number previewed, and an attachment field with its limits', async () => {
    const { page } = b;
    const designer = page.getByTestId('custom-fields-page');
    const editor = page.getByTestId('field-editor');
    const item = (id: string) => editor.locator('.ant-form-item').filter({ has: page.locator(`#custom_field_${id}`) });
    const stored = async (name: string) => (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'customer').fields[name];

    await designer.getByTestId('fields-add').click();
    await editor.locator('#custom_field_name').fill('site_no');
    await chooseOption(page, item('type').locator('.ant-select'), '自动编号');
    await editor.locator('#custom_field_zh').fill('现场编号');
    await editor.locator('#custom_field_en').fill('Site number');
    await editor.getByTestId('autonumber-template').fill('XC-{{date "YYYY"}}-{{seq 3}}');
    await chooseOption(page, item('reset').locator('.ant-select'), '每年');
    await editor.getByTestId('field-number-preview').filter({ hasText: /下一个编号:XC-\d{4}-001/ }).waitFor();
    await screenshot(page, '68-designer-autonumber-preview');
    await page.getByTestId('field-save').click();
    await page.getByTestId('plan-apply').click();
    await designer.getByTestId('field-site_no').getByText('自动编号').waitFor();
    assert.deepEqual(await stored('site_no'), { type: 'autonumber', labels: { 'zh-CN': '现场编号', en: 'Site number' }, template: 'XC-{{date "YYYY"}}-{{seq 3}}', reset: 'yearly' });

    await designer.getByTestId('fields-add').click();
    await editor.locator('#custom_field_name').fill('site_photos');
    await chooseOption(page, item('type').locator('.ant-select'), '附件');
    await editor.locator('#custom_field_zh').fill('现场照片');
    await editor.locator('#custom_field_en').fill('Site photos');
    await editor.locator('#custom_field_maxFiles').fill('5');
    await editor.locator('#custom_field_maxSize').fill('8');
    // Typed as the admin says it: "PDF" is the extension .pdf; a word that is no type is refused at the input.
    const accept = item('accept').locator('.ant-select');
    for (const typed of ['PDF', 'image/*', 'photos/']) {
      await accept.click();
      await page.keyboard.type(typed);
      await page.keyboard.press('Enter');
    }
    await item('accept').locator('.ant-form-item-explain-error').filter({ hasText: '“photos/”不是有效的文件类型' }).waitFor();
    await accept.locator('.ant-select-selection-item', { hasText: 'photos/' }).locator('.ant-select-selection-item-remove').click();
    await editor.locator('#custom_field_zh').click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
    await screenshot(page, '69-designer-attachment-field');
    await page.getByTestId('field-save').click();
    await page.getByTestId('schema-plan').waitFor();
    await page.getByTestId('plan-apply').click();
    await designer.getByTestId('field-site_photos').getByText('附件').waitFor();
    assert.deepEqual(await stored('site_photos'), { type: 'attachment', labels: { 'zh-CN': '现场照片', en: 'Site photos' }, maxFiles: 5, maxSize: 8 * 1024 * 1024, accept: ['.pdf', 'image/*'] });
  });
});
