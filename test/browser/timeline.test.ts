// 时间线: with the machine-tool bundle installed, a project in production shows its milestones on its 时间线 tab,
// planned against actual, the late one in red, and a line for today; the installations list switches to a timeline.
// The suites share one server: the plugin is installed here and uninstalled and purged again afterwards.
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { MACHINE_TOOL_DEMO_CORE, pluginForSuite } from './support/plugin-suite.ts';
import { api, apiLogin, crmServer, signIn } from './support/web-app.ts';

const PLUGIN = 'machine-tool-projects';

describe('browser: timeline', function () {
  this.timeout(240_000);
  let url: string;
  let b: BrowserSession;
  let admin: string;
  let plugin: { remove(): Promise<void> } | undefined;

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    admin = await apiLogin(url, 'admin');
    plugin = await pluginForSuite(url, admin, PLUGIN, MACHINE_TOOL_DEMO_CORE);
    b = await launchBrowser();
    await signIn(b.page, url, 'admin');
  });
  after(async function () {
    this.timeout(120_000);
    await b?.close();
    await plugin?.remove();
  });

  const mtMenu = async (item: string) => {
    const { page } = b;
    const group = page.locator('.side-menu .ant-menu-submenu-title', { hasText: '机床项目' });
    await group.waitFor();
    if ((await page.locator('.side-menu .ant-menu-item', { hasText: item }).count()) === 0) await group.click();
    await page.locator('.side-menu .ant-menu-item', { hasText: item }).first().click();
  };

  it("shows a project's milestones planned against actual, the late one marked, and today", async () => {
    const { page } = b;
    await mtMenu('机床项目');
    const list = page.getByTestId('list-mt_project');
    await list.getByText('鲁重工程机械 2026 年立加扩产项目').click();
    await page.getByTestId('record-tab-timeline').click();
    const card = page.getByTestId('timeline-mt_milestone');
    await card.getByTestId('timeline-row').first().waitFor();
    assert.equal(await card.getByTestId('timeline-row').count(), 5);
    assert.equal(await card.getByTestId('timeline-planned').count(), 5);
    assert.equal(await card.getByTestId('timeline-actual').count(), 1, 'only 技术协议确认 has an actual date');
    const late = card.locator('.timeline-row.is-late');
    assert.deepEqual(await late.locator('.timeline-label').allInnerTexts(), ['铸件到货/时效']);
    await card.getByTestId('timeline-today').waitFor();
    const text = await card.innerText();
    assert.ok(text.includes('计划') && text.includes('实际') && text.includes('今天'), text);
    assert.doesNotMatch(text, /[A-Za-z]/, 'no English or raw codes on the zh-CN milestone timeline');
    // The project's installations are on the same tab.
    await page.getByTestId('timeline-mt_installation').getByTestId('timeline-row').waitFor();
    await screenshot(page, '40-project-timeline');
  });

  it('switches the installations list to a timeline, grouped by engineer, with a hint when nothing matches', async () => {
    const { page } = b;
    await mtMenu('安装调试记录');
    const list = page.getByTestId('list-mt_installation');
    await list.locator('.ant-table-row').first().waitFor();
    await list.getByTestId('list-mode-timeline').click();
    await list.getByTestId('timeline').waitFor();
    assert.equal(await list.getByTestId('timeline-row').count(), 3);
    // The engineer's name, not an id.
    await list.locator('.timeline-group-title', { hasText: '周杰' }).waitFor();
    assert.equal(await list.locator('.timeline-group-title').count(), 1);
    await screenshot(page, '41-installation-timeline');
    // Nothing matches the search: the timeline says so (not how to give records dates).
    await list.locator('.list-search input').fill('无此记录');
    await list.locator('.list-search input').press('Enter');
    await list.locator('.timeline-empty', { hasText: '没有符合筛选或搜索条件' }).waitFor();
    await screenshot(page, '42-timeline-empty');
  });
});
