// An administrator lays out the customer form in 表单设计 (a new section holding 电话) and moves 销售管理 above
// 客户管理 in 菜单设计, each saved after its plan; sales1, signing in afterwards on the same running server, sees
// the new section on a customer and the new menu order, with no restart.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, crmServer, openMenu, signIn } from './support/web-app.ts';

describe('browser: form layout and menu designers', function () {
  this.timeout(240_000);
  let url: string;
  let admin: string;
  let b: BrowserSession;

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    admin = await apiLogin(url, 'admin');
    b = await launchBrowser();
    await signIn(b.page, url, 'admin');
  });
  after(async () => {
    await b?.close();
    // The suites share one server: the shipped layout and menu come back.
    for (const path of ['/api/admin/metadata/forms/customer', '/api/admin/metadata/menus/main']) {
      const left = await fetch(url + path, { headers: { authorization: `Bearer ${admin}` } });
      if (left.status === 200) await api(url, admin, 'DELETE', path);
    }
  });

  const confirmPlan = async () => {
    const { page } = b;
    await page.getByTestId('designer-plan').waitFor();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await page.getByText('已保存,所有用户下次操作即可看到').first().waitFor();
  };

  it('places 电话 in a new section of the customer form and saves it after the plan', async () => {
    const { page } = b;
    await openMenu(page, '表单设计');
    const designer = page.getByTestId('form-designer');
    await designer.getByTestId('tab-basic').waitFor();
    await designer.getByTestId('tab-basic').getByTestId('tab-add-section').click();
    const section = designer.getByTestId('section-section_1');
    await section.getByLabel('中文名称').fill('重点信息');
    await section.getByLabel('英文名称').fill('Key facts');
    // 电话 leaves its shipped section and goes into the new one.
    await designer.getByTestId('field-phone').locator('.designer-chip-remove').click();
    await designer.getByTestId('form-unplaced').getByText('电话').waitFor();
    await section.getByTestId('section-add-field').click();
    await page.keyboard.type('电话');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '电话' }).first().click();
    await section.getByTestId('field-phone').waitFor();
    await designer.getByTestId('form-unplaced').getByText('所有字段都已放置').waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '60-form-designer');
    await designer.getByTestId('designer-save').click();
    await confirmPlan();
    const saved = await api(url, admin, 'GET', '/api/admin/metadata/forms/customer');
    const placed = saved.doc.tabs[0].sections.find((s: { id: string }) => s.id === 'section_1');
    assert.deepEqual(placed.fields, ['phone']);
  });

  it('moves 销售管理 above 客户管理 in 菜单设计 and saves it after the plan', async () => {
    const { page } = b;
    await openMenu(page, '菜单设计');
    const designer = page.getByTestId('menu-designer');
    await designer.getByTestId('menu-group-sales').waitFor();
    // Dragged by its handle with the mouse, in small steps, as a person drags (dnd-kit starts after 4 px).
    const handle = await designer.getByTestId('menu-handle-sales').boundingBox();
    const target = await designer.getByTestId('menu-group-crm').boundingBox();
    await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle!.x + handle!.width / 2, handle!.y - 10, { steps: 5 });
    await page.mouse.move(handle!.x + handle!.width / 2, target!.y + 2, { steps: 20 });
    await page.mouse.up();
    await page.waitForFunction(() => {
      const ids = [...document.querySelectorAll('[data-testid^="menu-group-"]')].map((e) => e.getAttribute('data-testid'));
      return ids.indexOf('menu-group-sales') >= 0 && ids.indexOf('menu-group-sales') < ids.indexOf('menu-group-crm');
    });
    await designer.getByTestId('menu-zh-sales').fill('销售业务');
    await screenshot(page, '61-menu-designer');
    await designer.getByTestId('designer-save').click();
    await confirmPlan();
  });

  it('shows sales1 the new menu order and the new form section, without a restart', async () => {
    const sales = await launchBrowser();
    try {
      const { page } = sales;
      await signIn(page, url, 'sales1');
      const groups = page.locator('.side-menu > .ant-menu-submenu > .ant-menu-submenu-title');
      await groups.filter({ hasText: '销售业务' }).waitFor();
      const titles = await groups.allInnerTexts();
      assert.ok(titles.indexOf('销售业务') < titles.indexOf('客户管理'), titles.join(','));
      const customer = (await api(url, await apiLogin(url, 'sales1'), 'GET', '/api/records/customer?limit=1&sort=name')).data[0];
      await page.goto(`${url}/#/record/customer/${customer.id}`);
      const section = page.getByTestId('record-customer').filter({ visible: true }).getByTestId('section-basic-section_1');
      await section.getByText('重点信息').waitFor();
      await section.getByText('电话').waitFor();
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, '62-sales1-new-layout-and-menu');
    } finally {
      await sales.close();
    }
  });
});
