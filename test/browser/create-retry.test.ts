// A create whose answer is lost on the way back (the server made the record, the browser saw a network error):
// saving again sends the same Idempotency-Key, so the server answers with the record it made instead of a second one.
import assert from 'node:assert/strict';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, openMenu, suiteBrowser } from './support/web-app.ts';

describe('browser: a create retried after a lost answer', function () {
  this.timeout(120_000);
  const app = suiteBrowser({ username: 'sales2' });

  it('saves once: the retry carries the same key and shows the record the first attempt created', async () => {
    const { page } = app;
    const name = `无锡重试测试机床有限公司 ${Date.now()}`;
    await openMenu(page, '客户');
    await page.getByTestId('list-customer').getByTestId('list-new').click();
    const form = page.getByTestId('record-customer').filter({ visible: true });
    await form.getByLabel('客户名称').fill(name);

    const keys: string[] = [];
    let lost = false;
    await page.route('**/api/records/customer', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (lost) return route.continue();
      lost = true;
      await route.fetch(); // the server creates the record…
      await route.abort('connectionreset'); // …and the browser never hears of it
    });
    await form.getByTestId('record-save').click();
    await page.locator('.ant-message-notice').first().waitFor();
    await form.getByTestId('record-save').click();
    await page.getByTestId('record-title').filter({ hasText: name }).waitFor();
    await screenshot(page, '40-customer-create-retried');

    assert.equal(keys.length, 2);
    assert.match(keys[0]!, /^[0-9a-f]{32}$/);
    assert.equal(keys[1], keys[0], 'the retry of the same submission reuses its key');
    const token = await apiLogin(app.url, 'sales2');
    const found = await api(app.url, token, 'GET', `/api/records/customer?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'name' }, name] }))}`);
    assert.equal(found.data.length, 1, 'one customer');
  });
});
