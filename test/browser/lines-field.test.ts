// 明细 through 实体设计, in zh-CN, with no restart: the admin creates 设备巡检 and its lines entity 巡检项, gives 巡检项 its
// columns (a ref back to 设备巡检 that deletes along, 检查项目, 结果 合格/不合格), adds the 明细 field 巡检项目 to 设备巡检
// with two default lines, a JSON field 巡检设置 with a default (text that is no JSON refused at its input), and a rollup over the referring records (`from`) counting only the failed ones (`where`),
// whose unfilled source is refused at its control first. gm opens a new 设备巡检: the default lines are there, gm fills
// one and adds one, and the saved record has its lines, the count and the JSON default. Everything made here is removed afterwards.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, chooseOption, crmServer, openMenu, signIn, signOut } from './support/web-app.ts';

describe('browser: a lines (明细) field added in the entity designer', function () {
  this.timeout(180_000);
  let url: string;
  let b: BrowserSession;
  let admin: string;
  let menus: unknown;

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    admin = await apiLogin(url, 'admin');
    menus = (await api(url, admin, 'GET', '/api/admin/metadata/menus')).data.find((d: { name: string }) => d.name === 'main');
    b = await launchBrowser(1366, 900);
    await signIn(b.page, url, 'admin');
  });
  after(async () => {
    await b?.close();
    // The suites share one server: the menu entries, then the two entities' fields, then the entities go (their rows
    // stay in the database).
    if (menus) await api(url, admin, 'PUT', '/api/admin/metadata/menus/main', (menus as { doc: unknown }).doc).catch(() => undefined);
    else await api(url, admin, 'DELETE', '/api/admin/metadata/menus/main').catch(() => undefined);
    for (const entity of ['equipment_check', 'check_item']) await api(url, admin, 'DELETE', `/api/admin/extensions/${entity}`).catch(() => undefined);
    for (const entity of ['equipment_check', 'check_item']) await api(url, admin, 'DELETE', `/api/admin/metadata/entities/${entity}`).catch(() => undefined);
    const left = (await api(url, admin, 'GET', '/api/meta/entities')).data.filter((e: { name: string }) => ['equipment_check', 'check_item'].includes(e.name));
    assert.deepEqual(left, [], 'the entities made here are gone');
  });

  const designer = () => b.page.getByTestId('custom-fields-page');
  const editor = () => b.page.getByTestId('field-editor');
  const item = (id: string) => editor().locator('.ant-form-item').filter({ has: b.page.locator(`#custom_field_${id}`) });

  async function createEntity(name: string, zh: string, en: string, title: string): Promise<void> {
    const { page } = b;
    await designer().getByTestId('entity-create').click();
    const dialog = page.getByTestId('entity-editor');
    await dialog.locator('#new_entity_name').fill(name);
    await chooseOption(page, dialog.locator('.ant-form-item').filter({ has: page.locator('#new_entity_group') }).locator('.ant-select'), '服务管理');
    await dialog.locator('#new_entity_zh').fill(zh);
    await dialog.locator('#new_entity_en').fill(en);
    await dialog.locator('#new_entity_displayZh').fill(title);
    await dialog.locator('#new_entity_displayEn').fill('Title');
    await page.getByTestId('entity-save').click();
    await page.getByTestId('plan-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await designer().getByTestId('field-title').getByText(title).waitFor();
  }

  async function startField(name: string, type: string, zh: string, en: string): Promise<void> {
    await designer().getByTestId('fields-add').click();
    await editor().locator('#custom_field_name').fill(name);
    await chooseOption(b.page, item('type').locator('.ant-select'), type);
    await editor().locator('#custom_field_zh').fill(zh);
    await editor().locator('#custom_field_en').fill(en);
  }

  async function saveField(name: string): Promise<void> {
    await b.page.getByTestId('field-save').click();
    await b.page.getByTestId('plan-apply').click();
    await b.page.getByTestId('schema-plan').waitFor({ state: 'detached' });
    await designer().getByTestId(`field-${name}`).waitFor();
  }

  it('creates the lines entity with its columns and adds the 明细 field with default lines', async () => {
    const { page } = b;
    await openMenu(page, '实体设计');
    await createEntity('equipment_check', '设备巡检', 'Equipment check', '巡检主题');
    await createEntity('check_item', '巡检项', 'Check item', '检查项目');

    // 巡检项's columns: the ref back (deleting along, as lines need), and 结果. "check" is an SQL word: refused at the name.
    await startField('check', '引用', '所属巡检', 'Check');
    await chooseOption(page, item('target').locator('.ant-select'), '设备巡检');
    await chooseOption(page, item('onDelete').locator('.ant-select'), '一并删除本记录');
    await page.getByTestId('field-save').click();
    await item('name').locator('.ant-form-item-explain-error').filter({ hasText: '“check”是数据库保留字' }).waitFor();
    await screenshot(page, '74-designer-reserved-name');
    await editor().locator('#custom_field_name').fill('inspection');
    await saveField('inspection');
    await startField('result', '单选', '结果', 'Result');
    for (const [code, zh, en] of [['pass', '合格', 'Pass'], ['fail', '不合格', 'Fail']]) {
      await editor().getByTestId('field-option-add').click();
      const row = editor().getByTestId('field-option').last();
      await row.getByLabel('代码').fill(code!);
      await row.getByLabel('中文名称').fill(zh!);
      await row.getByLabel('英文名称').fill(en!);
    }
    await saveField('result');

    // 设备巡检's 明细 field, with two standard lines every new check starts with.
    await chooseOption(page, designer().locator('.entity-picker'), '设备巡检');
    await designer().getByTestId('field-title').waitFor();
    await startField('items', '明细', '巡检项目', 'Items');
    await chooseOption(page, item('target').locator('.ant-select'), '巡检项');
    await chooseOption(page, item('foreignKey').locator('.ant-select'), '所属巡检');
    const lines = editor().getByTestId('default-lines');
    await lines.getByText('没有默认明细行').waitFor();
    for (const title of ['外观检查', '润滑检查']) {
      await lines.getByTestId('default-lines-add').click();
      await lines.locator('.ant-table-row').last().locator('input').first().fill(title);
    }
    await chooseOption(page, lines.locator('.ant-table-row').first().locator('.ant-select'), '合格');
    await screenshot(page, '75-designer-lines-field');
    await saveField('items');
    const stored = (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'equipment_check').fields.items;
    assert.deepEqual(stored, {
      type: 'children',
      labels: { 'zh-CN': '巡检项目', en: 'Items' },
      target: 'check_item',
      foreignKey: 'inspection',
      default: [{ title: '外观检查', result: 'pass' }, { title: '润滑检查' }],
    });
  });

  it('adds a JSON field with a default, refusing text that is no JSON at its input', async () => {
    const { page } = b;
    await startField('settings', 'JSON', '巡检设置', 'Settings');
    const json = editor().getByTestId('field-default-json');
    await json.fill('{"周期": "月度", 签字}');
    await page.getByTestId('field-save').click();
    await item('default').locator('.ant-form-item-explain-error').filter({ hasText: 'JSON 格式不正确:第 14 个字符处有误' }).waitFor();
    await screenshot(page, '75b-designer-json-default-refused');
    await json.fill('{"周期": "月度", "需签字": true}');
    await saveField('settings');
    const stored = (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'equipment_check').fields.settings;
    assert.deepEqual(stored, { type: 'json', labels: { 'zh-CN': '巡检设置', en: 'Settings' }, default: { 周期: '月度', 需签字: true } });
  });

  it('adds a count of the failed items over the records pointing at the check, refusing an unfilled source at its control', async () => {
    const { page } = b;
    await startField('failed_items', '汇总字段', '不合格项数', 'Failed items');
    await editor().getByTestId('rollup-source').getByText('引用本记录的其他记录').click();
    await chooseOption(page, item('aggregate').locator('.ant-select'), '计数');
    await page.getByTestId('field-save').click();
    const source = editor().locator('.ant-form-item').filter({ has: page.locator('#custom_field_from_entity') });
    await source.locator('.ant-form-item-explain-error').filter({ hasText: '请选择要汇总的业务对象' }).waitFor();
    await screenshot(page, '76-designer-rollup-from-required');

    await chooseOption(page, source.locator('.ant-select'), '巡检项');
    // The one ref back is taken.
    await item('from_via').getByText('所属巡检').waitFor();
    const where = editor().getByTestId('rollup-where');
    await where.getByTestId('rule-add-row').first().click();
    const row = where.getByTestId('rule-row').last();
    await chooseOption(page, row.locator('.rule-field'), '结果');
    await chooseOption(page, row.locator('.rule-value'), '不合格');
    await screenshot(page, '77-designer-rollup-from-where');
    await saveField('failed_items');
    const stored = (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'equipment_check').fields.failed_items;
    assert.deepEqual(stored, {
      type: 'rollup',
      labels: { 'zh-CN': '不合格项数', en: 'Failed items' },
      from: { entity: 'check_item', via: 'inspection' },
      where: { '==': [{ var: 'result' }, 'fail'] },
      aggregate: 'count',
      resultType: 'integer',
    });
  });

  it('gm starts a new check with the default lines, fills one, adds one, and the record keeps them', async () => {
    const { page } = b;
    await signOut(page);
    await signIn(page, url, 'gm');
    await openMenu(page, '设备巡检');
    await page.getByTestId('list-equipment_check').getByTestId('list-new').click();
    const form = page.getByTestId('record-equipment_check').filter({ visible: true });
    await form.getByLabel('巡检主题').fill('3 号车间 立式加工中心 月度巡检');
    const grid = form.getByTestId('lines-items');
    await grid.locator('.ant-table-row').nth(1).waitFor();
    await grid.locator('.ant-table-row').first().locator('input').first().inputValue().then((v) => assert.equal(v, '外观检查'));
    await chooseOption(page, grid.locator('.ant-table-row').nth(1).locator('.ant-select').first(), '不合格');
    await grid.getByRole('button', { name: '添加明细' }).click();
    const added = grid.locator('.ant-table-row').nth(2);
    await added.locator('input').first().fill('主轴温升');
    await chooseOption(page, added.locator('.ant-select').first(), '合格');
    // Nothing to total in these lines: no empty 合计 row.
    assert.equal(await grid.locator('.lines-total').count(), 0);
    await screenshot(page, '78-gm-check-default-lines');
    await form.getByTestId('record-save').click();
    await page.locator('.ant-tabs-tab-active').filter({ hasText: '3 号车间 立式加工中心 月度巡检' }).waitFor();

    const gm = await apiLogin(url, 'gm');
    const saved = (await api(url, gm, 'GET', `/api/records/equipment_check?expand=items&filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'title' }, '3 号车间 立式加工中心 月度巡检'] }))}`)).data[0];
    const items = (saved.items as { title: string; result: string | null }[]).map((l) => [l.title, l.result]).sort();
    assert.deepEqual(items, [['主轴温升', 'pass'], ['外观检查', 'pass'], ['润滑检查', 'fail']]);
    assert.equal(Number(saved.failed_items), 1);
    assert.deepEqual(saved.settings, { 周期: '月度', 需签字: true });
    await page.getByTestId('record-equipment_check').filter({ visible: true }).getByText('不合格项数').first().waitFor();
    await screenshot(page, '79-gm-check-saved');
  });
});
