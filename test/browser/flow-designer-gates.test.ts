// An administrator edits the contract approval as a whole and one of its actions: in 流程属性 the flow is renamed and
// made to govern every contract but 框架协议 (适用条件, built as a row of the condition builder); on 提交审批 a gate
// now wants 合同附件 and a condition with its message (left empty at first: the server refuses it at that box), and
// 谁可以执行 becomes a condition built as 负责人 = 当前用户. Published, the definition holds exactly that and the
// engine follows it over HTTP: sales1's contract without a file is refused naming 合同附件, the admin (not its owner)
// may not submit it, a 框架协议 contract follows no flow, and with the file uploaded sales1 submits it.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser.ts';
import { api, apiLogin, chooseOption, openMenu, restoreShippedFlow, suiteBrowser } from './support/web-app.ts';

const FLOW = 'contract_approval';
const NAME = '设计器测试 门槛合同';

describe('browser: flow designer edits the flow properties, a gate and a who condition', function () {
  this.timeout(300_000);
  const s = suiteBrowser({ username: 'admin', width: 1440, height: 1100 });
  let admin: string;
  let sales1: string;

  const edge = (page: Page, text: string) => page.getByTestId('flow-diagram').locator('.react-flow__edge-text').filter({ hasText: text }).first();
  /** The API's refusal of a request, as its status and body (the shared helper throws them as one message). */
  const refusal = async (token: string, method: string, path: string, body?: unknown) => {
    const e = await api(s.url, token, method, path, body).then(() => undefined, (err: Error) => err);
    assert.ok(e, `${method} ${path} is refused`);
    const m = /: (\d{3}) (.*)$/s.exec(e.message)!;
    return { status: Number(m[1]), body: JSON.parse(m[2]!) as { error: { code: string; details: { path: string; message: string }[] } } };
  };

  before(async () => {
    admin = await apiLogin(s.url, 'admin');
    sales1 = await apiLogin(s.url, 'sales1');
  });
  after(async () => {
    await restoreShippedFlow(s.url, admin, FLOW);
  });

  it('renames the flow, sets 适用条件, adds a gate and a who condition; published, contracts follow them', async () => {
    const { page } = s;
    await openMenu(page, '流程设计');
    await page.getByTestId(`flow-${FLOW}`).getByTestId('flow-open').click();

    // 流程属性: names, and 适用条件 built as 合同类型 不等于 框架协议.
    await page.getByTestId('flow-canvas-props').click();
    const props = page.getByTestId('flow-props-editor');
    assert.equal(await props.getByTestId('flow-props-labels-zh').inputValue(), '合同审批');
    await props.getByTestId('flow-props-labels-zh').fill('合同审批(须附合同)');
    await props.getByTestId('flow-props-applies').getByText('无条件:此业务对象的所有记录都走此流程').waitFor();
    await props.getByTestId('flow-props-applies').getByTestId('rule-add-row').click();
    const applies = props.getByTestId('flow-props-applies').getByTestId('rule-row');
    await chooseOption(page, applies.locator('.rule-field'), '合同类型');
    await chooseOption(page, applies.locator('.rule-op'), '不等于');
    await chooseOption(page, applies.locator('.rule-value'), '框架协议');
    await screenshot(page, '74a-flow-properties');

    // 提交审批: 谁可以执行 built as 负责人 = 当前用户 (the default row removed and built again).
    await edge(page, '提交审批').dispatchEvent('click');
    await page.getByTestId('flow-panel').getByText('动作:提交审批').waitFor();
    await chooseOption(page, page.getByTestId('flow-who-mode'), '按条件');
    const who = page.getByTestId('flow-who-condition');
    await who.getByTestId('rule-row').getByRole('button', { name: '删除条件' }).click();
    await who.getByText('无条件:有编辑权限的人都可以执行').waitFor();
    await who.getByTestId('rule-add-row').click();
    await chooseOption(page, who.getByTestId('rule-row').locator('.rule-field'), '负责人');
    await who.getByTestId('rule-row').getByRole('button', { name: '当前用户' }).click();
    await who.getByTestId('rule-row').locator('.rule-value-clock').getByText('当前用户').waitFor();
    await who.scrollIntoViewIfNeeded();
    await screenshot(page, '74b-flow-who-condition');

    // 执行前必须满足: 合同附件 (the entity's only attachment field) and a condition whose message is left empty.
    const gates = page.getByTestId('flow-gates');
    await gates.getByTestId('flow-gate-add-document').click();
    await gates.getByTestId('flow-gate-document-field').getByText('合同附件').waitFor();
    await gates.getByTestId('flow-gate-add-condition').click();
    const condition = gates.getByTestId('flow-gate-condition');
    await chooseOption(page, condition.getByTestId('rule-row').locator('.rule-field'), '合同金额(含税)');
    await chooseOption(page, condition.getByTestId('rule-row').locator('.rule-op'), '大于');
    await condition.getByTestId('rule-row').locator('.rule-value input').fill('0');
    await page.getByTestId('flow-publish').click();
    await condition.getByTestId('flow-gate-message-problems').waitFor();
    assert.equal(await condition.getByTestId('flow-gate-message-problems').locator('span').count(), 1, 'said once for both boxes');
    assert.match((await condition.getByTestId('flow-gate-message-zh').getAttribute('class')) ?? '', /ant-input-status-error/);
    await condition.scrollIntoViewIfNeeded();
    await screenshot(page, '74c-flow-gate-message-refused');
    await condition.getByTestId('flow-gate-message-zh').fill('合同金额须大于 0');
    assert.equal(await condition.getByTestId('flow-gate-message-en').inputValue(), '合同金额须大于 0', 'the other language follows until written');
    await condition.getByTestId('flow-gate-message-en').fill('The amount must be above 0');
    await gates.scrollIntoViewIfNeeded();
    await screenshot(page, '74d-flow-gate');

    await page.getByTestId('flow-publish').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认发布' }).click();
    await page.getByText('已发布,新版本立即生效').waitFor();

    // What was published is what the panels showed.
    const flow = (await api(s.url, admin, 'GET', `/api/admin/workflows/${FLOW}/versions`)).definition;
    assert.deepEqual(flow.labels, { 'zh-CN': '合同审批(须附合同)', en: 'Contract approval' });
    assert.deepEqual(flow.appliesWhen, { '!=': [{ var: 'contract_type' }, 'framework'] });
    const submit = flow.transitions.find((t: { action: string }) => t.action === 'submit');
    assert.deepEqual(submit.who, { condition: { '==': [{ var: 'owner' }, { var: '$user.id' }] } });
    assert.deepEqual(submit.requires, {
      documents: [{ field: 'attachments' }],
      conditions: [{ rule: { '>': [{ var: 'amount' }, 0] }, message: { 'zh-CN': '合同金额须大于 0', en: 'The amount must be above 0' } }],
    });

    // The engine follows it: a contract without its file is refused naming 合同附件 …
    const customer = (await api(s.url, sales1, 'GET', '/api/records/customer?limit=1')).data[0].id;
    const contract = await api(s.url, sales1, 'POST', '/api/records/contract', { name: NAME, customer, amount: 120000, contract_type: 'equipment' });
    const missing = await refusal(sales1, 'POST', `/api/records/contract/${contract.id}/actions/submit?lang=zh-CN`, {});
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body.error.details.map((d) => d.path), ['/attachments']);
    assert.match(missing.body.error.details[0]!.message, /合同附件/);
    // … the admin, who may edit it but is not its owner, may not submit it …
    assert.equal((await refusal(admin, 'POST', `/api/records/contract/${contract.id}/actions/submit`, {})).status, 403);
    // … a 框架协议 contract follows no flow …
    const framework = await api(s.url, sales1, 'POST', '/api/records/contract', { name: `${NAME} 框架`, customer, amount: 50000, contract_type: 'framework' });
    assert.equal((await refusal(sales1, 'GET', `/api/records/contract/${framework.id}/workflow`)).status, 404, 'no flow governs it');
    // … and with the signed contract uploaded, its owner submits it.
    const r = await fetch(`${s.url}/api/records/contract/${contract.id}/files/attachments`, { method: 'POST', headers: { authorization: `Bearer ${sales1}`, 'content-type': 'application/pdf', 'x-file-name': 'contract.pdf' }, body: '%PDF-1.4 signed' });
    assert.equal(r.status, 201, await r.text());
    await api(s.url, sales1, 'POST', `/api/records/contract/${contract.id}/actions/submit`, {});
    assert.equal((await api(s.url, sales1, 'GET', `/api/records/contract/${contract.id}`)).status, 'in_approval');
  });
});
