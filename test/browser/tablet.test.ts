// On a tablet (iPad-sized, portrait and landscape) the app stays usable: the menu starts collapsed to icons, and the
// portal, a list and a record form fit the width with nothing pushed off screen.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser.ts';
import { suiteBrowser } from './support/web-app.ts';

/** Elements wider than the window or reaching past its right edge (tables scroll inside their own box). */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1) out.push(`document ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll<HTMLElement>('.top-bar *, .list-toolbar *, .record-page .ant-form-item, .portal-card')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1 && !el.closest('.ant-table-content, .ant-tabs-nav-list, .ant-select-dropdown')) out.push(`${el.className || el.tagName} ends at ${Math.round(r.right)}`);
    }
    return out.slice(0, 10);
  });
}

for (const [name, width, height] of [['portrait', 820, 1180], ['landscape', 1180, 820]] as const) {
  describe(`browser: tablet ${name} ${width}×${height}`, function () {
    this.timeout(120_000);
    const app = suiteBrowser({ username: 'sales1', width, height });

    it('shows the portal, a list and a record form within the screen', async () => {
      const { page } = app;
      await page.getByTestId('portal-recent').waitFor();
      assert.deepEqual(await overflow(page), []);
      await screenshot(page, `25-tablet-${name}-portal`);

      // The collapsed menu opens groups as pop-ups: hover 客户管理, pick 客户.
      await page.locator('.side-menu .ant-menu-submenu-title').first().hover();
      await page.getByRole('menuitem', { name: '客户', exact: true }).click();
      await page.mouse.move(width / 2, height - 10);
      await page.locator('.ant-menu-submenu-popup:visible').waitFor({ state: 'detached' });
      const list = page.getByTestId('list-customer');
      await list.locator('.ant-table-row').first().waitFor();
      assert.deepEqual(await overflow(page), []);
      await screenshot(page, `26-tablet-${name}-list`);

      await list.locator('.ant-table-row').first().locator('.display-link').click();
      await page.locator('.record-form-pane .ant-form-item').first().waitFor();
      assert.deepEqual(await overflow(page), []);
      await screenshot(page, `27-tablet-${name}-record`);
    });
  });
}
