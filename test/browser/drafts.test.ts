// Multi-document work: typed input survives switching tabs, reloading the page and signing in again, and the
// restored draft can be discarded.
import assert from 'node:assert/strict';
import { openMenu, signIn, signOut, suiteBrowser } from './support/web-app.ts';

describe('browser: drafts and document tabs', function () {
  this.timeout(120_000);
  const app = suiteBrowser({ username: 'sales3' });

  const newContact = () => app.page.getByTestId('record-contact').filter({ visible: true });

  it('keeps typed input across a tab switch, a reload and a re-login', async () => {
    const { page } = app;
    await openMenu(page, '联系人');
    await page.getByTestId('list-contact').getByTestId('list-new').click();
    await newContact().getByLabel('姓名').fill('草稿中的联系人');
    await newContact().getByLabel('职务').fill('设备部部长');

    // Another document in front, then back: the hidden tab kept its input.
    await openMenu(page, '客户');
    await page.getByTestId('list-customer').locator('.ant-table-row').first().waitFor();
    await page.locator('.document-tabs .ant-tabs-tab', { hasText: '新建联系人' }).click();
    assert.equal(await newContact().getByLabel('姓名').inputValue(), '草稿中的联系人');
    // The tab shows it has unsaved changes.
    await page.locator('.document-tabs .ant-tabs-tab', { hasText: '新建联系人' }).locator('.dirty-dot').waitFor();

    await page.reload();
    await newContact().getByTestId('draft-notice').waitFor();
    assert.equal(await newContact().getByLabel('姓名').inputValue(), '草稿中的联系人');
    assert.equal(await newContact().getByLabel('职务').inputValue(), '设备部部长');

    await signOut(page);
    await signIn(page, app.url, 'sales3');
    await page.locator('.document-tabs .ant-tabs-tab', { hasText: '新建联系人' }).click();
    await newContact().getByTestId('draft-notice').waitFor();
    assert.equal(await newContact().getByLabel('姓名').inputValue(), '草稿中的联系人');
  });

  it('discards a restored draft on request', async () => {
    await newContact().getByTestId('discard-draft').click();
    await newContact().getByTestId('draft-notice').waitFor({ state: 'detached' });
    assert.equal(await newContact().getByLabel('姓名').inputValue(), '');
  });
});
