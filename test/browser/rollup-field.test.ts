// 汇总字段 in 实体设计, in zh-CN: the admin adds a rollup to quotes (the sum of the lines' quantities), picking the lines
// field, 求和 and the lines' number field; the plan computes it for the quotes already there, and an existing quote's
// record shows its total without being edited. The quote's admin fields are put back afterwards (shared server).
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { api, apiLogin, chooseOption, crmServer, openMenu, signIn } from './support/web-app.ts';

interface Quote {
  id: string;
  subject: string;
  lines: { quantity: number }[];
}

describe('browser: rollup fields in the entity designer', function () {
  this.timeout(180_000);
  let url: string;
  let b: BrowserSession;
  let admin: string;
  let kept: unknown;
  let keptContract: unknown;

  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    admin = await apiLogin(url, 'admin');
    const extensions = (await api(url, admin, 'GET', '/api/admin/extensions')).data;
    kept = extensions.find((d: { extends: string }) => d.extends === 'quote');
    keptContract = extensions.find((d: { extends: string }) => d.extends === 'contract');
    b = await launchBrowser(1366, 900);
    await signIn(b.page, url, 'admin');
  });
  after(async () => {
    await b?.close();
    if (kept) await api(url, admin, 'PUT', '/api/admin/extensions/quote', kept);
    else await api(url, admin, 'DELETE', '/api/admin/extensions/quote');
    if (keptContract) await api(url, admin, 'PUT', '/api/admin/extensions/contract', keptContract);
    else await api(url, admin, 'DELETE', '/api/admin/extensions/contract').catch(() => undefined);
  });

  it('adds the sum of the quote lines\' quantities and an existing quote shows it', async () => {
    const quotes: Quote[] = (await api(url, admin, 'GET', '/api/records/quote?expand=lines&limit=50')).data;
    const quote = quotes.find((q) => q.lines.length > 1)!;
    const total = quote.lines.reduce((s, l) => s + Number(l.quantity), 0);
    const { page } = b;
    await openMenu(page, '实体设计');
    const designer = page.getByTestId('custom-fields-page');
    await chooseOption(page, designer.locator('.entity-picker'), '报价');
    await designer.getByTestId('field-lines').waitFor();
    await designer.getByTestId('fields-add').click();
    const editor = page.getByTestId('field-editor');
    const item = (id: string) => editor.locator('.ant-form-item').filter({ has: page.locator(`#custom_field_${id}`) });
    await editor.locator('#custom_field_name').fill('quantity_total');
    await chooseOption(page, item('type').locator('.ant-select'), '汇总字段');
    await editor.locator('#custom_field_zh').fill('合计数量');
    await editor.locator('#custom_field_en').fill('Total quantity');
    await chooseOption(page, item('of').locator('.ant-select'), '报价明细');
    await chooseOption(page, item('field').locator('.ant-select'), '数量');
    await item('resultType').getByText('小数').waitFor();
    await screenshot(page, '70-designer-rollup-field');

    await page.getByTestId('field-save').click();
    const plan = page.getByTestId('schema-plan');
    await plan.getByTestId('plan-step-compute_formula').waitFor();
    await screenshot(page, '71-designer-rollup-plan');
    await page.getByTestId('plan-apply').click();
    await designer.getByTestId('field-quantity_total').getByText('汇总字段').waitFor();

    const stored = (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'quote').fields.quantity_total;
    assert.deepEqual(stored, { type: 'rollup', labels: { 'zh-CN': '合计数量', en: 'Total quantity' }, of: 'lines', aggregate: 'sum', field: 'quantity', resultType: 'decimal' });
    assert.equal(Number((await api(url, admin, 'GET', `/api/records/quote/${quote.id}`)).quantity_total), total);

    await page.goto(`${url}/#/record/quote/${quote.id}`);
    const record = page.getByTestId('record-quote').filter({ visible: true });
    await record.getByText('合计数量').first().waitFor();
    await record.getByText(String(total), { exact: true }).first().waitFor();
    await screenshot(page, '72-quote-rollup-value');
  });

  it('changes a shipped attachment field\'s limits through its override, the plan checking the uploaded files', async () => {
    const { page } = b;
    await openMenu(page, '实体设计');
    const designer = page.getByTestId('custom-fields-page');
    await chooseOption(page, designer.locator('.entity-picker'), '合同');
    await designer.getByTestId('field-attachments').getByTestId('field-edit').click();
    const editor = page.getByTestId('field-editor');
    const maxFiles = editor.locator('#custom_field_maxFiles');
    await maxFiles.fill('10');
    await screenshot(page, '73-designer-attachment-override');
    await page.getByTestId('field-save').click();
    await page.getByTestId('schema-plan').getByTestId('plan-step-narrow_max_files').getByText('减少最多文件数').waitFor();
    await page.getByTestId('plan-apply').click();
    await editor.waitFor({ state: 'detached' });
    const doc = (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'contract');
    assert.equal(doc.overrides.attachments.maxFiles, 10);
    assert.equal('accept' in doc.overrides.attachments, false, 'unchanged shipped settings are not copied into the override');
  });
});
