// 实体设计 end to end, in zh-CN, with no restart: the admin adds a required choice field to customers (a default
// fills the existing rows, then is taken away), places it in a new section 采购信息 of the customer form in 表单设计,
// and sales1 must choose a value there for a new customer; the admin adds an
// option to the core 所属行业 field and the customer list filter offers it; the admin creates 现场拜访 with a numbering
// rule (next number previewed) under 客户管理, and gm creates a record there that gets the number.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, chooseOption, crmServer, openMenu, signIn, signOut } from './support/web-app.ts';

describe('browser: entity designer', function () {
  this.timeout(240_000);
  let url: string;
  let b: BrowserSession;
  let admin: string;

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    admin = await apiLogin(url, 'admin');
    b = await launchBrowser();
    await signIn(b.page, url, 'admin');
  });
  after(async () => {
    await b?.close();
    // The suites share one server: customer goes back to how it was (rows holding the new option are removed first;
    // the form layout placing the new field before the field itself).
    await api(url, admin, 'DELETE', '/api/admin/metadata/forms/customer').catch(() => undefined);
    for (const r of (await api(url, admin, 'GET', '/api/records/customer?limit=50&filter=' + encodeURIComponent(JSON.stringify({ '==': [{ var: 'industry' }, 'robotics'] })))).data ?? []) {
      await api(url, admin, 'DELETE', `/api/records/customer/${r.id}`);
    }
    const left = (await api(url, admin, 'GET', '/api/admin/extensions')).data.some((d: { extends: string }) => d.extends === 'customer');
    if (left) await api(url, admin, 'DELETE', '/api/admin/extensions/customer');
  });

  const designer = () => b.page.getByTestId('custom-fields-page');
  const editor = () => b.page.getByTestId('field-editor');
  const item = (id: string) => editor().locator('.ant-form-item').filter({ has: b.page.locator(`#custom_field_${id}`) });

  it('adds a required choice field to customers that sales1 must fill, live at once', async () => {
    const { page } = b;
    await openMenu(page, '实体设计');
    await designer().getByTestId('field-industry').getByText('内置').waitFor();
    await designer().getByTestId('fields-add').click();
    await editor().locator('#custom_field_name').fill('purchase_stage');
    await chooseOption(page, item('type').locator('.ant-select'), '单选');
    await editor().locator('#custom_field_zh').fill('采购阶段');
    await editor().locator('#custom_field_en').fill('Purchase stage');
    for (const [code, zh, en] of [['planning', '规划中', 'Planning'], ['budgeted', '已立项', 'Budgeted'], ['tendering', '招标中', 'Tendering']]) {
      await editor().getByTestId('field-option-add').click();
      const row = editor().getByTestId('field-option').last();
      await row.getByLabel('代码').fill(code!);
      await row.getByLabel('中文名称').fill(zh!);
      await row.getByLabel('英文名称').fill(en!);
    }
    await editor().locator('#custom_field_required').click();
    // Existing customers get 规划中; the plan says so before anything changes.
    await chooseOption(page, item('default').locator('.ant-select'), '规划中');
    await page.getByTestId('field-save').click();
    const plan = page.getByTestId('schema-plan');
    await plan.getByTestId('plan-step-add_column').getByText('添加字段').waitFor();
    await screenshot(page, '60-designer-plan-required-field');
    await page.getByTestId('plan-apply').click();
    await designer().getByTestId('field-purchase_stage').getByText('自定义').waitFor();

    // New customers must choose: the default goes, the field stays required.
    await designer().getByTestId('field-purchase_stage').getByTestId('field-edit').click();
    await item('default').locator('.ant-select').hover();
    await item('default').locator('.ant-select-clear').click();
    await item('default').locator('.ant-select-selection-item').waitFor({ state: 'detached' });
    await page.getByTestId('field-save').click();
    await page.getByTestId('plan-apply').click();
    // 'fields-saved' already shows from the first save: wait for this plan to be applied, then read what is stored.
    await page.getByTestId('schema-plan').waitFor({ state: 'detached' });
    await designer().getByTestId('fields-saved').waitFor();
    const storedStage = async () => (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'customer').fields.purchase_stage;
    for (let i = 0; i < 20 && (await storedStage()).default !== undefined; i++) await page.waitForTimeout(250);
    const stage0 = await storedStage();
    assert.deepEqual([stage0.required, stage0.default], [true, undefined]);
    await screenshot(page, '61-designer-customer-fields');

    // 采购阶段 goes into a new section 采购信息 of the customer form.
    await openMenu(page, '表单设计');
    const forms = page.getByTestId('form-designer');
    await forms.getByTestId('tab-basic').getByTestId('tab-add-section').click();
    const placed = forms.getByTestId('section-section_1');
    await placed.getByLabel('中文名称').fill('采购信息');
    await placed.getByLabel('英文名称').fill('Purchasing');
    if (await forms.getByTestId('field-purchase_stage').count()) await forms.getByTestId('field-purchase_stage').locator('.designer-chip-remove').click();
    await placed.getByTestId('section-add-field').click();
    await page.keyboard.type('采购阶段');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '采购阶段' }).first().click();
    await placed.getByTestId('field-purchase_stage').waitFor();
    await placed.scrollIntoViewIfNeeded();
    await screenshot(page, '61b-form-designer-purchase-section');
    await forms.getByTestId('designer-save').click();
    await page.getByTestId('designer-plan').waitFor();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await page.getByText('已保存,所有用户下次操作即可看到').first().waitFor();

    await signOut(page);
    await signIn(page, url, 'sales1');
    await openMenu(page, '客户');
    await page.getByTestId('list-customer').getByTestId('list-new').click();
    const form = page.getByTestId('record-customer').filter({ visible: true });
    await form.getByLabel('客户名称').fill('苏州精密传动有限公司');
    await form.getByTestId('record-save').click();
    const section = form.getByTestId('section-basic-section_1');
    await section.getByText('采购信息').waitFor();
    const stage = section.locator('.ant-form-item').filter({ hasText: '采购阶段' });
    await stage.locator('.ant-form-item-explain-error').waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '62-sales1-must-fill-stage');
    await chooseOption(page, stage.locator('.ant-select'), '已立项');
    await form.getByTestId('record-save').click();
    await page.locator('.ant-tabs-tab-active').filter({ hasText: '苏州精密传动有限公司' }).waitFor();
    const sales1 = await apiLogin(url, 'sales1');
    const saved = (await api(url, sales1, 'GET', '/api/records/customer?filter=' + encodeURIComponent(JSON.stringify({ '==': [{ var: 'name' }, '苏州精密传动有限公司'] })))).data[0];
    assert.equal(saved.purchase_stage, 'budgeted');
    await signOut(page);
  });

  it('adds an option to the core industry field and the customer list filter offers it', async () => {
    const { page } = b;
    await signIn(page, url, 'admin');
    await openMenu(page, '实体设计');
    await designer().getByTestId('field-industry').getByTestId('field-edit').click();
    await editor().getByText('内置字段的字段名和类型不能修改').waitFor();
    await editor().getByTestId('field-option-add').click();
    const row = editor().getByTestId('field-option').last();
    await row.getByLabel('代码').fill('robotics');
    await row.getByLabel('中文名称').fill('工业机器人');
    await row.getByLabel('英文名称').fill('Robotics');
    await page.getByTestId('field-save').click();
    await page.getByTestId('schema-plan').getByText('不需要修改数据库结构').waitFor();
    await page.getByTestId('plan-apply').click();
    await designer().getByTestId('field-industry').getByText('工业机器人').waitFor();
    await api(url, admin, 'POST', '/api/records/customer', { name: '无锡机器人科技有限公司', industry: 'robotics', purchase_stage: 'planning' });

    await openMenu(page, '客户');
    const list = page.getByTestId('list-customer');
    await list.getByTestId('filter-toggle').click();
    const builder = list.getByTestId('filter-builder');
    await builder.getByRole('button', { name: '添加条件' }).click();
    await chooseOption(page, builder.locator('.filter-field').first(), '所属行业');
    await chooseOption(page, builder.locator('.filter-value').first(), '工业机器人');
    await page.keyboard.press('Escape');
    await screenshot(page, '63-industry-filter-new-option');
    await builder.getByTestId('filter-apply').click();
    await list.getByTestId('list-total').filter({ hasText: '共 1 条' }).waitFor();
    await list.getByText('无锡机器人科技有限公司').waitFor();
  });

  it('creates 现场拜访 with a numbering rule and a menu entry, and gm creates a record that gets the next number', async () => {
    const { page } = b;
    await page.locator('.document-tabs .ant-tabs-tab', { hasText: '实体设计' }).click();
    await designer().getByTestId('entity-create').click();
    const dialog = page.getByTestId('entity-editor');
    await dialog.locator('#new_entity_name').fill('field_visit');
    await chooseOption(page, dialog.locator('.ant-form-item').filter({ has: page.locator('#new_entity_group') }).locator('.ant-select'), '客户管理');
    await dialog.locator('#new_entity_zh').fill('现场拜访');
    await dialog.locator('#new_entity_en').fill('Site visit');
    await dialog.locator('#new_entity_displayZh').fill('拜访主题');
    await dialog.locator('#new_entity_displayEn').fill('Subject');
    await dialog.locator('#new_entity_template').fill('FW-{{seq 4}}');
    await dialog.getByTestId('entity-number-preview').getByText('FW-0001').waitFor();
    await screenshot(page, '64-designer-new-entity');
    await page.getByTestId('entity-save').click();
    await page.getByTestId('schema-plan').getByTestId('plan-step-create_table').waitFor();
    await page.getByTestId('plan-apply').click();
    await designer().getByTestId('field-title').getByText('拜访主题').waitFor();

    await signOut(page);
    await signIn(page, url, 'gm');
    await openMenu(page, '现场拜访');
    await page.getByTestId('list-field_visit').getByTestId('list-new').click();
    const form = page.getByTestId('record-field_visit').filter({ visible: true });
    await form.getByLabel('拜访主题').fill('华东精机 产线改造调研');
    await form.getByTestId('record-save').click();
    await page.locator('.ant-tabs-tab-active').filter({ hasText: '华东精机 产线改造调研' }).waitFor();
    await page.getByTestId('record-field_visit').filter({ visible: true }).getByText('FW-0001').first().waitFor();
    await screenshot(page, '65-gm-field-visit-created');
  });
});
